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
// contact (twenty-fourth review) are written into the vital signs
// composition at the template's paths, with the record's value, unit and
// time: every Parquet reading comes back out of openEHR, and nothing else.
func TestChestReadingsRoundTripThroughVitalSigns(t *testing.T) {
	dir := testRun(t)
	const rr, spo2 = "86290005", "431314004" // observation_codes.csv: respiratory_rate, oxygen_saturation
	obs, err := readback.ReadDir(dir, "parquet", "observations")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{} // patient → "code value unit time"
	for i := 0; i < obs.Rows; i++ {
		code := obs.Column("snomed_code").Str[i]
		if (code != rr && code != spo2) || obs.Column("value").Null[i] {
			continue
		}
		at := time.UnixMicro(obs.Column("effective_time").Num[i]).UTC().Format("2006-01-02T15:04:05Z")
		pid := obs.Column("patient_id").Str[i]
		want[pid] = append(want[pid], fmt.Sprintf("%s %v %s %s", code, obs.Column("value").Float[i], obs.Column("unit").Str[i], at))
	}
	if len(want) == 0 {
		t.Fatal("no respiratory rate or oxygen saturation in 300 patients")
	}
	const (
		rrPath   = "content openEHR-EHR-SECTION.vital_signs.v1 items openEHR-EHR-OBSERVATION.respiration.v1 data at0001 events at0002"
		spo2Path = "content openEHR-EHR-SECTION.vital_signs.v1 items openEHR-EHR-OBSERVATION.indirect_oximetry.v1 data at0001 events at0002"
	)
	n := 0
	for _, e := range readEHRs(t, dir) {
		var got []string
		if e.Compositions > 0 {
			for _, l := range readLines(t, filepath.Join(dir, e.File)) {
				var c map[string]any
				if err := json.Unmarshal(l, &c); err != nil {
					t.Fatal(err)
				}
				if ev := nodeAt(c, rrPath); ev != nil {
					v := nodeAt(ev, "data at0003 items at0004")["value"].(map[string]any)
					if v["_type"] != "DV_QUANTITY" {
						t.Fatalf("respiratory rate as %v", v["_type"])
					}
					got = append(got, fmt.Sprintf("%s %v %s %s", rr, v["magnitude"], v["units"], eventTime(ev)))
				}
				if ev := nodeAt(c, spo2Path); ev != nil {
					v := nodeAt(ev, "data at0003 items at0006")["value"].(map[string]any)
					// A percent (type 2) proportion is numerator/100: the record's "%".
					if v["_type"] != "DV_PROPORTION" || v["type"] != 2.0 || v["denominator"] != 100.0 {
						t.Fatalf("oxygen saturation as %v", v)
					}
					got = append(got, fmt.Sprintf("%s %v %% %s", spo2, v["numerator"], eventTime(ev)))
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
	t.Logf("%d readings round-tripped", n)
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
