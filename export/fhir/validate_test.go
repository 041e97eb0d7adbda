package fhir

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/fhir/go/fhirversion"
	"github.com/google/fhir/go/jsonformat"

	"github.com/code4health/cohortgen/export/fhir/fhirsample"
	"github.com/code4health/cohortgen/models"
)

// TestValidateSample writes a sample in both formats and checks every
// resource with Google's FHIR R4 parser (with validation), every reference,
// and the manifest records. Set COHORTGEN_FHIR_SAMPLE_DIR to keep the output
// and COHORTGEN_FHIR_SAMPLE_PATIENTS to change its size.
func TestValidateSample(t *testing.T) {
	dir := sampleDir(t)
	n := samplePatients(t)
	s := newSample(42, n, max(n/3, 1), 17, fhirsample.Default)
	reg := newRegistry(dir)
	opt := Options{AsOf: models.DateFromYMD(2025, 1, 1)}
	s.run(t, NewNDJSON(reg, opt), NewBundles(reg, opt))

	um, err := jsonformat.NewUnmarshaller("UTC", fhirversion.R4)
	if err != nil {
		t.Fatal(err)
	}

	checkRecords(t, dir, reg.Records())
	ndjsonIDs, counts := checkNDJSON(t, dir, um, n)
	want := s.resourceCounts()
	for _, typ := range ResourceTypes {
		if counts[typ] != want[typ] {
			t.Errorf("%d %s resources in NDJSON, want %d (the rows of its table)", counts[typ], typ, want[typ])
		}
	}
	checkBundles(t, dir, um, n, ndjsonIDs)
}

// resourceCounts is how many resources of each type the sample's rows make:
// one per row of the type's table, plus a cause-of-death Observation per
// dead patient with a cause.
func (s *sample) resourceCounts() map[string]int {
	c := map[string]int{"Organization": len(s.practices)}
	c["Practitioner"] = len(fhirsample.Practitioners(s.practices))
	for _, part := range s.parts {
		b := fhirsample.Batch(s.seed, s.practices, part.First, int(part.End-part.First), s.shape)
		c["Patient"] += len(b.Patients)
		c["Condition"] += len(b.Conditions)
		c["Encounter"] += len(b.Encounters)
		c["MedicationRequest"] += len(b.Prescriptions)
		c["Observation"] += len(b.Observations)
		c["Immunization"] += len(b.Immunisations)
		c["AllergyIntolerance"] += len(b.Allergies)
		for i := range b.Patients {
			if HasCauseOfDeath(&b.Patients[i]) {
				c["Observation"]++
			}
		}
	}
	return c
}

// checkRecords checks the manifest: only final files, with their real hash,
// size and row count.
func checkRecords(t *testing.T, dir string, recs []outfileRecord) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "fhir", ".parts")); !os.IsNotExist(err) {
		t.Errorf("fhir/.parts left behind (stat: %v)", err)
	}
	onDisk := map[string]bool{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			onDisk[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	for _, r := range recs {
		if !onDisk[r.Path] {
			t.Errorf("record %s: no such file", r.Path)
			continue
		}
		delete(onDisk, r.Path)
		data, err := os.ReadFile(filepath.Join(dir, r.Path))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != r.SHA256 || int64(len(data)) != r.Bytes {
			t.Errorf("record %s: sha256/bytes %s/%d, file has %x/%d", r.Path, r.SHA256, r.Bytes, sum, len(data))
		}
		if strings.HasSuffix(r.Path, ".ndjson") {
			if lines := int64(bytes.Count(data, []byte{'\n'})); lines != r.Rows {
				t.Errorf("record %s: rows %d, file has %d lines", r.Path, r.Rows, lines)
			}
		}
		if r.Format == FormatBundle {
			var b bundleJSON
			if err := json.Unmarshal(data, &b); err != nil || int64(len(b.Entry)) != r.Rows {
				t.Errorf("record %s: rows %d, Bundle has %d entries (%v)", r.Path, r.Rows, len(b.Entry), err)
			}
		}
	}
	for p := range onDisk {
		t.Errorf("file %s is not in the manifest", p)
	}
}

// refsOf returns every "reference" value in a decoded JSON value.
func refsOf(v any, out []string) []string {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "reference" {
				out = append(out, s)
			} else {
				out = refsOf(x, out)
			}
		}
	case []any:
		for _, x := range v {
			out = refsOf(x, out)
		}
	}
	return out
}

