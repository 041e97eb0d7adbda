package fhirload

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// loadOrder is the order NDJSON types are loaded in, so that every reference
// points at a type already loaded. It matches cohortgen's resources, where
// only Encounter refers to Condition (never the other way round); types not
// listed load last, in name order.
var loadOrder = []string{"Organization", "Location", "Practitioner", "PractitionerRole", "Patient", "Condition",
	"Encounter", "Procedure", "AllergyIntolerance", "Immunization", "Medication", "MedicationRequest", "Observation"}

func typeRank(typ string) int {
	for i, t := range loadOrder {
		if t == typ {
			return i
		}
	}
	return len(loadOrder)
}

// unit is one piece of work: a Bundle file, or a run of NDJSON lines. It is
// done when every transaction built from it has succeeded.
type unit struct {
	name   string // for messages and the state file's fingerprint
	phase  int    // units of a phase all finish before the next phase starts
	path   string
	off    int64 // NDJSON: byte range of the lines
	size   int64
	lines  int
	shared bool    // practice-level resources: loaded first, by one worker
	items  []entry // shared resources taken out of the Bundles, held in memory
}

// entry is one resource to load.
type entry struct {
	typ, id  string
	fullURL  string
	method   string
	url      string
	resource json.RawMessage
}

// request is one transaction to post: its body and the type of each entry,
// in order, to attribute the response's entry statuses.
type request struct {
	body  []byte
	types []string
}

// findUnits lists the work under dir for format "bundle", "ndjson" or
// "auto". Bundles are read from dir/bundles (or dir itself when it has no
// bundles folder), NDJSON from dir/fhir (or dir). "auto" picks Bundles when
// dir/bundles exists, else NDJSON when dir/fhir exists, else whatever dir
// itself holds.
func findUnits(dir, format string, bundleSize int) (string, []unit, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return "", nil, err
	}
	if !st.IsDir() {
		return "", nil, fmt.Errorf("%s is not a folder", dir)
	}
	isDir := func(p string) bool { st, err := os.Stat(p); return err == nil && st.IsDir() }
	list := func(root, suffix string) ([]string, error) {
		var out []string
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && path != root {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), suffix) {
				out = append(out, path)
			}
			return nil
		})
		return out, err
	}
	bundleRoot, ndjsonRoot := dir, dir
	if isDir(filepath.Join(dir, "bundles")) {
		bundleRoot = filepath.Join(dir, "bundles")
	}
	if isDir(filepath.Join(dir, "fhir")) {
		ndjsonRoot = filepath.Join(dir, "fhir")
	}
	// The top of a cohortgen dataset holds manifest.json and the Parquet
	// or Arrow folders, never FHIR: only its bundles/ and fhir/ are loaded.
	if formats, ok := datasetFormats(dir); ok {
		switch {
		case bundleRoot == dir && ndjsonRoot == dir:
			return "", nil, noFHIR(dir, formats, "")
		case format == "bundle" && bundleRoot == dir:
			return "", nil, noFHIR(dir, formats, "bundle")
		case format == "ndjson" && ndjsonRoot == dir:
			return "", nil, noFHIR(dir, formats, "ndjson")
		}
	}
	if format == "" || format == "auto" {
		switch {
		case bundleRoot != dir:
			format = "bundle"
		case ndjsonRoot != dir:
			format = "ndjson"
		default:
			if nd, _ := list(dir, ".ndjson"); len(nd) > 0 {
				format = "ndjson"
			} else {
				format = "bundle"
			}
		}
	}
	var jsonFiles, ndjsonFiles []string
	switch format {
	case "bundle":
		jsonFiles, err = list(bundleRoot, ".json")
	case "ndjson":
		ndjsonFiles, err = list(ndjsonRoot, ".ndjson")
	}
	if err != nil {
		return "", nil, err
	}
	rel := func(p string) string {
		r, err := filepath.Rel(dir, p)
		if err != nil {
			return p
		}
		return filepath.ToSlash(r)
	}
	var units []unit
	switch format {
	case "bundle":
		sort.Strings(jsonFiles)
		for _, p := range jsonFiles {
			units = append(units, unit{name: rel(p), path: p})
		}
	case "ndjson":
		type file struct {
			path, typ string
		}
		var files []file
		for _, p := range ndjsonFiles {
			typ, _, _ := strings.Cut(filepath.Base(p), ".")
			files = append(files, file{p, typ})
		}
		sort.Slice(files, func(i, j int) bool {
			ri, rj := typeRank(files[i].typ), typeRank(files[j].typ)
			if ri != rj {
				return ri < rj
			}
			if files[i].typ != files[j].typ {
				return files[i].typ < files[j].typ
			}
			return files[i].path < files[j].path
		})
		phase := -1
		lastType := ""
		for _, f := range files {
			if f.typ != lastType {
				phase++
				lastType = f.typ
			}
			us, err := splitNDJSON(f.path, rel(f.path), phase, bundleSize)
			if err != nil {
				return "", nil, err
			}
			for i := range us {
				us[i].shared = sharedTypes[f.typ]
			}
			units = append(units, us...)
		}
	default:
		return "", nil, fmt.Errorf("unknown format %q (want bundle, ndjson or auto)", format)
	}
	if len(units) == 0 {
		return "", nil, fmt.Errorf("%w: no %s files under %s (looked for bundles/**/*.json or fhir/*.ndjson)", errNoUnits, format, dir)
	}
	return format, units, nil
}

