package openehr_test

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/export/openehr"
	"github.com/code4health/cohortgen/generator"
	"github.com/code4health/cohortgen/internal/readback"
)

// These tests read a real run (the generator, not sample batches), written
// as Parquet and openEHR in the same pass, and check the openEHR output
// against the Parquet tables.

var runOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "openehr-test-")
	if err != nil {
		return "", err
	}
	cfg := cohortgen.Config{Out: filepath.Join(dir, "out"), Formats: []string{"parquet", openehr.Format}}
	cfg.Seed, cfg.Patients, cfg.AsOf, cfg.HistoryYears, cfg.Workers = 3, 300, generator.DefaultAsOf, 10, 2
	_, err = cohortgen.Generate(context.Background(), cfg)
	return cfg.Out, err
})

func testRun(t *testing.T) string {
	t.Helper()
	dir, err := runOnce()
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if dir, err := runOnce(); err == nil && dir != "" {
		os.RemoveAll(filepath.Dir(dir))
	}
	os.Exit(code)
}

type ehrLine struct {
	EHRID        string          `json:"ehr_id"`
	PatientID    string          `json:"patient_id"`
	NHSNumber    string          `json:"nhs_number"`
	Compositions int             `json:"compositions"`
	File         string          `json:"file"`
	Status       json.RawMessage `json:"ehr_status"`
}

func readLines(t *testing.T, path string) [][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		out = append(out, slices.Clone(sc.Bytes()))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func readEHRs(t *testing.T, dir string) []ehrLine {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "openehr", "ehrs", "*.ndjson"))
	if len(files) == 0 {
		t.Fatal("no openehr/ehrs files")
	}
	var out []ehrLine
	for _, f := range files {
		for i, l := range readLines(t, f) {
			var e ehrLine
			if err := json.Unmarshal(l, &e); err != nil {
				t.Fatalf("%s:%d: %v", f, i+1, err)
			}
			out = append(out, e)
		}
	}
	return out
}

// composition is the part of a composition the tests look at.
type composition struct {
	Type    string `json:"_type"`
	Details struct {
		Template struct {
			Value string `json:"value"`
		} `json:"template_id"`
	} `json:"archetype_details"`
	UID struct {
		Value string `json:"value"`
	} `json:"uid"`
	Context struct {
		Start struct {
			Value string `json:"value"`
		} `json:"start_time"`
	} `json:"context"`
	Composer struct {
		Name string `json:"name"`
	} `json:"composer"`
}

// codes walks a composition and collects, by element name, the coded values
// ("Problem/Diagnosis name" → SNOMED codes) and, for quantities, code=value.
func codes(v any, out map[string][]string) {
	switch x := v.(type) {
	case []any:
		for _, y := range x {
			codes(y, out)
		}
	case map[string]any:
		if x["_type"] == "ELEMENT" {
			name, _ := x["name"].(map[string]any)
			val, _ := x["value"].(map[string]any)
			switch {
			case name["_type"] == "DV_CODED_TEXT": // a laboratory analyte
				dc := name["defining_code"].(map[string]any)
				out["analyte"] = append(out["analyte"], fmt.Sprintf("%s=%v", dc["code_string"], val["magnitude"]))
			case val["_type"] == "DV_CODED_TEXT":
				dc := val["defining_code"].(map[string]any)
				out[name["value"].(string)] = append(out[name["value"].(string)], dc["code_string"].(string))
			case val["_type"] == "DV_QUANTITY", val["_type"] == "DV_COUNT":
				out[name["value"].(string)] = append(out[name["value"].(string)], fmt.Sprint(val["magnitude"]))
			case val["_type"] == "DV_PROPORTION": // a percentage (SpO2)
				out[name["value"].(string)] = append(out[name["value"].(string)], fmt.Sprint(val["numerator"]))
			case val["_type"] == "DV_TEXT": // uncoded: "text:" and the text
				out[name["value"].(string)] = append(out[name["value"].(string)], "text:"+val["value"].(string))
			}
			return
		}
		for _, y := range x {
			codes(y, out)
		}
	}
}

// actionTimes returns the times of a composition's top-level ACTIONs (the
// doses of an immunisation summary).
func actionTimes(v any) []string {
	var out []string
	content, _ := v.(map[string]any)["content"].([]any)
	for _, c := range content {
		if a, _ := c.(map[string]any); a["_type"] == "ACTION" {
			out = append(out, a["time"].(map[string]any)["value"].(string))
		}
	}
	return out
}

