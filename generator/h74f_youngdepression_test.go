package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// suicideRiskAssessment is SNOMED CT 225337009 "Suicide risk assessment"
// (observation_codes.csv suicide_risk_assessment), written out so the test
// counts on main, which lacks the row, too.
const suicideRiskAssessment = "225337009"

// TestYoungDepressionIsAssessedAndFollowedUp: NICE NG134 (1.3, approx;
// NICE CKS summary) assesses a child or young person's depression at
// presentation, its severity and the risk of self-harm and suicide, and
// follows it up: mild depression watched with a review after 2 weeks, then
// a psychological intervention; moderate to severe depression referred to
// children and young people's mental health services. Before (brief h74f,
// generate -n 20000 -s 83), 0 of 163 depressions diagnosed under 18 in the
// record had a PHQ-9 or a risk assessment at the diagnosing contact (the
// PHQ-9 was adult-only; it is valid from 13, Richardson et al. 2010), and 14
// never reached the service (the referral read a later PHQ-9 that could fall
// below 5). Each depression diagnosed at a GP contact under 18 now has both
// coded at that contact, and each with 60 days of record after it is seen at
// a clinic about it within 60 days (days 14-56: model).
func TestYoungDepressionIsAssessedAndFollowedUp(t *testing.T) {
	r := pathwayPopulation(t)
	end := r.p.Opts.Population()
	phq9 := r.snomed("phq9")
	diagnosed, unassessed, unscored, followed, unseen := 0, 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		pt := r.patients[c.PatientID]
		e := r.encs[c.DiagnosisEncounterID]
		if c.ConditionKey != "depression" || pt == nil || e == nil || e.Setting != settingGP || c.OnsetDate >= pt.BirthDate+6575 /* 18 years */ {
			continue
		}
		diagnosed++
		if !r.hasCode(e.EncounterID, suicideRiskAssessment) {
			unassessed++
			t.Logf("%s: depression diagnosed on %s (born %s) with no suicide risk assessment", c.PatientID, c.OnsetDate, pt.BirthDate)
		}
		if !r.hasCode(e.EncounterID, phq9) {
			unscored++
		}
		last := end
		if pt.DeathDate != models.NoDate && pt.DeathDate < last {
			last = pt.DeathDate
		}
		if c.OnsetDate+60 > last {
			continue
		}
		followed++
		if !r.outpatientFor(c.PatientID, "depression", c.OnsetDate+1, c.OnsetDate+60) {
			unseen++
			t.Logf("%s: depression diagnosed on %s (born %s), no clinic within 60 days", c.PatientID, c.OnsetDate, pt.BirthDate)
		}
	}
	t.Logf("%d depressions diagnosed at the GP under 18: %d with no suicide risk assessment, %d with no PHQ-9 at that contact; %d with 60 days of record after, %d not seen at a clinic in them",
		diagnosed, unassessed, unscored, followed, unseen)
	enough(t, diagnosed, 15, "depressions diagnosed at the GP under 18")
	if unassessed > 0 || unscored > 0 {
		t.Errorf("%d of %d depressions diagnosed under 18 with no suicide risk assessment and %d with no PHQ-9 at the diagnosing contact (NICE NG134)", unassessed, diagnosed, unscored)
	}
	if unseen > 0 {
		t.Errorf("%d of %d depressions diagnosed under 18 not seen at a clinic within 60 days (NICE NG134)", unseen, followed)
	}
}
