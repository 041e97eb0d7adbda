package fhir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/export/fhir/fhirsample"
	"github.com/code4health/cohortgen/models"
)

func TestCauseOfDeathObservation(t *testing.T) {
	p := models.Patient{PatientID: "p1", DeathDate: models.DateFromYMD(2020, 3, 1),
		CauseOfDeathCode: "I21.9", CauseOfDeath: "Acute myocardial infarction, unspecified"}
	if !HasCauseOfDeath(&p) {
		t.Fatal("a dead patient with a cause has no cause-of-death Observation")
	}
	id := CauseOfDeathID(p.PatientID)
	v := decode(t, (&encoder{}).CauseOfDeath(nil, &p, id))
	for _, c := range []struct {
		path []any
		want any
	}{
		{[]any{"resourceType"}, "Observation"},
		{[]any{"id"}, id},
		{[]any{"meta", "profile", 0}, "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Observation"},
		{[]any{"status"}, "final"},
		{[]any{"code", "coding", 0, "system"}, SystemSNOMED},
		{[]any{"code", "coding", 0, "code"}, "184305005"},
		{[]any{"code", "coding", 0, "display"}, "Cause of death"},
		{[]any{"subject", "reference"}, "Patient/p1"},
		{[]any{"effectiveDateTime"}, "2020-03-01"},
		{[]any{"valueCodeableConcept", "coding", 0, "system"}, "http://hl7.org/fhir/sid/icd-10"},
		{[]any{"valueCodeableConcept", "coding", 0, "code"}, "I21.9"},
		{[]any{"valueCodeableConcept", "coding", 0, "display"}, "Acute myocardial infarction, unspecified"},
		{[]any{"valueCodeableConcept", "text"}, "Acute myocardial infarction, unspecified"},
		{[]any{"category"}, nil},
		{[]any{"encounter"}, nil},
	} {
		if got := get(v, c.path...); got != c.want {
			t.Errorf("cause of death %v = %v, want %v", c.path, got, c.want)
		}
	}
	if got := get(decode(t, (&encoder{bundle: true}).CauseOfDeath(nil, &p, id)), "subject", "reference"); got != "urn:uuid:p1" {
		t.Errorf("Bundle subject %v", got)
	}
	for _, q := range []models.Patient{
		{PatientID: "alive"},
		{PatientID: "no cause", DeathDate: models.DateFromYMD(2020, 3, 1)},
	} {
		if HasCauseOfDeath(&q) {
			t.Errorf("%s: gets a cause-of-death Observation", q.PatientID)
		}
	}
}

// TestCauseOfDeathID pins the derivation (checked against Python's
// uuid.uuid5): ids must not change between releases, or a reload would
// duplicate the Observation.
func TestCauseOfDeathID(t *testing.T) {
	const patient = "0b9f5c7e-1d2a-4c3b-8e4f-5a6b7c8d9e0f"
	if got := uuidString(CauseOfDeathNamespace); got != "21935ab4-d89c-5d67-909c-61a994842f7a" {
		t.Errorf("namespace %s", got)
	}
	if got := CauseOfDeathID(patient); got != "860cc249-6011-5f8a-8fbf-1bbc84c6fa3d" {
		t.Errorf("CauseOfDeathID = %s", got)
	}
	if CauseOfDeathID("a") == CauseOfDeathID("b") {
		t.Error("two patients share a cause-of-death id")
	}
}

// TestCauseOfDeathInBothFormats: each dead patient with a cause has exactly
// one cause-of-death Observation, the same resource in NDJSON and in their
// Bundle (only the reference form differs), and no one else has one.
func TestCauseOfDeathInBothFormats(t *testing.T) {
	dir := t.TempDir()
	const n = 120
	s := newSample(5, n, 40, 10, fhirsample.Small)
	reg := newRegistry(dir)
	s.run(t, NewNDJSON(reg, Options{}), NewBundles(reg, Options{}))

	type dead struct{ patient, part string }
	want := map[string]dead{} // by cause-of-death id
	for _, p := range s.parts {
		b := fhirsample.Batch(s.seed, s.practices, p.First, int(p.End-p.First), s.shape)
		for i := range b.Patients {
			if HasCauseOfDeath(&b.Patients[i]) {
				want[CauseOfDeathID(b.Patients[i].PatientID)] = dead{b.Patients[i].PatientID, p.Name()}
			}
		}
	}
	if len(want) == 0 {
		t.Fatal("the sample has no deaths with a cause")
	}
	ndjson := map[string][]byte{}
	f, err := os.Open(filepath.Join(dir, "fhir", "Observation.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if bytes.Contains(sc.Bytes(), []byte(`"code":"184305005"`)) {
			var v struct{ ID string }
			json.Unmarshal(sc.Bytes(), &v)
			ndjson[v.ID] = append([]byte(nil), sc.Bytes()...)
		}
	}
	if len(ndjson) != len(want) {
		t.Errorf("%d cause-of-death Observations in NDJSON, want %d", len(ndjson), len(want))
	}
	for id, d := range want {
		pid := d.patient
		line, ok := ndjson[id]
		if !ok {
			t.Errorf("patient %s: no cause-of-death Observation %s in NDJSON", pid, id)
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, "bundles", d.part, pid+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var bundle bundleJSON
		if err := json.Unmarshal(data, &bundle); err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, e := range bundle.Entry {
			if e.Resource["id"] != id {
				continue
			}
			found++
			inBundle, _ := json.Marshal(e.Resource)
			var fromNDJSON map[string]any
			json.Unmarshal([]byte(strings.Replace(string(line), `"Patient/`+pid+`"`, `"urn:uuid:`+pid+`"`, 1)), &fromNDJSON)
			same, _ := json.Marshal(fromNDJSON)
			if !bytes.Equal(inBundle, same) || e.Request.URL != "Observation/"+id {
				t.Errorf("patient %s: Bundle entry %s (%s) differs from NDJSON %s", pid, inBundle, e.Request.URL, same)
			}
		}
		if found != 1 {
			t.Errorf("patient %s: %d cause-of-death entries in the Bundle, want 1", pid, found)
		}
	}
}
