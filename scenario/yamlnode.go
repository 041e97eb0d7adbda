package scenario

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// val is a YAML value being decoded: its node (aliases followed), the node
// of the key that named it (nil for list items and the document), and its
// field path.
type val struct {
	n    *yaml.Node
	key  *yaml.Node
	path string
}

// at returns the node to report a problem about v at: the value, or the key
// when there is no value to point at.
func (v val) at() *yaml.Node {
	if v.n != nil && v.n.Line > 0 {
		return v.n
	}
	return v.key
}

func (v val) isNull() bool {
	return v.n == nil || (v.n.Kind == yaml.ScalarNode && v.n.Tag == "!!null")
}

func (v val) child(name string) string {
	if v.path == "" {
		return name
	}
	return v.path + "." + name
}

func (v val) index(i int) string { return fmt.Sprintf("%s[%d]", v.path, i) }

// maxAliasDepth bounds alias and merge-key chains, so that a file whose
// anchors refer to themselves cannot loop.
const maxAliasDepth = 32

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxAliasDepth; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// problem records a problem at a node.
func (d *decoder) problem(n *yaml.Node, path, format string, a ...any) {
	line, col := 1, 1
	if n != nil && n.Line > 0 {
		line, col = n.Line, max(n.Column, 1)
	}
	d.probs = append(d.probs, Problem{File: d.file, Line: line, Column: col, Path: path, Message: fmt.Sprintf(format, a...)})
}

// warnf records a warning (Problem.Warning) at v.
func (d *decoder) warnf(v val, format string, a ...any) {
	line, col := 1, 1
	if n := v.at(); n != nil && n.Line > 0 {
		line, col = n.Line, max(n.Column, 1)
	}
	d.warns = append(d.warns, Problem{File: d.file, Line: line, Column: col, Path: v.path, Message: fmt.Sprintf(format, a...), Warning: true})
}

func (d *decoder) errorf(v val, format string, a ...any) {
	d.problem(v.at(), v.path, format, a...)
}

// describe names what a node holds, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	switch {
	case n == nil:
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping (key: value lines)"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return "nothing"
	case n.Kind == yaml.ScalarNode:
		return strconv.Quote(n.Value)
	}
	return "an unsupported YAML value"
}

// fields is a decoded mapping: each key once, in file order.
type fields struct {
	v     val
	byKey map[string]val
	order []string
}

func (f fields) get(name string) (val, bool) {
	v, ok := f.byKey[name]
	return v, ok
}

func (f fields) has(name string) bool {
	_, ok := f.byKey[name]
	return ok
}

// mapping decodes v as a mapping whose keys must be among allowed. Unknown
// keys are reported with a suggestion (synonyms maps words authors might use
// to the field meant). A null value is an empty mapping. ok is false when v
// is not a mapping at all.
func (d *decoder) mapping(v val, what string, allowed []string, synonyms map[string]string) (fields, bool) {
	f := fields{v: v, byKey: map[string]val{}}
	if v.isNull() {
		return f, true
	}
	if v.n.Kind != yaml.MappingNode {
		d.errorf(v, "%s must be a mapping of %s, got %s", what, strings.Join(quoteAll(allowed), ", "), describe(v.n))
		return f, false
	}
	known := map[string]bool{}
	for _, a := range allowed {
		known[a] = true
	}
	firstAt := map[string]*yaml.Node{}
	merged := map[*yaml.Node]bool{v.n: true} // a mapping merged twice adds nothing
	var add func(m *yaml.Node, merged bool, depth int)
	add = func(m *yaml.Node, isMerged bool, depth int) {
		if !d.spend(v, len(m.Content)/2) {
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			k, raw := m.Content[i], m.Content[i+1]
			if k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge" {
				d.merge(v, k, raw, depth, merged, add)
				continue
			}
			kd := deref(k)
			if kd == nil || kd.Kind != yaml.ScalarNode || kd.Tag == "!!null" {
				d.problem(k, v.path, "a key must be a plain word, got %s", describe(kd))
				continue
			}
			name := kd.Value
			path := v.child(name)
			if v.path == "" && strings.HasPrefix(name, "x-") {
				continue // top-level x- keys hold YAML anchors to share
			}
			if !known[name] {
				d.problem(k, path, "unknown field %q%s; in %s the fields are %s", name, didYouMean(suggestField(name, allowed, synonyms)), what, listWords(allowed, false))
				continue
			}
			if prev, dup := firstAt[name]; dup {
				if !isMerged {
					d.problem(k, path, "%q is given twice (first on line %d)", name, prev.Line)
				}
				continue
			}
			firstAt[name] = k
			f.byKey[name] = val{n: deref(raw), key: k, path: path}
			f.order = append(f.order, name)
		}
	}
	add(v.n, false, 0)
	return f, true
}

