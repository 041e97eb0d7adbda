package openehr_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/code4health/cohortgen/internal/readback"
)

// The respiratory rate and oxygen saturation recorded at a chest illness's
// contact (twenty-fourth review), and the temperature taken at a febrile
// illness's (twenty-fifth), are written into the vital signs composition at
// the template's paths, with the record's value, unit and time: every
// Parquet reading comes back out of openEHR, and nothing else. The
// temperature's unit is the template's °C for the record's UCUM Cel.
func TestVitalSignsRoundTripThroughOpenEHR(t *testing.T) {
	dir := testRun(t)
	const section = "content openEHR-EHR-SECTION.vital_signs.v1 items "
	// observation_codes.csv: respiratory_rate, oxygen_saturation, temperature
	readings := []struct {
		code, event, element, units string
	}{
		{"86290005", "openEHR-EHR-OBSERVATION.respiration.v1 data at0001 events at0002", "data at0003 items at0004", "/min"},
		{"431314004", "openEHR-EHR-OBSERVATION.indirect_oximetry.v1 data at0001 events at0002", "data at0003 items at0006", "%"},
		{"386725007", "openEHR-EHR-OBSERVATION.body_temperature.v1 data at0002 events at0003", "data at0001 items at0004", "°C"},
	}
	obs, err := readback.ReadDir(dir, "parquet", "observations")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{} // patient → "code value unit time"
	seen := map[string]int{}
	for i := 0; i < obs.Rows; i++ {
		code := obs.Column("snomed_code").Str[i]
		k := slices.IndexFunc(readings, func(r struct{ code, event, element, units string }) bool { return r.code == code })
		if k < 0 || obs.Column("value").Null[i] {
			continue
		}
		seen[code]++
		unit := obs.Column("unit").Str[i]
		if code == readings[2].code && unit == "Cel" {
			unit = "°C" // the same unit, as the template names it
		}
		at := time.UnixMicro(obs.Column("effective_time").Num[i]).UTC().Format("2006-01-02T15:04:05Z")
		pid := obs.Column("patient_id").Str[i]
		want[pid] = append(want[pid], fmt.Sprintf("%s %v %s %s", code, obs.Column("value").Float[i], unit, at))
	}
	for _, r := range readings {
		if seen[r.code] == 0 {
			t.Fatalf("no reading of %s in 300 patients", r.code)
		}
	}
	n := 0
	for _, e := range readEHRs(t, dir) {
		var got []string
		if e.Compositions > 0 {
			for _, l := range readLines(t, filepath.Join(dir, e.File)) {
				var c map[string]any
				if err := json.Unmarshal(l, &c); err != nil {
					t.Fatal(err)
				}
				for _, r := range readings {
					ev := nodeAt(c, section+r.event)
					if ev == nil {
						continue
					}
					v := nodeAt(ev, r.element)["value"].(map[string]any)
					switch v["_type"] {
					case "DV_QUANTITY":
						got = append(got, fmt.Sprintf("%s %v %s %s", r.code, v["magnitude"], v["units"], eventTime(ev)))
					case "DV_PROPORTION":
						// A percent (type 2) proportion is numerator/100: the record's "%".
						if v["type"] != 2.0 || v["denominator"] != 100.0 {
							t.Fatalf("%s as %v", r.code, v)
						}
						got = append(got, fmt.Sprintf("%s %v %% %s", r.code, v["numerator"], eventTime(ev)))
					default:
						t.Fatalf("%s as %v", r.code, v["_type"])
					}
				}
			}
		}
		w := want[e.PatientID]
		slices.Sort(w)
		slices.Sort(got)
		if !slices.Equal(w, got) {
			t.Errorf("patient %s: Parquet %v, openEHR %v", e.PatientID, w, got)
		}
		n += len(got)
	}
	t.Logf("%d readings round-tripped (%v)", n, seen)
}

// nodeAt follows a path of attribute names and archetype node ids ("content
// openEHR-EHR-SECTION.vital_signs.v1 items at0004", as in an AQL path) and
// returns the node, or nil when there is none.
func nodeAt(v map[string]any, path string) map[string]any {
	steps := strings.Fields(path)
	for i := 0; i+1 < len(steps); i += 2 {
		var next map[string]any
		children := v[steps[i]]
		if one, ok := children.(map[string]any); ok {
			children = []any{one}
		}
		list, _ := children.([]any)
		for _, c := range list {
			if m, _ := c.(map[string]any); m["archetype_node_id"] == steps[i+1] {
				next = m
				break
			}
		}
		if next == nil {
			return nil
		}
		v = next
	}
	return v
}

// eventTime is an EVENT's time.
func eventTime(ev map[string]any) string {
	return ev["time"].(map[string]any)["value"].(string)
}
