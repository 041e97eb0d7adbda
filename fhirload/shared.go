package fhirload

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
)

// sharedTypes are the practice-level resources that many patients' Bundles
// repeat. Loaded inside those Bundles, concurrent transactions PUT the same
// new id at once, and real servers answer some of them 500 (a duplicate key
// in PostgreSQL) or 409. So they are loaded once each, first, by a single
// worker, and taken out of the patients' Bundles.
var sharedTypes = map[string]bool{"Organization": true, "Location": true, "Practitioner": true, "PractitionerRole": true}

// sharedSet is what was taken out of the Bundles.
type sharedSet struct {
	keys   map[string]bool   // "Type/id"
	refs   map[string]string // fullUrl -> "Type/id"
	byType map[string]int    // distinct resources per type
	types  map[string]bool   // every type in the Bundles, shared or not
}

// remove returns the entries the set does not hold, with references to
// the ones it holds rewritten from their fullUrl to Type/id, and whether
// any entry was taken out.
func (sh *sharedSet) remove(entries []entry) ([]entry, bool) {
	if sh == nil || len(sh.keys) == 0 {
		return entries, false
	}
	kept := make([]entry, 0, len(entries))
	for _, e := range entries {
		if e.method == "PUT" && sh.keys[e.url] {
			continue
		}
		kept = append(kept, e)
	}
	if len(kept) == len(entries) {
		return entries, false
	}
	for i := range kept {
		kept[i].resource = rewriteRefs(kept[i].resource, sh.refs)
	}
	return kept, true
}

// collectShared reads every Bundle and returns units that load each
// distinct shared resource once, chunk entries per transaction, ordered so
// that a resource comes after the shared resources it refers to (a
// practice after its parent organisation), and the set to take out of the
// Bundles. conflicts counts ids whose copies differ between Bundles (the
// first copy is loaded).
func collectShared(units []unit, chunk int) ([]unit, *sharedSet, int, error) {
	sh := &sharedSet{keys: map[string]bool{}, refs: map[string]string{}, byType: map[string]int{}, types: map[string]bool{}}
	found := map[string]entry{}
	conflicts := 0
	for _, u := range units {
		_, entries, err := parseBundle(u)
		if err != nil {
			return nil, nil, 0, err
		}
		for _, e := range entries {
			sh.types[e.typ] = true
			if !sharedTypes[e.typ] || e.method != "PUT" || e.id == "" || e.url != e.typ+"/"+e.id {
				continue
			}
			if e.fullURL != "" {
				sh.refs[e.fullURL] = e.url
			}
			if old, ok := found[e.url]; ok {
				if !bytes.Equal(old.resource, e.resource) {
					conflicts++
				}
				continue
			}
			found[e.url] = e
		}
	}
	if len(found) == 0 {
		return nil, sh, 0, nil
	}
	keys := make([]string, 0, len(found))
	for k, e := range found {
		keys = append(keys, k)
		sh.keys[k] = true
		sh.byType[e.typ]++
	}
	sort.Slice(keys, func(i, j int) bool {
		ti, tj := found[keys[i]].typ, found[keys[j]].typ
		if ri, rj := typeRank(ti), typeRank(tj); ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	order := dependencyOrder(keys, found, sh.refs)
	items := make([]entry, len(order))
	h := sha256.New()
	for i, k := range order {
		e := found[k]
		e.resource = rewriteRefs(e.resource, sh.refs)
		e.fullURL = ""
		items[i] = e
		h.Write([]byte(k))
		h.Write(e.resource)
	}
	// The name carries a digest of the content, so a checkpoint made with
	// other practices does not match.
	sum := hex.EncodeToString(h.Sum(nil))[:12]
	var out []unit
	for lo := 0; lo < len(items); lo += chunk {
		hi := min(lo+chunk, len(items))
		out = append(out, unit{name: fmt.Sprintf("shared resources %d-%d of %d (%s)", lo+1, hi, len(items), sum),
			phase: -1, shared: true, items: items[lo:hi]})
	}
	return out, sh, conflicts, nil
}

// dependencyOrder puts each key after the keys its resource refers to
// (depth first, in the given order otherwise), so that a transaction of
// shared resources never refers to one not yet loaded.
func dependencyOrder(keys []string, found map[string]entry, refs map[string]string) []string {
	state := map[string]int{} // 1 visiting, 2 done
	out := make([]string, 0, len(keys))
	var visit func(k string)
	visit = func(k string) {
		if state[k] != 0 {
			return // done, or a cycle: leave it where it is
		}
		state[k] = 1
		var doc any
		if json.Unmarshal(found[k].resource, &doc) == nil {
			var rs []string
			collectReferences(doc, &rs)
			sort.Strings(rs)
			for _, r := range rs {
				if to, ok := refs[r]; ok {
					r = to
				}
				if _, ok := found[r]; ok && r != k {
					visit(r)
				}
			}
		}
		state[k] = 2
		out = append(out, k)
	}
	for _, k := range keys {
		visit(k)
	}
	return out
}

// collectReferences appends every Reference.reference in a decoded
// resource.
func collectReferences(v any, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "reference" {
				*out = append(*out, s)
			} else {
				collectReferences(x, out)
			}
		}
	case []any:
		for _, x := range v {
			collectReferences(x, out)
		}
	}
}
