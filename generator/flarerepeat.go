package generator

import (
	"cmp"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A long-term problem's repeat (brief h69a): a GP review found an atopic
// eczema's emollient issued acutely at each flare, 60 days at a time, and
// nothing between flares. NICE CKS atopic eczema: emollients are used
// long-term, also when the skin is clear, and issued as repeats in
// generous quantities; a flare adds a topical corticosteroid, an acute
// issue. So the first flare's emollient issue is followed by a repeat,
// authorised at a telephone review when it runs out and re-authorised at a
// yearly review (reviewedrepeat.go), to the end of the problem (its last
// flare's end; open while it lasts); the later flares' emollient issues
// inside it are the repeat's, not issued again.

// flareRepeats writes the one_problem repeats of the patient's flares, the
// runs of flares grouped as oneProblemRows groups them.
func (w *worker) flareRepeats(per *person) {
	for pi := range w.plan.presentations {
		pr := &w.plan.presentations[pi]
		if pr.OneProblem == nil || pr.OneProblem.Repeat == "" {
			continue
		}
		var flares []*models.Condition
		for i := per.condFrom; i < len(w.b.Conditions); i++ {
			if c := &w.b.Conditions[i]; c.ConditionKey == pr.Key {
				flares = append(flares, c)
			}
		}
		slices.SortStableFunc(flares, func(x, y *models.Condition) int { return cmp.Compare(x.OnsetDate, y.OnsetDate) })
		gap := models.Date(pr.OneProblem.RelapseAfterDays)
		for len(flares) > 0 {
			n, end := 1, flares[0].ResolvedDate
			for ; n < len(flares) && end != models.NoDate && flares[n].OnsetDate <= end+gap; n++ {
				if r := flares[n].ResolvedDate; r == models.NoDate || r > end {
					end = r
				}
			}
			w.flareRunRepeat(per, pi, pr.OneProblem.Repeat, flares[:n], end)
			flares = flares[n:]
		}
	}
}

// flareRunRepeat puts medicine key on repeat for one run of flares (the
// problem from its first flare to end, NoDate: open): from the day after
// its first issue, authorised at a telephone review then; the run's later
// acute issues of it within the repeat are withdrawn.
func (w *worker) flareRunRepeat(per *person, pi int, key string, run []*models.Condition, end models.Date) {
	ids := make([]string, len(run))
	for k, c := range run {
		ids[k] = c.ConditionID
	}
	var issues []int // the run's acute issues of the medicine, in time order
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.PrescriptionID.IsZero() || rx.Type != models.PrescriptionAcute || !slices.Contains(ids, rx.ConditionID) {
			continue
		}
		if g, ok := datasets.RegimenByDMD(rx.DMDCode); ok && g.Medicine == key {
			issues = append(issues, i)
		}
	}
	if len(issues) == 0 {
		return
	}
	slices.SortStableFunc(issues, func(x, y int) int {
		return cmp.Compare(w.b.Prescriptions[x].StartDate, w.b.Prescriptions[y].StartDate)
	})
	first := w.b.Prescriptions[issues[0]]
	to := per.lastDay
	if end != models.NoDate {
		to = min(to, end-1)
	}
	if first.EndDate == models.NoDate || first.EndDate >= to {
		return // the first issue lasts the problem
	}
	reg, ok := datasets.RegimenByDMD(first.DMDCode)
	if !ok {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeFlareRepeat, uint64(pi), uint64(first.StartDate))
	id, start, ok := w.gpVisit(per, first.EndDate+1, encGPTelephone, first.ConditionID, &s)
	if !ok {
		return
	}
	d := start.Date()
	if d > to {
		w.unbookLastVisit(per, d)
		return
	}
	for _, i := range issues[1:] { // the later flares' issues: the repeat's now
		if rx := &w.b.Prescriptions[i]; rx.StartDate >= d && rx.StartDate <= to {
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
		} else if rx.StartDate < d && rx.EndDate != models.NoDate && rx.EndDate >= d {
			rx.EndDate = d - 1
		}
	}
	stop := to
	if to >= per.lastDay && per.death == models.NoDate {
		stop = models.NoDate // running on the record's last day
	}
	w.issue(per, id, first.ConditionID, &reg, d, stop, models.PrescriptionRepeat)
	w.reviewRows(per, []int{len(w.b.Prescriptions) - 1}, first.ConditionID, []models.Date{d + reviewEvery + models.Date(s.IntN(29)-14)}, nil, &s)
}
