package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Planned operations come at their published rates per 1,000 person-years
// (the catalogue's `operations_per_1000` beside each presentation), and the
// rest of the elective volume goes to day-case procedures: before this was
// calibrated joint replacements came at about 35 per 1,000 person-years.
func TestPlannedOperationsAtPublishedRates(t *testing.T) {
	r := newRealism(t, 3000)
	p := r.p
	end := p.Opts.Population()
	py := r.personYears(func(pt *models.Patient) models.Date { return pt.BirthDate })
	key := r.conditionKeys()
	ops := map[string]int{}
	total := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.AdmissionMethod != "11" || e.StartTime.Date() < p.windowStart || e.StartTime.Date() > end {
			continue
		}
		total++
		ops[key[e.ReasonConditionID]]++
	}
	rate := func(k string) float64 { return 1000 * float64(ops[k]) / py }
	for k, n := range ops {
		t.Logf("%-24s %5d  %6.2f per 1,000 person-years", k, n, rate(k))
	}
	t.Logf("all elective: %d, %.1f per 1,000 person-years over %.0f", total, 1000*float64(total)/py, py)

	// Published figures (sources in catalogue.yaml beside the weights),
	// with room for a 3,000-patient sample.
	for _, c := range []struct {
		name   string
		keys   []string
		lo, hi float64
	}{
		{"cataract surgery (England about 8)", []string{"cataract"}, 5, 12},
		{"hip and knee replacement (England 2-3)", []string{"hip_osteoarthritis", "knee_osteoarthritis"}, 1.5, 5},
		{"inguinal hernia repair (about 1.2)", []string{"inguinal_hernia"}, 0.4, 2.5},
		{"procedures for heavy menstrual bleeding (about 2)", []string{"menorrhagia"}, 0.7, 4},
		{"grommets (about 0.5)", []string{"otitis_media"}, 0.05, 1.5},
	} {
		got := 0.0
		for _, k := range c.keys {
			got += rate(k)
		}
		if got < c.lo || got > c.hi {
			t.Errorf("%s: %.1f per 1,000 person-years, want %g-%g", c.name, got, c.lo, c.hi)
		}
	}
	// The elective volume is no longer kept at HES's 150 per 1,000 a year:
	// procedures follow referrals (thirteenth review,
	// TestProceduresFollowTheirReferrals), and the volume the model does
	// not code books nothing (elective_referral uncoded).
}

// An outpatient clinic follows up only the chronic conditions a specialist
// team sees (catalogue `clinic: true`); another chronic condition reaches a
// clinic only by its own referral (NHS Talking Therapies for depression,
// specialist advice for resistant hypertension), once per referral, and a
// referral that gives a course (datasets referral course, h75d: CYPMHS
// therapy for depression under 18) up to its sessions after that. Before,
// any condition held could be a clinic's reason, so hypertension and
// non-diabetic hyperglycaemia were seen in clinics again and again.
func TestClinicsFollowUpSpecialistConditionsOnly(t *testing.T) {
	r := newRealism(t, 1500)
	chronic := map[string]bool{} // condition key -> followed up in clinic
	referrals := map[string]int{}
	courses := map[string][]datasets.Referral{}
	for _, c := range r.p.Cat.Conditions {
		chronic[c.Key] = c.Clinic
		referrals[c.Key] = len(c.Referral)
		for _, rf := range c.Referral {
			if rf.AgainAfterYears > 0 { // referred again after so many years (h56a): at most once more per span of the window
				referrals[c.Key] += int(float64(r.p.Opts.HistoryYears) / rf.AgainAfterYears)
			}
			if rf.Course != nil { // the service's course after its assessment (h75d: CYPMHS therapy for depression under 18, datasets/referralcourse.go): the referral's own attendances, for a problem diagnosed at the referral's ages
				courses[c.Key] = append(courses[c.Key], rf)
			}
		}
	}
	dxa, ok := datasets.ObservationByKey("dxa_scan")
	if !ok {
		t.Fatal("observation_codes.csv: no dxa_scan")
	}
	seen := map[string]int{} // clinic attendances per problem
	conds := map[string]*models.Condition{}
	for i := range r.b.Conditions {
		conds[r.b.Conditions[i].ConditionID] = &r.b.Conditions[i]
	}
	key := r.conditionKeys()
	clinics, specialist, wrong := 0, 0, map[string]int{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingOutpatient || e.TypeCode == r.p.encTypes[encEyeScreening].Code || e.TypeCode == dxa.Snomed {
			// a diabetic eye screen is the screening programme's, not a clinic
			// (eyescreening.go); a DXA attendance typed as its scan (the
			// 5-year alendronic acid review's, coursereview.go, typed as
			// investigation() types a test's) is radiology, not a follow-up
			continue
		}
		clinics++
		k := key[e.ReasonConditionID]
		if clinic, isChronic := chronic[k]; isChronic && !clinic {
			allowed := referrals[k]
			if cond := conds[e.ReasonConditionID]; cond != nil {
				for _, rf := range courses[k] {
					if age := ageOnDay(r.patients[cond.PatientID], cond.OnsetDate); age >= rf.MinAge && (rf.MaxAge == 0 || age <= rf.MaxAge) {
						allowed += rf.Course.Sessions[1]
					}
				}
			}
			if seen[e.ReasonConditionID]++; seen[e.ReasonConditionID] > allowed {
				wrong[k]++
			}
		} else if clinic {
			specialist++
		}
	}
	if len(wrong) > 0 {
		t.Errorf("of %d clinic attendances, these had as their reason a chronic condition without specialist follow-up, beyond its referrals: %v", clinics, wrong)
	}
	if specialist < clinics/20 {
		t.Errorf("only %d of %d clinic attendances follow up a specialist condition", specialist, clinics)
	}
	t.Logf("%d clinic attendances, %d for a condition with specialist follow-up", clinics, specialist)
}