func checkNDJSON(t *testing.T, dir string, um *jsonformat.Unmarshaller, patients int) (map[string]bool, map[string]int) {
	t.Helper()
	ids := map[string]bool{} // "Type/id"
	var refs []string
	var refFrom []string
	counts := map[string]int{}
	bad := 0
	for _, typ := range ResourceTypes {
		path := filepath.Join(dir, "fhir", typ+".ndjson")
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		line := 0
		for sc.Scan() {
			line++
			where := typ + ".ndjson:" + itoa(line)
			if _, err := um.Unmarshal(sc.Bytes()); err != nil {
				if bad++; bad <= 20 {
					t.Errorf("%s: google/fhir: %v", where, err)
				}
			}
			var v map[string]any
			if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
				t.Fatalf("%s: %v", where, err)
			}
			if v["resourceType"] != typ {
				t.Errorf("%s: resourceType %v", where, v["resourceType"])
			}
			key := typ + "/" + v["id"].(string)
			if ids[key] {
				t.Errorf("%s: duplicate %s", where, key)
			}
			ids[key] = true
			counts[typ]++
			for _, r := range refsOf(v, nil) {
				refs = append(refs, r)
				refFrom = append(refFrom, where)
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	for i, r := range refs {
		if !ids[r] {
			if bad++; bad <= 20 {
				t.Errorf("%s: reference %q does not resolve in the NDJSON set", refFrom[i], r)
			}
		}
	}
	if counts["Patient"] != patients {
		t.Errorf("%d Patients, want %d", counts["Patient"], patients)
	}
	for _, typ := range ResourceTypes {
		if counts[typ] == 0 {
			t.Errorf("no %s in the sample", typ)
		}
	}
	t.Logf("NDJSON: %v resources, %d references, all parsed by google/fhir R4 and resolved", counts, len(refs))
	return ids, counts
}

type bundleJSON struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Entry        []struct {
		FullURL  string         `json:"fullUrl"`
		Resource map[string]any `json:"resource"`
		Request  struct {
			Method string `json:"method"`
			URL    string `json:"url"`
		} `json:"request"`
	} `json:"entry"`
}

func checkBundles(t *testing.T, dir string, um *jsonformat.Unmarshaller, patients int, ndjsonIDs map[string]bool) {
	t.Helper()
	var files []string
	filepath.WalkDir(filepath.Join(dir, "bundles"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	if len(files) != patients {
		t.Fatalf("%d bundle files, want %d", len(files), patients)
	}
	bad, entries, nrefs := 0, 0, 0
	for _, path := range files {
		rel, _ := filepath.Rel(dir, path)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := um.Unmarshal(data); err != nil {
			if bad++; bad <= 20 {
				t.Errorf("%s: google/fhir: %v", rel, err)
			}
		}
		var b bundleJSON
		if err := json.Unmarshal(data, &b); err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if b.ResourceType != "Bundle" || b.Type != "transaction" {
			t.Errorf("%s: %s/%s, want a transaction Bundle", rel, b.ResourceType, b.Type)
		}
		full := map[string]bool{}
		var patientID string
		for i, e := range b.Entry {
			typ, _ := e.Resource["resourceType"].(string)
			id, _ := e.Resource["id"].(string)
			if typ == "Patient" {
				patientID = id
			}
			if e.FullURL != "urn:uuid:"+id || full[e.FullURL] {
				t.Errorf("%s#entry[%d]: fullUrl %q for %s/%s (duplicate: %v)", rel, i, e.FullURL, typ, id, full[e.FullURL])
			}
			full[e.FullURL] = true
			if e.Request.Method != "PUT" || e.Request.URL != typ+"/"+id {
				t.Errorf("%s#entry[%d]: request %s %s for %s/%s", rel, i, e.Request.Method, e.Request.URL, typ, id)
			}
			if !ndjsonIDs[typ+"/"+id] {
				t.Errorf("%s#entry[%d]: %s/%s is not in the NDJSON set", rel, i, typ, id)
			}
		}
		if filepath.Base(path) != patientID+".json" {
			t.Errorf("%s: holds patient %s", rel, patientID)
		}
		for i, e := range b.Entry {
			for _, r := range refsOf(e.Resource, nil) {
				nrefs++
				if !strings.HasPrefix(r, "urn:uuid:") || !full[r] {
					if bad++; bad <= 20 {
						t.Errorf("%s#entry[%d]: reference %q does not resolve inside the Bundle", rel, i, r)
					}
				}
			}
		}
		entries += len(b.Entry)
	}
	t.Logf("Bundles: %d files, %d entries, %d references, all parsed by google/fhir R4 and resolved", len(files), entries, nrefs)
}
