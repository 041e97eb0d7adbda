package generator

import (
	"math"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// aeAdmits admits from A&E a young baby brought there with a presentation
// whose risk is their age (twenty-seventh review): bronchiolitis under 6
// weeks (NICE NG9, catalogue ae_admit) and a fever under 3 months (NICE
// NG143: a high-risk sign; the presentation's same_day_hospital, the same
// assessment as a baby the GP sends in). Before, a baby of 10 days with
// bronchiolitis went home from A&E as often as an older one (under 6
// weeks 13 of 71 admitted, 3 months and over 224 of 771; generate -n
// 20000 -s 5). e is the A&E encounter's index in the batch, pi its
// presentation. The draws come from the baby's own stream for the day, so
// nothing else moves; a stay that would reach a contact already on the
// record ends before it, and one that cannot be placed is not made. A baby
// who must be admitted (under admit_under_days: NICE NG224 1.1.3, NG143)
// is admitted over a child's routine GP appointment not yet given a problem
// (an empty check-up, childCheckups): that appointment is missed, not the
// admission. Before, a UTI at 78 days went home from A&E because such a
// check-up was booked 25 minutes after it (child-health-clinic, h75i). It
// returns the A&E encounter's index, moved back by the check-ups dropped.
func (w *worker) aeAdmits(per *person, pi int, reason string, e int) int {
	if pi < 0 || reason == "" {
		return e
	}
	pr := &w.plan.presentations[pi]
	h := pr.AEAdmit
	if h == nil {
		h = pr.SameDayHospital
	}
	ae := w.b.Encounters[e]
	day := ae.StartTime.Date()
	age := int(day - per.birth)
	if h == nil || age >= h.UnderDays {
		return e
	}
	s := per.stream(w.plan.Opts.Seed, purposeAEAdmit, uint64(day))
	must := age < h.AdmitUnderDays
	if !must && !s.Bernoulli(h.Admit) {
		return e
	}
	stay := int(s.LogNormal(math.Log(h.StayDays), 0.4) * 24 * 60)
	end := w.discharged(per, ae.EndTime, min(ae.EndTime.AddMinutes(stay), endOfLife(per)))
	var missed []int
	if must {
		missed = w.emptyCheckupsIn(per, ae.EndTime, end)
	}
	end = w.beforeNextContactBut(per, ae.EndTime, end, missed)
	if end <= ae.EndTime || end.Date() > per.lastDay || !addStay(per, ae.EndTime, end) {
		return e
	}
	missed = slices.DeleteFunc(missed, func(k int) bool { return w.b.Encounters[k].StartTime > end })
	if len(missed) > 0 { // in hospital: the routine appointments in the stay are missed
		days := make([]models.Date, len(missed))
		for i, k := range missed {
			days[i] = w.b.Encounters[k].StartTime.Date()
		}
		w.b.Encounters = deleteAt(w.b.Encounters, missed)
		e -= len(missed) // every one was written before the A&E attendance
		for _, d := range days {
			if w.gpContactOn(per, d) < 0 { // gpsentin.go
				per.gpDays.remove(d)
			}
		}
	}
	w.addEncounter(per, encEmergencyAdmission, settingInpatient, ae.EndTime, end, reason, admissionViaAE)
	return e
}

// emptyCheckupsIn lists, ascending, the batch indexes of the child's GP
// check-ups starting after from and by to that are still empty: no reason
// and nothing recorded at them (childCheckups gives these a problem later,
// or drops them).
func (w *worker) emptyCheckupsIn(per *person, from, to models.Timestamp) []int {
	checkup := w.plan.encTypes[encGPConsultation].Code
	var out []int
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		x := &w.b.Encounters[k]
		if x.Setting != settingGP || x.ReasonConditionID != "" || x.TypeCode != checkup || x.StartTime <= from || x.StartTime > to {
			continue
		}
		recorded := false
		for o := per.obsFrom; o < len(w.b.Observations) && !recorded; o++ {
			recorded = w.b.Observations[o].EncounterID == x.EncounterID
		}
		if !recorded {
			out = append(out, k)
		}
	}
	return out
}