// splitNDJSON cuts an NDJSON file into units of n non-empty lines.
func splitNDJSON(path, name string, phase, n int) ([]unit, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var units []unit
	buf := make([]byte, 1<<20)
	var pos, start int64
	lines, lineNo, firstLine := 0, 0, 1
	lineStart := true
	blank := true
	flush := func(end int64) {
		if lines > 0 {
			units = append(units, unit{
				name:  fmt.Sprintf("%s:%d-%d", name, firstLine, lineNo),
				phase: phase, path: path, off: start, size: end - start, lines: lines,
			})
		}
		start, lines, firstLine = end, 0, lineNo+1
	}
	for {
		k, err := f.Read(buf)
		for _, c := range buf[:k] {
			pos++
			if lineStart {
				lineStart, blank = false, true
			}
			if c == '\n' {
				lineNo++
				lineStart = true
				if !blank {
					lines++
					if lines == n {
						flush(pos)
					}
				}
			} else if c != ' ' && c != '\r' && c != '\t' {
				blank = false
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if !lineStart && !blank {
		lineNo++
		lines++
	}
	flush(pos)
	return units, nil
}

// ndjsonRequests reads a unit's lines and makes one PUT transaction of them.
func ndjsonRequests(u unit) ([]request, []entry, error) {
	f, err := os.Open(u.path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data := make([]byte, u.size)
	if _, err := f.ReadAt(data, u.off); err != nil {
		return nil, nil, err
	}
	var entries []entry
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var head struct {
			ResourceType string `json:"resourceType"`
			ID           string `json:"id"`
		}
		if err := json.Unmarshal(line, &head); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", u.name, err)
		}
		if head.ResourceType == "" || head.ID == "" {
			return nil, nil, fmt.Errorf("%s: a resource without resourceType or id cannot be loaded idempotently", u.name)
		}
		entries = append(entries, entry{typ: head.ResourceType, id: head.ID, method: "PUT",
			url: head.ResourceType + "/" + head.ID, resource: json.RawMessage(line)})
	}
	return []request{buildTransaction(entries)}, entries, nil
}

type bundleFile struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Entry        []struct {
		FullURL  string          `json:"fullUrl"`
		Resource json.RawMessage `json:"resource"`
		Request  struct {
			Method string `json:"method"`
			URL    string `json:"url"`
		} `json:"request"`
	} `json:"entry"`
}

// parseBundle reads a transaction or batch Bundle file: its bytes and its
// entries.
func parseBundle(u unit) ([]byte, []entry, error) {
	data, err := os.ReadFile(u.path)
	if err != nil {
		return nil, nil, err
	}
	var b bundleFile
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", u.name, err)
	}
	if b.ResourceType != "Bundle" || (b.Type != "transaction" && b.Type != "batch") {
		return nil, nil, fmt.Errorf("%s: not a transaction or batch Bundle", u.name)
	}
	entries := make([]entry, len(b.Entry))
	for i, e := range b.Entry {
		var head struct {
			ResourceType string `json:"resourceType"`
			ID           string `json:"id"`
		}
		if len(e.Resource) > 0 {
			if err := json.Unmarshal(e.Resource, &head); err != nil {
				return nil, nil, fmt.Errorf("%s#entry[%d]: %w", u.name, i, err)
			}
		}
		typ := head.ResourceType
		if typ == "" {
			typ, _, _ = strings.Cut(e.Request.URL, "/")
			typ, _, _ = strings.Cut(typ, "?")
		}
		entries[i] = entry{typ: typ, id: head.ID, fullURL: e.FullURL, method: e.Request.Method, url: e.Request.URL, resource: e.Resource}
	}
	return data, entries, nil
}

