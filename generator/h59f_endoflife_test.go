package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// registerGaps is, for each death on the palliative care register, the
// longest run of days from the entry (or from the day from, when later) to
// the death with no GP contact and no day in hospital.
func registerGaps(r *realism, from func(entry, death models.Date) models.Date) map[string]models.Date {
	deaths := registerDeaths(r)
	covered := map[string][]models.Date{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if _, ok := deaths[e.PatientID]; !ok {
			continue
		}
		switch e.Setting {
		case settingGP:
			covered[e.PatientID] = append(covered[e.PatientID], e.StartTime.Date())
		case "inpatient": // the ward cares for them while they are in
			for d := e.StartTime.Date(); d <= e.EndTime.Date(); d++ {
				covered[e.PatientID] = append(covered[e.PatientID], d)
			}
		}
	}
	gaps := map[string]models.Date{}
	for id, entry := range deaths {
		death := r.patients[id].DeathDate
		start := from(entry, death)
		days := append(covered[id], start, death)
		slices.Sort(days)
		prev, gap := start, models.Date(0)
		for _, d := range days {
			if d < start || d > death {
				continue
			}
			gap, prev = max(gap, d-prev), d
		}
		gaps[id] = gap
	}
	return gaps
}

// TestRegisterContactsAreNotMonthsApart: someone on the palliative care
// register is seen at least every register_reviews every_days (QOF PC002's
// 3-monthly case review, the GSF's monthly meeting). Before, the register's
// contacts were a few visits drawn at random over the time on it: 176 of 926
// register deaths had a gap of more than 8 weeks between contacts, up to 552
// days (generate -n 20000 -s 83). A review booked on a busy day moves a few
// days on: want at most 2% with a gap longer than every_days and a week.
func TestRegisterContactsAreNotMonthsApart(t *testing.T) {
	r := review5Population(t)
	rr := r.p.Cat.EndOfLife.RegisterReviews
	if rr == nil {
		t.Fatal("catalogue end_of_life register_reviews is missing")
	}
	gaps := registerGaps(r, func(entry, _ models.Date) models.Date { return entry })
	long := 0
	for id, g := range gaps {
		if g > models.Date(rr.EveryDays+7) {
			long++
			t.Logf("%s: %d days without a contact on the register", id, g)
		}
	}
	enough(t, len(gaps), 300, "deaths on the palliative care register")
	t.Logf("%d of %d register deaths had a gap over %d days", long, len(gaps), rr.EveryDays+7)
	if long*100 > 2*len(gaps) {
		t.Errorf("%d of %d register deaths went more than %d days without a contact, want at most 2%%", long, len(gaps), rr.EveryDays+7)
	}
}

// TestRegisterLastWeeksAreSeenOften: in the last register_reviews last_days
// of an expected death the person is seen at least every last_every_days.
// Before, 207 of 926 register deaths had a gap of more than 3 weeks in their
// last 6 (generate -n 20000 -s 83). Want at most 2% with a gap longer than
// last_every_days and a week.
func TestRegisterLastWeeksAreSeenOften(t *testing.T) {
	r := review5Population(t)
	rr := r.p.Cat.EndOfLife.RegisterReviews
	if rr == nil {
		t.Fatal("catalogue end_of_life register_reviews is missing")
	}
	gaps := registerGaps(r, func(entry, death models.Date) models.Date { return max(entry, death-models.Date(rr.LastDays)) })
	long := 0
	for _, g := range gaps {
		if g > models.Date(rr.LastEveryDays+7) {
			long++
		}
	}
	enough(t, len(gaps), 300, "deaths on the palliative care register")
	t.Logf("%d of %d register deaths had a gap over %d days in their last %d", long, len(gaps), rr.LastEveryDays+7, rr.LastDays)
	if long*100 > 2*len(gaps) {
		t.Errorf("%d of %d register deaths went more than %d days without a contact in their last %d, want at most 2%%", long, len(gaps), rr.LastEveryDays+7, rr.LastDays)
	}
}

// TestAnticipatoryMedicinesBeforeALastAdmission: the "just in case"
// medicines of a register death come before a last admission, on the latest
// free day before it. Before, a window that fell in a stay moved to the day
// before the admission and a taken day was booked forward into the stay and
// past the death: 11 of 926 register deaths after 4 weeks or more on the
// register had none, 10 of them admitted in their last month (generate -n
// 20000 -s 83). Want at most 0.5%.
func TestAnticipatoryMedicinesBeforeALastAdmission(t *testing.T) {
	r := review5Population(t)
	keys := anticipatoryKeys(r)
	deaths := registerDeaths(r)
	n, without := 0, 0
	for id, entry := range deaths {
		if r.patients[id].DeathDate-entry < 28 {
			continue
		}
		n++
		if !slices.ContainsFunc(r.rxOf[id], func(rx *models.Prescription) bool {
			g, ok := datasets.RegimenByDMD(rx.DMDCode)
			return ok && keys[g.Medicine]
		}) {
			without++
			t.Logf("%s: on the register from %s, died %s, no anticipatory medicine", id, entry, r.patients[id].DeathDate)
		}
	}
	enough(t, n, 300, "deaths after 4 weeks on the palliative care register")
	if without*1000 > 5*n {
		t.Errorf("%d of %d register deaths had no anticipatory medicine, want at most 0.5%%", without, n)
	}
}
