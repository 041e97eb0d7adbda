package openehrload

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// ehr is one line of openehr/ehrs/<part>.ndjson.
type ehr struct {
	ID           string          `json:"ehr_id"`
	Compositions int             `json:"compositions"`
	File         string          `json:"file"` // relative to the dataset root
	Status       json.RawMessage `json:"ehr_status"`
}

var uuidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// readEHRs reads every EHR line, parts in name order.
func readEHRs(root string) ([]ehr, error) {
	files, err := filepath.Glob(filepath.Join(root, "ehrs", "*.ndjson"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []ehr
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for i, line := range bytes.Split(bytes.TrimRight(data, "\n"), []byte("\n")) {
			var e ehr
			if err := json.Unmarshal(line, &e); err != nil || !uuidRe.MatchString(e.ID) || len(e.Status) == 0 {
				return nil, fmt.Errorf("%w: %s:%d is not a cohortgen EHR line", ErrNoOpenEHR, f, i+1)
			}
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s/ehrs holds no EHR", ErrNoOpenEHR, root)
	}
	return out, nil
}

// compositionsOf reads an EHR's compositions file, one composition a line.
func compositionsOf(root string, e ehr) ([][]byte, error) {
	if e.Compositions == 0 {
		return nil, nil
	}
	// The file is relative to the dataset root, which is root's parent.
	f, err := os.Open(filepath.Join(filepath.Dir(root), filepath.FromSlash(e.File)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 256<<20)
	for sc.Scan() {
		out = append(out, bytes.Clone(sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) != e.Compositions {
		return nil, fmt.Errorf("%s: %d compositions, the EHR line says %d", e.File, len(out), e.Compositions)
	}
	return out, nil
}

// uidPrefix is how every cohortgen composition starts its uid, after the
// fixed opening: `"uid":{"_type":"OBJECT_VERSION_ID","value":"<uuid>::<system>::1"}`.
const uidKey = `"uid":{"_type":"OBJECT_VERSION_ID","value":"`

// compositionUID finds a composition's uuid and, when systemID is set,
// returns the composition with its uid's system id replaced.
func compositionUID(c []byte, systemID string) (string, []byte, error) {
	i := bytes.Index(c, []byte(uidKey))
	if i < 0 {
		return "", nil, fmt.Errorf("composition without a uid")
	}
	start := i + len(uidKey)
	end := bytes.IndexByte(c[start:], '"')
	if end < 0 {
		return "", nil, fmt.Errorf("composition uid not closed")
	}
	uid := string(c[start : start+end])
	parts := strings.Split(uid, "::")
	if len(parts) != 3 || !uuidRe.MatchString(parts[0]) {
		return "", nil, fmt.Errorf("composition uid %q is not <uuid>::<system>::<version>", uid)
	}
	if systemID == "" || parts[1] == systemID {
		return parts[0], c, nil
	}
	out := make([]byte, 0, len(c)+len(systemID))
	out = append(out, c[:start]...)
	out = append(out, parts[0]+"::"+systemID+"::"+parts[2]...)
	return parts[0], append(out, c[start+end:]...), nil
}

// templates uploads the dataset's templates that the server lacks (have:
// the ids the preflight found on it).
func (l *loader) templates(ctx context.Context, root string, have map[string]bool, stderr io.Writer) error {
	files, err := filepath.Glob(filepath.Join(root, "templates", "*.opt"))
	if err != nil || len(files) == 0 {
		fmt.Fprintf(stderr, "no templates in %s/templates: assuming the server has them\n", root)
		return err
	}
	for _, f := range files {
		opt, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		m := templateIDRe.FindSubmatch(opt)
		if m == nil {
			return fmt.Errorf("%s has no template_id", f)
		}
		if have[string(m[1])] {
			l.add(func(s *Summary) { s.TemplatesPresent++ })
			continue
		}
		status, err := l.do(ctx, http.MethodPost, "/definition/template/adl1.4", "application/xml", opt, http.StatusCreated, http.StatusOK, http.StatusNoContent, http.StatusConflict)
		if err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(f), err)
		}
		if status == http.StatusConflict {
			l.add(func(s *Summary) { s.TemplatesPresent++ })
		} else {
			l.add(func(s *Summary) { s.TemplatesUploaded++ })
		}
	}
	return nil
}

var templateIDRe = regexp.MustCompile(`<template_id>\s*<value>([^<]+)</value>`)
