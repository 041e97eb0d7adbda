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

// issueUnseen issues, at encounter encID on day d ("": an issue in force as
// the record opens, authorised before it: inforce.go), each running course of
// the class not yet issued in the record by then: the GP issues the
// medicine the patient takes, for its own condition, until its first issue
// already written, or else until that condition's next review re-authorises
// it (care.go issueRepeats ends an issue still running then) or the course
// stops. Nothing is drawn.
func (w *worker) issueUnseen(per *person, class, encID string, d models.Date) {
	for k := range per.courses {
		c := &per.courses[k]
		if !c.running(d) || !c.meds.inClass(class) || c.lastRx >= 0 && c.issued <= d {
			continue
		}
		if encID == "" && !c.running(per.firstDay) {
			continue // carried in with no encounter: only what is still taken as the record opens
		}
		hc := &per.conds[c.cond]
		if c.lastRx >= 0 {
			// its first issue in the record is later (the issues in force
			// are written once the care's reviews are): this one runs to
			// the day before it, and the course's latest issue stays its own
			w.issue(per, encID, hc.rowOn(d), c.reg, d, c.issued-1, models.PrescriptionRepeat)
			continue
		}
		w.addRepeat(per, c, hc.rowOn(d), encID, d, repeatEnd(per, c, per.lastDay+1))
	}
}

// inForceIssue is an issue repeatsInForce wrote: its course and day.
type inForceIssue struct {
	course int
	on     models.Date
}

// protectInForce issues, beside course cr's issue written by repeatsInForce
// on day d (authorised before the record, with no encounter), what its companion's unless class relies on
// (her reflux's PPI beside the naproxen in force), once every condition's
// issues in force are written: a course in force of its own is issued at
// its own condition's review, as before.
func (w *worker) protectInForce(per *person, cr *course, k int, d models.Date) {
	if cp := cr.meds.companion; cp != nil && w.classRunning(per, cp.unless, d, -1) && w.calledFor(per, cp, per.ageOn(d), d, k) {
		w.issueUnseen(per, cp.unless, "", d)
	}
}
