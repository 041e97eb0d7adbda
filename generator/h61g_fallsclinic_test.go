// Checks for h61g (issue 9): an injury of an older person from a fall has
// its multifactorial falls risk assessment where it is cared for (NICE
// NG249): at the hip fracture's admission, the first fracture clinic, or
// the falls service. Before, 39 of 170 broken hips, 205 of 449 broken
// wrists and 422 of 908 head injuries at 65+ had none within 90 days
// (generate -n 20000 -s 83).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestInjuriesFromFallsAreAssessedForFalls: within 90 days of a broken hip
// or wrist at 65+ (alive and in the record then) a falls risk assessment is
// recorded for 9 in 10 or more (frailty.yaml falls_clinic: 0.9 in hospital,
// the falls service seeing 0.7 of the rest, the practice's first contact
// besides), and for 3 in 4 or more head injuries (no fracture clinic: the
// practice or the falls service); the hip fracture's admission records it
// for 8 in 10 or more (in_hospital_share 0.9; none before).
func TestInjuriesFromFallsAreAssessedForFalls(t *testing.T) {
	r := pathwayPopulation(t)
	fp := &r.p.frailty
	code := fp.falls.Snomed
	const within = 90
	seen, assessed := map[string]int{}, map[string]int{}
	admitted, atAdmission := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		k := c.ConditionKey
		if k != "hip_fracture" && k != "wrist_fracture" && k != "head_injury" {
			continue
		}
		pt := r.patients[c.PatientID]
		end := c.OnsetDate + within
		if ageOnDay(pt, c.OnsetDate) < 65 || c.OnsetDate < r.p.windowStart || end > r.p.Opts.AsOf || (pt.DeathDate != models.NoDate && pt.DeathDate <= end) {
			continue
		}
		seen[k]++
		for _, o := range r.obsOf[c.PatientID] {
			if d := o.EffectiveTime.Date(); o.SnomedCode == code && d >= c.OnsetDate && d <= end {
				assessed[k]++
				break
			}
		}
		if k != "hip_fracture" {
			continue
		}
		in, coded := false, false
		for j := range r.b.Encounters {
			e := &r.b.Encounters[j]
			if e.ReasonConditionID != c.ConditionID || e.Setting != settingInpatient {
				continue
			}
			in = true
			for _, o := range r.obsByEnc[e.EncounterID] {
				coded = coded || o.SnomedCode == code
			}
		}
		if in {
			admitted++
		}
		if coded {
			atAdmission++
		}
	}
	enough(t, seen["hip_fracture"], 40, "broken hips at 65+ followed for 90 days")
	enough(t, seen["wrist_fracture"], 60, "broken wrists at 65+ followed for 90 days")
	for k, min := range map[string]int{"hip_fracture": 90, "wrist_fracture": 90, "head_injury": 75} {
		t.Logf("%s: %d of %d at 65+ have a falls risk assessment within %d days", k, assessed[k], seen[k], within)
		if assessed[k]*100 < seen[k]*min {
			t.Errorf("%s: %d of %d at 65+ have a falls risk assessment within %d days, want %d%% or more", k, assessed[k], seen[k], within, min)
		}
	}
	t.Logf("%d of %d admissions for a broken hip at 65+ record a falls risk assessment", atAdmission, admitted)
	if atAdmission*10 < admitted*8 {
		t.Errorf("%d of %d admissions for a broken hip at 65+ record a falls risk assessment, want 8 in 10 or more", atAdmission, admitted)
	}
}

// TestOsteoporosisContactsAreFollowUps: a practice contact about
// osteoporosis, which causes no symptom of its own, is not typed an
// encounter for a symptom outside end-of-life care (catalogue osteoporosis
// asymptomatic). Before, 372 of 1,186 were (generate -n 20000 -s 83).
func TestOsteoporosisContactsAreFollowUps(t *testing.T) {
	r := pathwayPopulation(t)
	symptom := r.p.encTypes[encGPProblem].Code
	keys := r.conditionKeys()
	contacts, typed := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingGP || keys[e.ReasonConditionID] != "osteoporosis" {
			continue
		}
		if pc := r.has(e.PatientID, "palliative_care"); pc != nil && pc.OnsetDate <= e.StartTime.Date() {
			continue // end-of-life care: no routine follow-up
		}
		contacts++
		if e.TypeCode == symptom {
			typed++
		}
	}
	enough(t, contacts, 50, "practice contacts about osteoporosis")
	t.Logf("%d of %d practice contacts about osteoporosis are typed an encounter for a symptom", typed, contacts)
	if typed*100 > contacts {
		t.Errorf("%d of %d practice contacts about osteoporosis are typed an encounter for a symptom, want under 1%%", typed, contacts)
	}
}
