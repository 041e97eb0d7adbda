package scenario

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlProblem strips the library's "yaml: line N:" prefix, whose line is
// not always right and which has no column.
func yamlProblem(err error) (string, int) {
	s := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(s); m != nil {
		line, _ = strconv.Atoi(m[1])
		s = s[len(m[0]):]
	}
	return strings.TrimPrefix(s, "yaml: "), line
}

// firstError parses every document in b and returns the first error.
func firstError(b []byte) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// Limits on locating a syntax error by re-parsing prefixes.
const (
	locateMaxLines = 2000
	locateMaxBytes = 64 << 10
	locateMaxLine  = 400 // characters of one line scanned for the column
)

// syntaxError positions a YAML syntax error. The YAML library reports
// lines inconsistently and no columns, so the position is found by
// parsing ever longer prefixes of the file: the first line, and then the
// first character of it, at which the same error appears.
func syntaxError(data []byte, err error) (line, col int, msg string) {
	msg, reported := yamlProblem(err)
	line, col = max(reported, 1), 1
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) <= locateMaxLines && len(data) <= locateMaxBytes {
		same := func(b []byte) bool {
			e := firstError(b)
			if e == nil {
				return false
			}
			m, _ := yamlProblem(e)
			return m == msg
		}
		found := false
		off := 0
		for k, l := range lines {
			if same(data[:off+len(l)]) {
				line, found = k+1, true
				break
			}
			off += len(l)
		}
		if found {
			text := lines[line-1]
			col = firstColumn(text)
			n := 0
			for i := 0; i < len(text) && n < locateMaxLine; n++ {
				_, size := utf8.DecodeRune(text[i:])
				i += size
				if same(data[:off+i]) {
					col = n + 1
					break
				}
			}
		}
	}
	line = min(line, max(len(lines), 1))
	if line-1 < len(lines) && line >= 1 {
		text := lines[line-1]
		if i := bytes.IndexByte(text, '\t'); i >= 0 && len(bytes.TrimLeft(text[:i], " ")) == 0 {
			msg += " (YAML indents with spaces, not tabs)"
		}
	}
	return line, col, "YAML syntax error: " + msg
}

// firstColumn is the 1-based column of a line's first non-blank character.
func firstColumn(line []byte) int {
	n := 1
	for _, r := range string(line) {
		if r != ' ' && r != '\t' {
			return n
		}
		n++
	}
	return 1
}
