package generator

import "github.com/code4health/cohortgen/models"

// A start's titration course (prescribing.yaml starters; brief h71b, issue
// 9). Quetiapine started by the mental health clinic was issued at 200 mg
// twice daily from its first day, as a repeat of up to 11 months (5 of 5
// starts in the record at generate -n 20000 -s 83). The BNF starts it at
// 25 mg twice daily and raises it over 4 days: the first issue of a course
// started in the record is now that titration, an acute issue of the
// starting tablets, and the maintenance repeat follows from the day after
// it. A dose change of a running course, and a course running as the
// record opens, have no starter. No draw.

// starterIssue writes the titration course of course cr when its first
// issue, at encounter encID on day d for condition row condID, starts it,
// and returns the encounter and day the maintenance repeat (running to end)
// is issued at: encID and d when there is none. A prescription is made at
// a contact on its start day, so the repeat is the GP's, at a telephone
// contact once the titration is through (the team titrates, the GP
// repeats; fix71h: it named the starting consultation, days before): the
// titration runs up to that day, two days past its end at most. With no
// such contact then the start has no starter.
func (w *worker) starterIssue(per *person, cr *course, condID, encID string, d, end models.Date) (string, models.Date) {
	m := cr.meds
	if m.starter == nil || cr.lastRx >= 0 || cr.start != d || d < per.firstDay || (end != models.NoDate && end < d+2*m.starterDays) || carriesOn(per, cr) {
		return encID, d
	}
	if age := per.ageOn(d); age < m.starter.MinAge || age > m.starter.MaxAge {
		return encID, d // not the starter's ages: a child on levetiracetam oral solution (h75b)
	}
	s := per.stream(w.plan.Opts.Seed, purposeStarterRepeat, uint64(d))
	id, start, ok := w.gpVisit(per, d+m.starterDays, encGPTelephone, condID, &s)
	if !ok {
		return encID, d
	}
	day := start.Date()
	if day > d+m.starterDays+starterSlack(m.starterDays) || day > per.lastDay || (end != models.NoDate && end < day+m.starterDays) {
		w.unbookLastVisit(per, day)
		return encID, d
	}
	w.issue(per, encID, condID, m.starter, d, day-1, models.PrescriptionAcute)
	return id, day
}

// carriesOn reports whether course cr carries on an earlier course of the
// same medicine that ended as it began (a dose change), not a start.
func carriesOn(per *person, cr *course) bool {
	for j := range per.courses {
		if o := &per.courses[j]; o != cr && o.med == cr.med && o.start < cr.start && o.stop != models.NoDate && o.stop >= cr.start-1 && o.stop <= cr.start {
			return true
		}
	}
	return false
}

// starterSlack is how many days past its starter's end the repeat's contact
// may come: two for a starter of a week or less (quetiapine's 4 days: the
// week it always had), seven for a longer one (h73d: lamotrigine's 28 days
// were never issued within d+6, and one in five found no contact in two
// days). The starting tablets run to the day before (model).
func starterSlack(days models.Date) models.Date {
	if days > 7 {
		return 7
	}
	return 2
}