func TestEveryCompositionIsCanonicalJSONOfAShippedTemplate(t *testing.T) {
	dir := testRun(t)
	shipped := map[string]bool{}
	for _, tp := range datasets.OpenEHRTemplates() {
		shipped[tp.ID] = true
	}
	for _, id := range openehr.TemplateIDs {
		if !shipped[id] {
			t.Errorf("the exporter writes template %q, which is not shipped", id)
		}
	}
	uids := map[string]bool{}
	perTemplate := map[string]int{}
	for _, e := range readEHRs(t, dir) {
		if e.Compositions == 0 {
			continue
		}
		lines := readLines(t, filepath.Join(dir, e.File))
		if len(lines) != e.Compositions {
			t.Errorf("%s: %d lines, the EHR line says %d", e.File, len(lines), e.Compositions)
		}
		for i, l := range lines {
			if !json.Valid(l) {
				t.Fatalf("%s:%d: not valid JSON", e.File, i+1)
			}
			var c composition
			if err := json.Unmarshal(l, &c); err != nil {
				t.Fatal(err)
			}
			tid := c.Details.Template.Value
			if c.Type != "COMPOSITION" || !shipped[tid] {
				t.Errorf("%s:%d: _type %q, template %q", e.File, i+1, c.Type, tid)
			}
			perTemplate[tid]++
			if !strings.HasSuffix(c.UID.Value, "::"+openehr.SystemID+"::1") || len(c.UID.Value) != 36+len("::"+openehr.SystemID+"::1") {
				t.Errorf("%s:%d: uid %q", e.File, i+1, c.UID.Value)
			}
			if uids[c.UID.Value] {
				t.Errorf("uid %s twice", c.UID.Value)
			}
			uids[c.UID.Value] = true
			if c.Composer.Name == "" || c.Context.Start.Value == "" {
				t.Errorf("%s:%d: no composer or start time", e.File, i+1)
			}
		}
	}
	for _, id := range openehr.TemplateIDs {
		if perTemplate[id] == 0 {
			t.Errorf("no composition of %s in 300 patients", id)
		}
	}
}

func TestEHRsMatchThePatientsTable(t *testing.T) {
	dir := testRun(t)
	pt, err := readback.ReadDir(dir, "parquet", "patients")
	if err != nil {
		t.Fatal(err)
	}
	ehrs := readEHRs(t, dir)
	if len(ehrs) != pt.Rows {
		t.Fatalf("%d EHRs for %d patients", len(ehrs), pt.Rows)
	}
	ids, nhs := pt.Column("patient_id").Str, pt.Column("nhs_number").Str
	for i, e := range ehrs {
		if e.PatientID != ids[i] || e.NHSNumber != nhs[i] {
			t.Fatalf("EHR %d is patient %s (NHS %s); the patients table has %s (NHS %s)", i, e.PatientID, e.NHSNumber, ids[i], nhs[i])
		}
		if e.EHRID != openehr.EHRID(e.PatientID) {
			t.Errorf("patient %s: ehr_id %s, want %s", e.PatientID, e.EHRID, openehr.EHRID(e.PatientID))
		}
		var st struct {
			Type    string `json:"_type"`
			Subject struct {
				Type string `json:"_type"`
				Ref  struct {
					ID struct {
						Value string `json:"value"`
					} `json:"id"`
					Namespace string `json:"namespace"`
				} `json:"external_ref"`
			} `json:"subject"`
		}
		if err := json.Unmarshal(e.Status, &st); err != nil {
			t.Fatal(err)
		}
		if st.Type != "EHR_STATUS" || st.Subject.Type != "PARTY_SELF" || st.Subject.Ref.ID.Value != nhs[i] || st.Subject.Ref.Namespace != openehr.SubjectNamespace {
			t.Errorf("patient %s: EHR_STATUS %s", e.PatientID, e.Status)
		}
	}
}