// bundleRequests reads a Bundle file and takes out the entries that the
// shared set (loaded before) holds, pointing references to them at
// Type/id. With size 0, or at most size entries left, it is one
// transaction (the file's own bytes when nothing was taken out). A bigger
// one is split into transactions of at most size entries, in load order,
// with its urn:uuid references rewritten to Type/id (which needs every
// entry to be a PUT with the resource's id, as cohortgen writes them).
func bundleRequests(u unit, size int, sh *sharedSet) ([]request, error) {
	data, entries, err := parseBundle(u)
	if err != nil {
		return nil, err
	}
	if kept, removed := sh.remove(entries); removed {
		if len(kept) == 0 {
			return nil, nil
		}
		entries, data = kept, nil
	}
	if size <= 0 || len(entries) <= size {
		if data == nil {
			return []request{buildTransaction(entries)}, nil
		}
		types := make([]string, len(entries))
		for i, e := range entries {
			types[i] = e.typ
		}
		return []request{{body: data, types: types}}, nil
	}
	refs := map[string]string{}
	for i, e := range entries {
		if e.method != "PUT" || e.id == "" || e.url != e.typ+"/"+e.id {
			return nil, fmt.Errorf("%s#entry[%d]: %s %s: only a Bundle of PUTs to Type/id can be split (use --bundle-size 0)", u.name, i, e.method, e.url)
		}
		if e.fullURL != "" {
			refs[e.fullURL] = e.url
		}
	}
	for i := range entries {
		entries[i].resource = rewriteRefs(entries[i].resource, refs)
		entries[i].fullURL = ""
	}
	sort.SliceStable(entries, func(i, j int) bool { return typeRank(entries[i].typ) < typeRank(entries[j].typ) })
	var reqs []request
	for len(entries) > 0 {
		n := min(size, len(entries))
		reqs = append(reqs, buildTransaction(entries[:n]))
		entries = entries[n:]
	}
	return reqs, nil
}

// rewriteRefs replaces every JSON string "urn:uuid:…" that is a key of refs.
func rewriteRefs(res []byte, refs map[string]string) []byte {
	const pat = `"urn:uuid:`
	if !bytes.Contains(res, []byte(pat)) {
		return res
	}
	out := make([]byte, 0, len(res))
	for {
		i := bytes.Index(res, []byte(pat))
		if i < 0 {
			return append(out, res...)
		}
		j := bytes.IndexByte(res[i+1:], '"')
		if j < 0 {
			return append(out, res...)
		}
		val := res[i+1 : i+1+j]
		out = append(out, res[:i]...)
		if to, ok := refs[string(val)]; ok {
			out = append(out, '"')
			out = append(out, to...)
			out = append(out, '"')
		} else {
			out = append(out, res[i:i+j+2]...)
		}
		res = res[i+j+2:]
	}
}

// buildTransaction makes a transaction Bundle of the entries.
func buildTransaction(entries []entry) request {
	n := 64
	for _, e := range entries {
		n += len(e.resource) + len(e.url) + len(e.fullURL) + 64
	}
	b := make([]byte, 0, n)
	b = append(b, `{"resourceType":"Bundle","type":"transaction","entry":[`...)
	types := make([]string, len(entries))
	for i, e := range entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		if e.fullURL != "" {
			b = append(b, `"fullUrl":`...)
			b = appendJSONString(b, e.fullURL)
			b = append(b, ',')
		}
		b = append(b, `"resource":`...)
		b = append(b, e.resource...)
		b = append(b, `,"request":{"method":`...)
		b = appendJSONString(b, e.method)
		b = append(b, `,"url":`...)
		b = appendJSONString(b, e.url)
		b = append(b, `}}`...)
		types[i] = e.typ
	}
	b = append(b, "]}"...)
	return request{body: b, types: types}
}

func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s)
	return append(b, q...)
}

var errNoUnits = errors.New("nothing to load")
