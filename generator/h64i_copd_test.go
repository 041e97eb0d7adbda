// Checks for brief h64i: COPD on the palliative care register is still
// reviewed for its breathlessness.
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestCOPDIsReviewedOnThePalliativeRegister: a GP found a person with COPD
// 26 months on the palliative care register at SpO2 86-88% with no LAMA and
// no pulmonary rehabilitation (generate -n 3000 -s 31): routine reviews
// stopped on the register, so the MRC grade that steps inhaled therapy up
// and offers rehabilitation was never read again (2 of 181 people with
// COPD on the register graded after joining it, generate -n 20000 -s 83).
// Of people with COPD on the register for 270 days or more in the record
// (a review a year, with room for its timing), most are graded there; and
// of those graded MRC 3 or more there, most have been referred to
// pulmonary rehabilitation (catalogue copd referral chance 0.8 a review).
func TestCOPDIsReviewedOnThePalliativeRegister(t *testing.T) {
	r := review5Population(t)
	eol := r.p.Cat.EndOfLife.Register.Key
	var grades []string
	for _, k := range []string{"mrc_grade_1", "mrc_grade_2", "mrc_grade_3", "mrc_grade_4", "mrc_grade_5"} {
		grades = append(grades, r.snomedCode(t, k))
	}
	rehab := r.snomedCode(t, "pulmonary_rehab_referral")
	end := r.p.Opts.Population()
	long, graded, breathless, referred := 0, 0, 0, 0
	for id, pt := range r.patients {
		reg := r.has(id, eol)
		if reg == nil || r.has(id, "copd") == nil {
			continue
		}
		until := end
		if pt.DeathDate != models.NoDate {
			until = pt.DeathDate
		}
		seen, three := false, false
		for _, o := range r.obsOf[id] {
			if i := slices.Index(grades, o.SnomedCode); i >= 0 && o.EffectiveTime.Date() >= reg.OnsetDate {
				seen, three = true, three || i >= 2
			}
		}
		if until-reg.OnsetDate >= 270 {
			long++
			if seen {
				graded++
			}
		}
		if three {
			breathless++
			if r.codedBetween(id, rehab, 0, until) {
				referred++
			}
		}
	}
	enough(t, long, 20, "people with COPD on the palliative care register for 270 days or more")
	t.Logf("%d of %d people with COPD on the register 270 days or more were graded there; %d of %d graded MRC 3+ there were referred to pulmonary rehabilitation", graded, long, referred, breathless)
	if graded*100 < long*70 {
		t.Errorf("%d of %d people with COPD on the palliative care register for 270 days or more had no MRC grade there (want 70%% graded: NICE NG115 1.2, breathlessness treated whatever the prognosis; a review a year, catalogue copd reviews end_of_life)", long-graded, long)
	}
	enough(t, breathless, 10, "people with COPD graded MRC 3 or more on the register")
	if referred*100 < breathless*75 {
		t.Errorf("%d of %d people with COPD graded MRC 3 or more on the palliative care register were never referred to pulmonary rehabilitation (want 75%% referred: NICE NG115 1.2, catalogue copd referral chance 0.8 a review)", breathless-referred, breathless)
	}
}