// merge applies a YAML merge key (<<: *anchor or <<: [*a, *b]): the merged
// mappings' keys count as if written here, unless written here too.
func (d *decoder) merge(v val, k, raw *yaml.Node, depth int, done map[*yaml.Node]bool, add func(*yaml.Node, bool, int)) {
	if depth >= maxAliasDepth {
		d.problem(k, v.path, "merge keys (<<) nest too deeply")
		return
	}
	src := deref(raw)
	var maps []*yaml.Node
	switch {
	case src != nil && src.Kind == yaml.MappingNode:
		maps = []*yaml.Node{src}
	case src != nil && src.Kind == yaml.SequenceNode:
		for _, item := range src.Content {
			if m := deref(item); m != nil && m.Kind == yaml.MappingNode {
				maps = append(maps, m)
			} else {
				d.problem(item, v.path, "a merge key (<<) takes mappings, got %s", describe(m))
			}
		}
	default:
		d.problem(k, v.path, "a merge key (<<) takes a mapping, got %s", describe(src))
	}
	// Own keys were not seen yet when the merge key comes first; YAML says
	// own keys win whatever their order, so merged keys are added last.
	own := map[string]bool{}
	for i := 0; i+1 < len(v.n.Content); i += 2 {
		if kd := deref(v.n.Content[i]); kd != nil && kd.Kind == yaml.ScalarNode {
			own[kd.Value] = true
		}
	}
	for _, m := range maps {
		if done[m] {
			continue
		}
		done[m] = true
		filtered := &yaml.Node{Kind: yaml.MappingNode, Line: m.Line, Column: m.Column}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if kd := deref(m.Content[i]); kd != nil && kd.Kind == yaml.ScalarNode && own[kd.Value] && kd.Tag != "!!merge" {
				continue
			}
			filtered.Content = append(filtered.Content, m.Content[i], m.Content[i+1])
		}
		add(filtered, true, depth+1)
	}
}

// require reports a missing field.
func (d *decoder) require(f fields, name, what string) (val, bool) {
	v, ok := f.get(name)
	if !ok {
		d.problem(f.v.at(), f.v.path, "%s needs %q", what, name)
	}
	return v, ok
}

// scalar returns v's text, reporting anything but a non-null scalar.
func (d *decoder) scalar(v val, want string) (string, bool) {
	if v.n == nil || v.n.Kind != yaml.ScalarNode || v.n.Tag == "!!null" {
		d.errorf(v, "want %s, got %s", want, describe(v.n))
		return "", false
	}
	return v.n.Value, true
}

func (d *decoder) str(v val, want string) (string, bool) {
	s, ok := d.scalar(v, want)
	if ok && strings.TrimSpace(s) == "" {
		d.errorf(v, "want %s, got an empty string", want)
		return "", false
	}
	return strings.TrimSpace(s), ok
}

