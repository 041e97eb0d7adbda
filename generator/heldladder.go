package generator

import "github.com/code4health/cohortgen/models"

// A medicine begun for one condition while another, already diagnosed,
// has a line that takes it over (catalogue take_over: bisoprolol and
// ramipril for heart failure with a reduced ejection fraction) starts on
// that line's ladder, at its first dose (h64b). Before, take_over moved
// only a course running at the diagnosis, at the dose it had reached: a
// heart attack whose stay's echocardiogram read an ejection fraction of
// 40% or less was given bisoprolol 5 mg by the coronary heart disease line
// (4a4d4621 at 15%, generate -n 3000 -s 31), as heart failure's own start of
// 1.25 mg was covered. The bisoprolol SmPC (heart failure: 1.25 mg for a
// week, then 2.5, 3.75, 5, 7.5 and 10 mg) and NICE NG106 1.4 (start low, go
// slow) apply whatever the reason the beta-blocker is begun; the heart
// failure's titration reviews step the course up (titratesHere), as they do
// a course taken over.

// heldLadder is the ladder of medicine m that a line of another condition
// of the person, diagnosed by day d and called for by its reading (needs),
// takes over; m itself when none does.
func (w *worker) heldLadder(per *person, ci int, m *medPlan, d models.Date) *medPlan {
	for j := range per.conds {
		hc := &per.conds[j]
		if j == ci || hc.onset > d || !hc.started && hc.diagnosedAt == "" {
			continue // not the GP's to know of yet
		}
		for li := range hc.plan.lines {
			if hc.needsHold(li) {
				continue
			}
			line := &hc.plan.lines[li]
			for i, o := range line.Options {
				if o.TakeOver && line.meds[i] != nil && line.meds[i].med == m.med {
					return line.meds[i]
				}
			}
		}
	}
	return m
}
