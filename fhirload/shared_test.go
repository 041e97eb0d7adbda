package fhirload

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestSharedResourcesOnceAndFirst: with Bundles loaded by several workers,
// each Organization and Practitioner is written exactly once, and all of
// them before any patient's data. The fake server refuses a reference to a
// resource it does not have, so the patients' Bundles, with the shared
// entries taken out, must point at them by Type/id correctly.
func TestSharedResourcesOnceAndFirst(t *testing.T) {
	dir := t.TempDir()
	counts := bundleCounts(t, dir, writeSample(t, dir, 41, 50))
	f := newFakeServer(t)
	opt := quietOpts(f.url(), dir)
	opt.Concurrency = 6
	var out bytes.Buffer
	sum, err := Run(context.Background(), opt, &out, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	checkStore(t, f, counts)
	writes := map[string]int{}
	lastShared, firstOther := -1, len(f.log)
	for i, key := range f.log {
		typ, _, _ := strings.Cut(key, "/")
		if typ == "Organization" || typ == "Practitioner" {
			writes[key]++
			lastShared = i
		} else if firstOther == len(f.log) {
			firstOther = i
		}
	}
	for key, n := range writes {
		if n != 1 {
			t.Errorf("%s written %d times", key, n)
		}
	}
	if len(writes) != counts["Organization"]+counts["Practitioner"] {
		t.Errorf("%d shared resources written, want %d", len(writes), counts["Organization"]+counts["Practitioner"])
	}
	if lastShared > firstOther {
		t.Errorf("a shared resource was written at %d, after patient data at %d", lastShared, firstOther)
	}
	for _, typ := range []string{"Organization", "Practitioner"} {
		if c := sum.Types[typ]; c == nil || int(c.Created) != counts[typ] || c.Updated != 0 {
			t.Errorf("%s counts %+v, want %d created once each", typ, c, counts[typ])
		}
	}
	if !strings.Contains(out.String(), "loaded once each") {
		t.Errorf("the summary does not report the shared resources:\n%s", out.String())
	}
}

// TestSharedOrderFollowsReferences: a shared resource comes after the
// shared resources it refers to, whatever their ids.
func TestSharedOrderFollowsReferences(t *testing.T) {
	found := map[string]entry{
		"Organization/a": {typ: "Organization", resource: []byte(`{"partOf":{"reference":"urn:uuid:z"}}`)},
		"Organization/z": {typ: "Organization", resource: []byte(`{"partOf":{"reference":"Organization/m"}}`)},
		"Organization/m": {typ: "Organization", resource: []byte(`{}`)},
		"Practitioner/p": {typ: "Practitioner", resource: []byte(`{}`)},
	}
	refs := map[string]string{"urn:uuid:z": "Organization/z"}
	got := strings.Join(dependencyOrder([]string{"Organization/a", "Organization/m", "Organization/z", "Practitioner/p"}, found, refs), " ")
	if want := "Organization/m Organization/z Organization/a Practitioner/p"; got != want {
		t.Errorf("order %s, want %s", got, want)
	}
}
