package generator

import "testing"

// TestNoFITBeforeItCameIntoUse (brief h59e): the symptomatic faecal
// immunochemical test came into primary care with NICE DG30 (July 2017;
// catalogue observations in_use_from). Before, it was recorded in every
// year of the record: 541 in 2015-16 on generate -n 20000 -s 83. No FIT is
// recorded before its day, and the FITs after it still come.
func TestNoFITBeforeItCameIntoUse(t *testing.T) {
	r := review5Population(t)
	slot := r.p.obsIndex["fit_quantitative"]
	from := r.p.obsFrom[slot]
	if from == 0 {
		t.Fatal("the FIT has no in_use_from in the catalogue")
	}
	fit := r.snomed("fit_quantitative")
	before, after, earlier := 0, 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != fit {
			continue
		}
		if o.EffectiveTime.Date() < from {
			if before++; before <= 3 {
				t.Errorf("patient %s: a FIT on %s, before it came into use (%s)", o.PatientID, o.EffectiveTime.Date(), from)
			}
			continue
		}
		after++
	}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "change_in_bowel_habit" && c.OnsetDate < from && c.OnsetDate >= r.p.windowStart {
			earlier++
		}
	}
	t.Logf("%d FITs before %s, %d from then; %d changes in bowel habit began before it in the window", before, from, after, earlier)
	enough(t, earlier, 50, "changes in bowel habit before the FIT came into use")
	enough(t, after, 300, "FITs once in use")
}
