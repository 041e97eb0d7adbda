package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestExSmokerCodedAtFourWeeks: a quit is counted at 4 weeks (NCSCT
// briefing 14, verified: abstinence between weeks two and four from the
// target quit date). Before (brief h75d, generate -n 20000 -s 83), 122 of
// 832 stop-smoking courses had "Ex-smoker" (8517006) coded within 14 days of
// the first issue, at the 2-week review a week after the quit date. Now no
// course has it coded less than 28 days after the quit date (the first
// issue plus quit_after_days), and a course whose supply runs on past the
// 4 weeks codes it once they are up.
func TestExSmokerCodedAtFourWeeks(t *testing.T) {
	r := pathwayPopulation(t)
	q := r.p.Cat.Smoking.QuitSupport
	const exSmoker = "8517006"
	lastIssue := map[string]models.Date{} // course (problem) id: the last issue's end
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		if m := medKey(rx); m == "nicotine" || m == "varenicline" {
			lastIssue[rx.ConditionID] = max(lastIssue[rx.ConditionID], rx.EndDate)
		}
	}
	courses, early, continued, uncoded := 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != q.Indication.Key {
			continue
		}
		courses++
		quit := c.OnsetDate + models.Date(q.QuitAfterDays)
		coded := false
		for _, o := range r.obsOf[c.PatientID] {
			d := o.EffectiveTime.Date()
			if o.ValueCode != exSmoker || d < c.OnsetDate {
				continue
			}
			if d < quit+28 {
				early++
				t.Logf("%s: Ex-smoker coded on %s, %d days after the quit date %s", c.PatientID, d, d-quit, quit)
			} else if d <= lastIssue[c.ConditionID]+1 {
				coded = true
			}
		}
		if lastIssue[c.ConditionID] >= quit+42 { // supplied well past the 4 weeks: the person stopped
			continued++
			if !coded {
				uncoded++
				t.Logf("%s: course from %s supplied to %s with no Ex-smoker after 4 weeks", c.PatientID, c.OnsetDate, lastIssue[c.ConditionID])
			}
		}
	}
	t.Logf("%d stop-smoking courses: %d Ex-smoker codes less than 28 days after the quit date; %d supplied past 6 weeks, %d of them with no Ex-smoker coded after 4 weeks", courses, early, continued, uncoded)
	enough(t, courses, 50, "stop-smoking courses")
	if early > 0 {
		t.Errorf("%d Ex-smoker codes less than 28 days after a supported quit date (NCSCT: a quit counts at 4 weeks)", early)
	}
	if uncoded > 0 {
		t.Errorf("%d of %d courses continued past 6 weeks with no Ex-smoker coded after 4 weeks", uncoded, continued)
	}
}
