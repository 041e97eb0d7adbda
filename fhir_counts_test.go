package cohortgen_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/export/fhir"
	"github.com/code4health/cohortgen/models"
)

// fhirTable is the table each patient-level FHIR resource type is written
// from, one resource per row.
var fhirTable = map[string]string{
	"Patient":            models.TablePatients,
	"Condition":          models.TableConditions,
	"Encounter":          models.TableEncounters,
	"MedicationRequest":  models.TablePrescriptions,
	"Observation":        models.TableObservations,
	"Immunization":       models.TableImmunisations,
	"AllergyIntolerance": models.TableAllergies,
}

// fhirIDColumn is the id column of each table that becomes a resource id.
var fhirIDColumn = map[string]string{
	models.TablePatients:      "patient_id",
	models.TableConditions:    "condition_id",
	models.TableEncounters:    "encounter_id",
	models.TablePrescriptions: "prescription_id",
	models.TableObservations:  "observation_id",
	models.TableImmunisations: "immunisation_id",
	models.TableAllergies:     "allergy_id",
}

// TestFHIRFormatsAgreeWithParquet: in one run, each patient-level FHIR type
// has, in NDJSON and in the Bundles, exactly the ids of its Parquet table
// (plus one cause-of-death Observation per dead patient with a cause).
func TestFHIRFormatsAgreeWithParquet(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	generate(t, config(t, out, 400, func(c *cohortgen.Config) {
		c.Formats = []string{"parquet", fhir.FormatNDJSON, fhir.FormatBundle}
	}))
	tables := readFormat(t, out, "parquet")
	ndjson := ndjsonIDs(t, filepath.Join(out, "fhir"))
	bundles := bundleIDs(t, filepath.Join(out, "bundles"))

	patients := tables[models.TablePatients]
	pids, causes := patients.Column("patient_id"), patients.Column("cause_of_death_code")
	deaths := map[string]bool{}
	for r := range pids.Str {
		if !causes.Null[r] {
			deaths[fhir.CauseOfDeathID(pids.Str[r])] = true
		}
	}
	for typ, table := range fhirTable {
		want := map[string]bool{}
		for _, id := range tables[table].Column(fhirIDColumn[table]).Str {
			want[id] = true
		}
		if typ == "Observation" {
			for id := range deaths {
				want[id] = true
			}
		}
		if len(want) == 0 {
			t.Errorf("%s: no rows, nothing compared", table)
		}
		for name, got := range map[string]map[string]bool{"NDJSON": ndjson[typ], "Bundles": bundles[typ]} {
			if d := setDiff(want, got); d != "" {
				t.Errorf("%s %s vs Parquet %s (%d rows): %s", name, typ, table, len(want), d)
			}
		}
	}
}

func setDiff(want, got map[string]bool) string {
	var missing, extra []string
	for id := range want {
		if !got[id] {
			missing = append(missing, id)
		}
	}
	for id := range got {
		if !want[id] {
			extra = append(extra, id)
		}
	}
	if len(missing)+len(extra) == 0 {
		return ""
	}
	sort.Strings(missing)
	sort.Strings(extra)
	return "missing " + strings.Join(first3(missing), ",") + " extra " + strings.Join(first3(extra), ",") +
		" (" + strconv.Itoa(len(missing)) + " missing, " + strconv.Itoa(len(extra)) + " extra)"
}

func first3(s []string) []string { return s[:min(3, len(s))] }

// ndjsonIDs reads the ids of every resource in dir's NDJSON files, by type.
func ndjsonIDs(t *testing.T, dir string) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(dir, "*.ndjson"))
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var r struct{ ResourceType, ID string }
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			addID(t, out, r.ResourceType, r.ID, path)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// bundleIDs reads the ids of the patient-level entries of every Bundle
// under dir, by type. Shared entries (practices, GPs) repeat across
// Bundles and are left out.
func bundleIDs(t *testing.T, dir string) map[string]map[string]bool {
	t.Helper()
	out := map[string]map[string]bool{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var b struct {
			Entry []struct {
				Resource struct{ ResourceType, ID string }
			}
		}
		if err := json.Unmarshal(data, &b); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, e := range b.Entry {
			if _, ok := fhirTable[e.Resource.ResourceType]; ok {
				addID(t, out, e.Resource.ResourceType, e.Resource.ID, path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func addID(t *testing.T, out map[string]map[string]bool, typ, id, where string) {
	t.Helper()
	if out[typ] == nil {
		out[typ] = map[string]bool{}
	}
	if out[typ][id] {
		t.Errorf("%s: %s/%s written twice", where, typ, id)
	}
	out[typ][id] = true
}
