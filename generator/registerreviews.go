package generator

import (
	"slices"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// registerReviews sees a person on the palliative care register at least
// as often as catalogue end_of_life register_reviews asks, from the entry
// to until (the death, or the day after the record ends for the living on
// it): a gap between GP contacts longer than the interval is filled with a
// review about the cause, a home visit from the end-of-life home-visit age
// or for a care home resident or the housebound, else a telephone review.
// The register's own contacts were a few visits drawn at random over the
// time on it, and people on it for a year went nine months unseen (h59f).
// Run once the other GP contacts are written, so that any of them counts.
func (w *worker) registerReviews(per *person, until models.Date, s *distributions.Stream) {
	eol := w.plan.Cat.EndOfLife
	if eol == nil || eol.RegisterReviews == nil || per.eolStart == 0 || per.causeID == "" {
		return
	}
	rr := eol.RegisterReviews
	due := func(prev models.Date) models.Date { // the latest day the next contact may fall
		next := prev + models.Date(rr.EveryDays)
		if per.death == models.NoDate {
			return next
		}
		return min(next, max(prev+models.Date(rr.LastEveryDays), per.death-models.Date(rr.LastDays)))
	}
	days := w.gpContactDays(per, per.eolStart, until)
	prev, i := per.eolStart, 0
	for {
		for i < len(days) && days[i] <= due(prev) {
			prev = max(prev, days[i])
			i++
		}
		next := due(prev)
		if next >= until {
			return
		}
		d := max(next-models.Date(s.IntN(7)), prev+1) // a few days before it is due
		kind := encGPTelephone
		if w.seenAtHome(per, d) || per.ageOn(d) >= eol.HomeVisitsFromAge {
			kind = encGPHomeVisit
		}
		_, start, ok := w.gpVisit(per, d, kind, per.causeID, s)
		if !ok || start.Date() >= until {
			return
		}
		prev = max(prev, start.Date())
	}
}

// gpContactDays lists, in order, the days from from to before until on
// which the person had a GP contact.
func (w *worker) gpContactDays(per *person, from, until models.Date) []models.Date {
	var days []models.Date
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		e := &w.b.Encounters[i]
		if d := e.StartTime.Date(); e.Setting == settingGP && d >= from && d < until {
			days = append(days, d)
		}
	}
	slices.Sort(days)
	return days
}