// integer decodes a whole number in [lo, hi]. Underscores between digits
// (2_000) are allowed.
func (d *decoder) integer(v val, lo, hi int64) (int64, bool) {
	s, ok := d.scalar(v, "a whole number")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
	if err != nil {
		hint := ""
		if strings.Contains(s, ",") {
			hint = " (write numbers without commas)"
		}
		d.errorf(v, "want a whole number, got %q%s", s, hint)
		return 0, false
	}
	switch {
	case n < lo:
		d.errorf(v, "must be %d or more, got %d", lo, n)
		return 0, false
	case n > hi:
		d.errorf(v, "must be %d or less, got %d", hi, n)
		return 0, false
	}
	return n, true
}

// number decodes a finite decimal number; a trailing % is allowed when
// percent is set.
func (d *decoder) number(v val, percent bool) (float64, bool) {
	want := "a number"
	if percent {
		want = "a percentage such as 12.5 or 12.5%"
	}
	s, ok := d.scalar(v, want)
	if !ok {
		return 0, false
	}
	t := strings.TrimSpace(s)
	if percent {
		t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	}
	x, err := strconv.ParseFloat(strings.ReplaceAll(t, "_", ""), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || strings.ContainsAny(t, "xXpP") {
		d.errorf(v, "want %s, got %q", want, s)
		return 0, false
	}
	return x, true
}

func (d *decoder) boolean(v val) (bool, bool) {
	s, ok := d.scalar(v, "true or false")
	if !ok {
		return false, false
	}
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	d.errorf(v, "want true or false, got %q", s)
	return false, false
}

// list decodes a list; a single scalar counts as a one-item list and null as
// an empty one.
func (d *decoder) list(v val, what string) ([]val, bool) {
	if v.isNull() {
		return nil, true
	}
	switch v.n.Kind {
	case yaml.ScalarNode:
		return []val{{n: v.n, key: v.key, path: v.index(0)}}, true
	case yaml.SequenceNode:
		if !d.spend(v, len(v.n.Content)) {
			return nil, false
		}
		out := make([]val, 0, len(v.n.Content))
		for i, item := range v.n.Content {
			out = append(out, val{n: deref(item), path: v.index(i)})
			if out[i].n == nil {
				out[i].n = item
			}
		}
		return out, true
	}
	d.errorf(v, "%s must be a list, got %s", what, describe(v.n))
	return nil, false
}

// keyed decodes a list item written as `- name: {settings}` (or just
// `- name`): the name, the name's node and the settings.
func (d *decoder) keyed(item val, what string) (name string, at *yaml.Node, body val, ok bool) {
	n := item.n
	switch {
	case n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null":
		if strings.TrimSpace(n.Value) == "" {
			break
		}
		return strings.TrimSpace(n.Value), n, val{path: item.path}, true
	case n != nil && n.Kind == yaml.MappingNode && len(n.Content) == 2:
		k := deref(n.Content[0])
		if k == nil || k.Kind != yaml.ScalarNode || k.Tag == "!!null" || k.Value == "<<" {
			break
		}
		name = strings.TrimSpace(k.Value)
		return name, k, val{n: deref(n.Content[1]), key: k, path: item.path + "." + name}, true
	case n != nil && n.Kind == yaml.MappingNode && len(n.Content) > 2:
		d.errorf(item, "each item names one %s, with its settings indented under it; this one has %d keys (start each %s on its own \"- \" line)", what, len(n.Content)/2, what)
		return "", nil, val{}, false
	}
	d.errorf(item, "want `- %s: {...}`, got %s", strings.ReplaceAll(what, " ", "_"), describe(n))
	return "", nil, val{}, false
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = strconv.Quote(x)
	}
	return out
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// maxValues bounds how many values a file may expand to. Anchors and
// aliases let a small file name the same list many times over (a "billion
// laughs"); past this budget decoding stops with one problem.
const maxValues = 200_000

// spend takes n values from the budget, reporting once when it runs out.
func (d *decoder) spend(v val, n int) bool {
	d.values += n
	if d.values <= maxValues {
		return true
	}
	if !d.overBudget {
		d.overBudget = true
		d.errorf(v, "the file expands to more than %d values through its anchors and aliases", maxValues)
	}
	return false
}
