// Checks for brief h67e: asthma that responds - the diagnosing spirometry
// shows the obstruction, and repeated oral steroid courses on the practice's
// top step bring the specialist (BTS/NICE/SIGN NG245, 2024).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestAsthmaSpirometryShowsObstruction: the spirometry that diagnosed asthma
// recorded only the ratio after the bronchodilator, 0.76 on average, so no
// obstruction showed (445 adults without COPD, generate -n 20000 -s 83).
// NG245: spirometry in suspected asthma looks for an FEV1/FVC ratio below
// 0.7 in adults, which a bronchodilator may reverse. Each diagnosing visit
// with a ratio after the bronchodilator now has one before it too, rarely
// above it (the two are drawn apart, 0.14 apart on average: 0 of 482 at -n
// 20000 -s 83, 1 of 148 here; a bronchodilator that opens the airways can
// raise the FVC more than the FEV1, so a small fall is not impossible); before
// it, 9 in 10 adults without COPD read below 0.7 (396 of 445 at -n 20000 -s
// 83, 120 of 133 here; the bound 0.8 leaves room for a smaller sample).
func TestAsthmaSpirometryShowsObstruction(t *testing.T) {
	r := pathwayPopulation(t)
	post, pre := r.snomed("fev1_fvc_ratio"), r.snomed("fev1_fvc_ratio_pre_bd")
	if pre == post {
		t.Fatal("no code of its own for the FEV1/FVC ratio before the bronchodilator")
	}
	visits, paired, obstructed, plain, above := 0, 0, 0, 0, 0
	for id, conds := range r.condsOf {
		for _, c := range conds {
			if c.ConditionKey != "asthma" || c.DiagnosisEncounterID == "" {
				continue
			}
			after, ok := r.valueAt(c.DiagnosisEncounterID, post)
			if !ok {
				continue
			}
			visits++
			before, ok := r.valueAt(c.DiagnosisEncounterID, pre)
			if !ok {
				continue
			}
			paired++
			if before > after {
				above++
				t.Logf("%s: FEV1/FVC %.2f before the bronchodilator, above the %.2f after it", id, before, after)
			}
			if r.has(id, "copd") != nil {
				continue
			}
			plain++
			if before < 0.7 {
				obstructed++
			}
		}
	}
	enough(t, visits, 40, "asthma diagnoses with spirometry")
	t.Logf("%d of %d asthma diagnosing spirometries with a ratio before the bronchodilator; %d of %d without COPD below 0.7",
		paired, visits, obstructed, plain)
	if paired < visits {
		t.Errorf("%d of %d asthma diagnosing spirometries had an FEV1/FVC ratio before the bronchodilator; want all (NG245)", paired, visits)
	}
	if float64(above) > 0.05*float64(paired) {
		t.Errorf("%d of %d asthma diagnosing spirometries read higher before the bronchodilator than after it; want 5%% or fewer", above, paired)
	}
	if float64(obstructed) < 0.8*float64(plain) {
		t.Errorf("%d of %d adults' asthma diagnosing spirometries read below 0.7 before the bronchodilator; want 80%% or more (NG245)", obstructed, plain)
	}
}

