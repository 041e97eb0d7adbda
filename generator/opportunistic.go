package generator

import "github.com/code4health/cohortgen/models"

// An opportunistic test is not taken when its result would diagnose a
// condition the person is developing before the model diagnoses it
// (twenty-seventh review). The HbA1c some GP contacts record from 40 (an
// NHS Health Check's) is drawn after the care simulation has fixed the day
// of diagnosis, so a man whose diabetes was diagnosed in November 2023 had
// an HbA1c of 63 recorded at a joint-pain contact 14 months before, and
// nothing done: a GP reading found 156 people with two or more HbA1c
// results of 48 or more and no diagnosis for 6 months (generate -n 20000
// -s 13). A practice acts on such a result, and the model cannot move the
// diagnosis once care is written; the person is not among those tested
// that year instead (model).

// diagnosticBeforeDiagnosis reports whether the person's usual level of the
// observation in slot on day already lies past the threshold of a condition
// they are developing but have not been diagnosed with.
func (w *worker) diagnosticBeforeDiagnosis(per *person, slot int, day models.Date) bool {
	return w.levelWithinSpreads(per, slot, day, 0)
}

// diagnosticNearDiagnosis reports whether the person's usual level of the
// observation in slot on day lies within two visit-to-visit spreads of the
// threshold of a condition they are developing but have not been
// diagnosed with: a reading's noise alone can cross it there. Stop 72: an
// HbA1c drawn at contacts about non-diabetic hyperglycaemia and fatigue
// (usual level 46-47) read 49 twice, nine months apart, and diabetes came
// two years later, as the level rose to it (TestTwoRaisedHbA1cDiagnoseDiabetes).
// Such a contact is not a review, so nothing finds the condition on it
// (found.go), and the diagnosis cannot move once care is written: the
// opportunistic HbA1c is not taken there (model), as past the threshold.
func (w *worker) diagnosticNearDiagnosis(per *person, slot int, day models.Date) bool {
	return w.levelWithinSpreads(per, slot, day, 2)
}

// levelWithinSpreads reports whether the person's usual level of the
// observation in slot on day lies past, or within spreads visit-to-visit
// spreads of, the threshold of a condition they are developing but have
// not been diagnosed with (spreads > 0 needs the observation's model).
func (w *worker) levelWithinSpreads(per *person, slot int, day models.Date, spreads float64) bool {
	limits := w.plan.obsLimits[slot]
	if len(limits) == 0 {
		return false
	}
	margin := 0.0
	if spreads > 0 {
		m := w.plan.obsModels[slot]
		if m == nil {
			return false
		}
		margin = spreads * m.NoiseAt(per.ageOn(day))
	}
	usual, known := 0.0, false
	for _, l := range limits {
		if f, held := conditionProgress(per, l, day); held || f == 0 {
			continue
		}
		if !known {
			usual, known = w.usualLevel(per, slot, day), true
		}
		if l.upper && usual+margin >= l.value || !l.upper && usual-margin < l.value {
			return true
		}
	}
	return false
}