// TestSameRecordsAsParquet: per patient, the problem list holds exactly the
// conditions' SNOMED codes, the medication list the prescriptions' dm+d
// codes, the adverse reaction list the allergies' codes, manifestations and
// severities, the immunisation summary the doses' vaccines (dm+d code, or
// the name where the row has none), dose numbers and times, and the vital
// signs, BMI and laboratory compositions the values of the observations
// the openEHR table places there.
func TestSameRecordsAsParquet(t *testing.T) {
	dir := testRun(t)
	want := map[string]map[string][]string{} // patient → kind → items
	add := func(pid, kind, item string) {
		if want[pid] == nil {
			want[pid] = map[string][]string{}
		}
		want[pid][kind] = append(want[pid][kind], item)
	}
	conds, err := readback.ReadDir(dir, "parquet", "conditions")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < conds.Rows; i++ {
		add(conds.Column("patient_id").Str[i], "problems", conds.Column("snomed_code").Str[i])
	}
	rxs, err := readback.ReadDir(dir, "parquet", "prescriptions")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < rxs.Rows; i++ {
		add(rxs.Column("patient_id").Str[i], "medicines", rxs.Column("dmd_code").Str[i])
	}
	alls, err := readback.ReadDir(dir, "parquet", "allergies")
	if err != nil {
		t.Fatal(err)
	}
	severity := map[string]string{"mild": "at0093", "moderate": "at0092", "severe": "at0090"}
	for i := 0; i < alls.Rows; i++ {
		pid := alls.Column("patient_id").Str[i]
		add(pid, "allergies", alls.Column("snomed_code").Str[i])
		add(pid, "manifestations", alls.Column("reaction_code").Str[i])
		add(pid, "severities", severity[alls.Column("reaction_severity").Str[i]])
	}
	if alls.Rows == 0 {
		t.Fatal("no allergies in 300 patients")
	}
	imms, err := readback.ReadDir(dir, "parquet", "immunisations")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < imms.Rows; i++ {
		pid := imms.Column("patient_id").Str[i]
		if pc := imms.Column("product_code"); pc.Null[i] {
			add(pid, "vaccines", "text:"+imms.Column("product_display").Str[i])
		} else {
			add(pid, "vaccines", pc.Str[i])
		}
		add(pid, "doses", fmt.Sprint(imms.Column("dose_number").Num[i]))
		add(pid, "given", time.UnixMicro(imms.Column("occurrence_time").Num[i]).UTC().Format("2006-01-02T15:04:05Z"))
	}
	if imms.Rows == 0 {
		t.Fatal("no immunisations in 300 patients")
	}
	obs, err := readback.ReadDir(dir, "parquet", "observations")
	if err != nil {
		t.Fatal(err)
	}
	nResults := 0
	for i := 0; i < obs.Rows; i++ {
		code := obs.Column("snomed_code").Str[i]
		slot := openehr.Slot(code)
		if slot == "" || obs.Column("value").Null[i] {
			continue
		}
		nResults++
		add(obs.Column("patient_id").Str[i], "results", fmt.Sprintf("%s=%v", code, obs.Column("value").Float[i]))
	}
	if nResults == 0 {
		t.Fatal("no observation placed in openEHR")
	}
	byName := map[string]string{"Systolic": "271649006", "Diastolic": "271650006", "Heart Rate": "364075005",
		"Weight": "27113001", "Height/Length": "50373000", "Body Mass Index": "60621009",
		"Rate": "86290005", "spO2": "431314004", "Temperature": "386725007"}
	for _, e := range readEHRs(t, dir) {
		got := map[string][]string{}
		if e.Compositions > 0 {
			for _, l := range readLines(t, filepath.Join(dir, e.File)) {
				var v any
				if err := json.Unmarshal(l, &v); err != nil {
					t.Fatal(err)
				}
				c := map[string][]string{}
				codes(v, c)
				got["problems"] = append(got["problems"], c["Problem/Diagnosis name"]...)
				got["medicines"] = append(got["medicines"], c["Medication item"]...)
				got["results"] = append(got["results"], c["analyte"]...)
				got["allergies"] = append(got["allergies"], c["Causative agent"]...)
				got["manifestations"] = append(got["manifestations"], c["Manifestation"]...)
				got["severities"] = append(got["severities"], c["Severity"]...)
				got["vaccines"] = append(got["vaccines"], c["Immunisation name"]...)
				got["doses"] = append(got["doses"], c["Series number"]...)
				got["given"] = append(got["given"], actionTimes(v)...)
				for name, code := range byName {
					for _, m := range c[name] {
						got["results"] = append(got["results"], code+"="+m)
					}
				}
			}
		}
		for _, kind := range []string{"problems", "medicines", "allergies", "manifestations", "severities", "vaccines", "doses", "given", "results"} {
			w, g := want[e.PatientID][kind], got[kind]
			slices.Sort(w)
			slices.Sort(g)
			if !slices.Equal(w, g) {
				t.Errorf("patient %s: %s differ: Parquet %d %v, openEHR %d %v", e.PatientID, kind, len(w), w, len(g), g)
			}
		}
	}
}

// The manifest lists every openEHR file with its size and checksum.
func TestManifestListsTheFiles(t *testing.T) {
	dir := testRun(t)
	m, err := cohortgen.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	for _, f := range m.Files {
		listed[f.Path] = f.SHA256
	}
	n := 0
	err = filepath.WalkDir(filepath.Join(dir, "openehr"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		if listed[filepath.ToSlash(rel)] != hex.EncodeToString(sum[:]) {
			t.Errorf("%s: not in the manifest, or a wrong checksum", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 300 {
		t.Errorf("only %d openEHR files", n)
	}
}
