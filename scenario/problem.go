package scenario

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a scenario file, at a position.
type Problem struct {
	File   string
	Line   int // 1-based
	Column int // 1-based
	// Path is the field the problem is about, e.g. "cohorts[0].has[1]";
	// empty for problems with the file as a whole (YAML syntax).
	Path    string
	Message string
	// Warning marks something the file asks for that the model will give
	// only in part (a narrower age range than written, say): the file is
	// valid and generates, but not quite as the author may expect.
	Warning bool
}

// String formats the problem as file:line:column: path: message.
func (p Problem) String() string {
	msg := p.Message
	if p.Warning {
		msg = "warning: " + msg
	}
	if p.Path == "" {
		return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Line, p.Column, msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", p.File, p.Line, p.Column, p.Path, msg)
}

// Problems is every problem found in a scenario file, in file order. It is
// the error Parse returns.
type Problems []Problem

// Error lists the problems one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems by position, keeping the order in which
// problems at one position were found.
func sortProblems(ps []Problem) {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].Line != ps[j].Line {
			return ps[i].Line < ps[j].Line
		}
		return ps[i].Column < ps[j].Column
	})
}
