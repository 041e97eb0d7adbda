package scenario

import (
	"strings"
	"testing"
)

// FuzzParse checks that the parser never panics (a recovered panic shows as
// a "cannot read the file" problem), that every problem carries a position
// in the file, and that Parse and Check agree.
func FuzzParse(f *testing.F) {
	for _, name := range Builtin() {
		src, err := BuiltinSource(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		"", "a: b: c", "population: *x", "x: &a [*a]\ncohorts: *a", "cohorts:\n  - <<: *m\n",
		"a: &a {<<: *a}\ncohorts: [*a]\n", "cohorts: [{name: a, count: 1, age: 65+, has: [copd], subgroups: [{name: b, count: 1, age: 20-30}]}]",
		"population: {size: 1}\n---\n", "\t", "personas: [{name: Ann, age: 50, sex: female, conditions: [dementia]}]",
		"prevalence: [{copd: {set: 100%, age: 90+}}]", "cohorts: [{name: a, count: 1, observations: [{bmi: {above: 1e308}}]}]",
		"cohorts: [{name: a, count: 1, age: {min: -9223372036854775808}}]", "population: {size: 1, seed: 0x10}",
		// practices, counts, admissions and reasons
		"population: {size: 3, town: Leeds, practice: {name: A, ods: ZZ9001}}\ncohorts: [{name: a, count: 1, practice: B}]",
		"population: {size: 3, towns: [Leeds, York], practice: A}", "cohorts: [{name: a, count: 1, practice: {name: A, town: Hull, ods: zz9999}}]",
		"cohorts: [{name: a, count: 2, age: 75+, has_count: {of: [copd, ckd, dementia], at_least: 2, at_most: 9}, has_any: [copd]}]",
		"cohorts: [{name: a, count: 1, has_count: {of: [], at_least: 1}}]", "cohorts: [{name: a, count: 1, has_any: [type1_diabetes, type2_diabetes]}]",
		"cohorts: [{name: a, count: 1, encounters: [{inpatient: {current: true, reason: hip_fracture}}, {inpatient: {discharged_within: 0 days}}]}]",
		"cohorts: [{name: a, count: 1, has: [asthma], encounters: [{ae: {reason: asthma attack, current: yes}}]}]",
		"cohorts: [{name: a, count: 1, age: 18-30, has: [ckd], subgroups: [{name: b, count: 1, has_count: {of: [ckd], at_most: 0}}]}]",
		"cohorts: [{name: a, count: 4, overlap: true, subgroups: [{name: b, count: 3, sex: male, smoking: ex}, {name: c+d, count: 4, sex: female}]}]",
		// repeat medicines, CKD stage, insulin, capped GP contacts
		"cohorts: [{name: a, count: 2, age: 80+, medicines_count: {at_least: 7}, ckd_stage: [G3b, 4], insulin_treated: true, subgroups: [{name: b, count: 1, ckd_stage: 5, medicines_count: 99}]}]",
		"cohorts: [{name: a, count: 1, ckd_stage: 3+, encounters: [{gp: {at_most: 0, within: 6 months}}, {outpatient: {at_most: 2}}], insulin_treated: no}]",
		"personas: [{name: Bo, age: 60, ckd_stage: G4, medicines_count: 3, insulin_treated: true, encounters: [{gp: {at_most: 1, at_least: 1}}]}]",
		"cohorts: [{name: a, count: 3, ethnicity: [Asian, J], diagnosed_within: {copd: 1 year}, not_on: [statins], observations: [{hba1c: {not_within: 15 months}}, {foot_check: {not_within: 1 year}}]}]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ps := Check("f.yaml", data)
		for _, p := range ps {
			if p.File != "f.yaml" || p.Line < 1 || p.Column < 1 || p.Message == "" {
				t.Fatalf("problem without a position or message: %+v", p)
			}
			if strings.HasPrefix(p.Message, "cannot read the file") {
				t.Fatalf("the parser panicked: %s", p.Message)
			}
			if n := strings.Count(string(data), "\n") + 1; p.Line > n {
				t.Fatalf("problem at line %d of a %d-line file: %v", p.Line, n, p)
			}
		}
		sc, err := Parse("f.yaml", data)
		if (err == nil) != (len(ps) == 0) {
			t.Fatalf("Parse says %v but Check found %d problems", err, len(ps))
		}
		if err == nil && (sc == nil || sc.Total() <= 0 || sc.Name == "") {
			t.Fatalf("a clean parse must give a scenario with patients: %+v", sc)
		}
	})
}