// TestRepeatedSteroidCoursesOnTheTopStepSeeTheSpecialist: people on the
// practice's last step for their age (an adult on tiotropium added to
// moderate-dose MART, a child on montelukast beside the inhaled steroid) had
// course after course of prednisolone with nothing done: of 652 courses that
// were the second or more in 12 months, 232 had an asthma clinic in the
// year before or the 120 days after (generate -n 20000 -s 83; adults 231 of
// 628, the referral made once, when the pathway first ran out; children 1
// of 24, never referred). NG245: refer asthma not controlled on the
// practice's treatment to a specialist; two or more courses of oral steroids
// in 12 months mark poor control (BTS/SIGN 158, NRAD). Now 630 of 652; the
// bound 0.85 leaves room for a clinic that could not be booked (end-of-life
// care, the record's end) in a smaller sample.
func TestRepeatedSteroidCoursesOnTheTopStepSeeTheSpecialist(t *testing.T) {
	r := pathwayPopulation(t)
	courses, seen := 0, 0
	for id, rxs := range r.rxOf {
		if r.has(id, "copd") != nil { // the COPD pathway steps their airways disease up
			continue
		}
		var ocs []models.Date
		top := map[bool]models.Date{true: models.NoDate, false: models.NoDate} // the last step's first issue, adult or child
		for _, rx := range rxs {
			m := medKey(rx)
			switch {
			case m == "prednisolone" && r.forCondition(id, rx, "asthma_attack"):
				ocs = append(ocs, rx.StartDate)
			case (m == "tiotropium" || m == "montelukast") && r.forCondition(id, rx, "asthma") && (top[m == "tiotropium"] == models.NoDate || rx.StartDate < top[m == "tiotropium"]):
				top[m == "tiotropium"] = rx.StartDate
			}
		}
		for _, d := range ocs {
			adult := ageOnDay(r.patients[id], d) >= 18
			if top[adult] == models.NoDate || d-14 < top[adult] {
				continue
			}
			again := false // another course in the 12 months before
			for _, e := range ocs {
				again = again || e < d && e > d-365
			}
			if !again {
				continue
			}
			courses++
			if r.outpatientFor(id, "asthma", d-364, d+120) {
				seen++
			}
		}
	}
	enough(t, courses, 40, "second oral steroid courses in 12 months on the last step")
	t.Logf("%d of %d second or later oral steroid courses in 12 months on the top step with an asthma clinic in the year before or 120 days after", seen, courses)
	if float64(seen) < 0.85*float64(courses) {
		t.Errorf("%d of %d second or later oral steroid courses in 12 months on the top step had an asthma clinic in the year before or 120 days after; want 85%% or more (NG245)", seen, courses)
	}
}

// TestAsthmaReviewAssessesControl: only a telephone review asked the Asthma
// Control Test, so of 813 adults with asthma (no COPD) and an asthma
// contact in the record's last year 184 had an ACT score in it (generate -n
// 20000 -s 83). QOF AST007 and NG245: the asthma review assesses control
// with a validated questionnaire (approx). Of adults living at the record's
// end with asthma for a year or more and an asthma contact in its last
// year, 787 of 813 now have an ACT score in that year (223 of 231 here);
// the bound 0.85 leaves room for a contact that was only an attack or a
// repeat request.
func TestAsthmaReviewAssessesControl(t *testing.T) {
	r := pathwayPopulation(t)
	end := r.p.Opts.Population()
	act := r.snomed("asthma_control_test")
	reviewed, assessed := 0, 0
	for id, pt := range r.patients {
		c := r.has(id, "asthma")
		if c == nil || pt.DeathDate != models.NoDate || ageOnDay(pt, end) < 18 || c.OnsetDate > end-365 || r.has(id, "copd") != nil {
			continue
		}
		contact := false
		for _, e := range r.b.Encounters {
			if e.PatientID == id && e.Setting == settingGP && e.ReasonConditionID == c.ConditionID && e.StartTime.Date() > end-365 {
				contact = true
				break
			}
		}
		if !contact {
			continue
		}
		reviewed++
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == act && o.EffectiveTime.Date() > end-365 && o.EffectiveTime.Date() <= end {
				assessed++
				break
			}
		}
	}
	enough(t, reviewed, 100, "adults with an asthma contact in the record's last year")
	t.Logf("%d of %d adults with an asthma contact in the record's last year had an Asthma Control Test score in it", assessed, reviewed)
	if float64(assessed) < 0.85*float64(reviewed) {
		t.Errorf("%d of %d adults with an asthma contact in the record's last year had an Asthma Control Test score in it; want 85%% or more (QOF AST007, NG245)", assessed, reviewed)
	}
}
