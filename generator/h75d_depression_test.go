package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// cypmhsReferral is SNOMED CT 306291008 "Referral to child and adolescent
// psychiatrist" (observation_codes.csv cypmhs_referral), written out so the
// test counts on main, which lacks the row, too.
const cypmhsReferral = "306291008"

// TestDepressionRiskAssessedAtEveryAge: NICE NG222 1.2.8 (verified): always
// ask people with depression directly about suicidal ideation and intent.
// Before (brief h75d, generate -n 20000 -s 83), 0 of 1,727 depressions
// diagnosed at 18 or over had a suicide risk assessment (225337009) at the
// diagnosing contact (161 of 161 under 18 did). Now every diagnosis in the
// record, first or a new episode, has one there.
func TestDepressionRiskAssessedAtEveryAge(t *testing.T) {
	r := pathwayPopulation(t)
	adults, unassessed := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		pt := r.patients[c.PatientID]
		if c.ConditionKey != "depression" || pt == nil || r.encs[c.DiagnosisEncounterID] == nil || c.OnsetDate < pt.BirthDate+6575 /* 18 years */ {
			continue
		}
		adults++
		if !r.hasCode(c.DiagnosisEncounterID, suicideRiskAssessment) {
			unassessed++
			if unassessed <= 5 {
				t.Logf("%s: depression diagnosed on %s with no suicide risk assessment", c.PatientID, c.OnsetDate)
			}
		}
	}
	t.Logf("%d depressions diagnosed at 18 or over in the record, %d with no suicide risk assessment at the diagnosing contact", adults, unassessed)
	enough(t, adults, 100, "adult depression diagnoses")
	if unassessed > 0 {
		t.Errorf("%d of %d adult depression diagnoses with no suicide risk assessment (NICE NG222 1.2.8)", unassessed, adults)
	}
}

// TestYoungDepressionReferralCourse: NICE NG134 (approx): children and
// young people's mental health services assess a depression and give a
// psychological therapy over weeks; the GP reviews it after. Before (brief
// h75d, generate -n 20000 -s 83), no referral was coded (0 of 161), and of
// the 125 depressions diagnosed at the GP under 18 with a year of record
// after, 22 had no contact about the depression 2-12 months after, and all
// 110 diagnosed 6 months or more before 18 had one clinic attendance or none
// in those 6 months. Now the diagnosing contact codes the referral, each
// such depression has a contact 2-12 months after, and each diagnosed 6
// months before 18 has 3 or more attendances in 6 months (the course ends
// at 18, the service's age).
func TestYoungDepressionReferralCourse(t *testing.T) {
	r := pathwayPopulation(t)
	end := r.p.Opts.Population()
	type seen struct{ clinics, later int }
	young, uncoded, followed, single, lost := 0, 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		pt := r.patients[c.PatientID]
		e := r.encs[c.DiagnosisEncounterID]
		if c.ConditionKey != "depression" || pt == nil || e == nil || e.Setting != settingGP || c.OnsetDate >= pt.BirthDate+6575 {
			continue
		}
		young++
		if !r.hasCode(e.EncounterID, cypmhsReferral) {
			uncoded++
		}
		last := end
		if pt.DeathDate != models.NoDate && pt.DeathDate < last {
			last = pt.DeathDate
		}
		if c.OnsetDate+365 > last {
			continue
		}
		followed++
		var n seen
		for j := range r.b.Encounters {
			x := &r.b.Encounters[j]
			if x.PatientID != c.PatientID || x.ReasonConditionID != c.ConditionID {
				continue
			}
			d := x.StartTime.Date()
			if x.Setting == settingOutpatient && d >= c.OnsetDate && d <= c.OnsetDate+183 {
				n.clinics++
			}
			if d >= c.OnsetDate+60 && d <= c.OnsetDate+365 {
				n.later++
			}
		}
		if n.clinics < 3 && c.OnsetDate+183 < pt.BirthDate+6575 { // a course begun 6 months before 18 (the service's age)
			single++
			t.Logf("%s: depression diagnosed on %s (born %s): %d clinic attendances in 6 months", c.PatientID, c.OnsetDate, pt.BirthDate, n.clinics)
		}
		if n.later == 0 {
			lost++
			t.Logf("%s: depression diagnosed on %s (born %s): no contact about it 2-12 months after", c.PatientID, c.OnsetDate, pt.BirthDate)
		}
	}
	t.Logf("%d depressions diagnosed at the GP under 18: %d with no referral coded; %d with a year of record after, %d with fewer than 3 clinic attendances in 6 months, %d with no contact 2-12 months after",
		young, uncoded, followed, single, lost)
	enough(t, young, 15, "depressions diagnosed at the GP under 18")
	if uncoded > 0 {
		t.Errorf("%d of %d depressions diagnosed under 18 with no referral coded at the diagnosing contact", uncoded, young)
	}
	if single > 0 || lost > 0 {
		t.Errorf("of %d young depressions followed a year: %d with fewer than 3 attendances in 6 months, %d with no contact 2-12 months after (NICE NG134)", followed, single, lost)
	}
}
