package generator

import "github.com/code4health/cohortgen/models"

// A companion is not started while a medicine of its unless class runs (a
// PPI for reflux protects the naproxen of rheumatoid arthritis from 65:
// prescribing.yaml companions, NICE CKS NSAIDs). A course authorised before
// the person joined the practice is first issued in the record at its own
// condition's first review there (inforce.go: a one-practice world), which
// can come months after the review that issues the NSAID: a 94-year-old's
// naproxen was issued with no PPI in the record, though hers ran in the
// model (generate -n 30000 -s 97, the 3,123rd person: her naproxen in force
// as the record opened (inforce.go); hard rule
// nsaid-65-plus-without-gastroprotection). Issuing the companion instead
// would put two PPIs side by side once the reflux's issue begins.

// issueUnseen issues, at encounter encID on day d, each running course of
// the class not yet issued in the record: the GP issues the medicine the
// patient takes, for its own condition, until that condition's next review
// re-authorises it (care.go issueRepeats ends an issue still running then)
// or the course stops. Nothing is drawn.
func (w *worker) issueUnseen(per *person, class, encID string, d models.Date) {
	if encID == "" {
		return // a review before the window: nothing is written
	}
	for k := range per.courses {
		c := &per.courses[k]
		if c.lastRx >= 0 || !c.running(d) || !c.meds.inClass(class) {
			continue
		}
		hc := &per.conds[c.cond]
		w.addRepeat(per, c, hc.rowOn(d), encID, d, repeatEnd(per, c, per.lastDay+1))
	}
}

// protectInForce issues, beside course cr's issue written by repeatsInForce
// at encounter encID on day d, what its companion's unless class relies on
// (her reflux's PPI beside the naproxen in force).
func (w *worker) protectInForce(per *person, cr *course, k int, encID string, d models.Date) {
	if cp := cr.meds.companion; cp != nil && w.classRunning(per, cp.unless, d, -1) && w.calledFor(per, cp, per.ageOn(d), d, k) {
		w.issueUnseen(per, cp.unless, encID, d)
	}
}
