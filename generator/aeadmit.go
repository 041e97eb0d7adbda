package generator

import (
	"math"
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
// record ends before it, and one that cannot be placed is not made.
func (w *worker) aeAdmits(per *person, pi int, reason string, e int) {
	if pi < 0 || reason == "" {
		return
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
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeAEAdmit, uint64(day))
	if age >= h.AdmitUnderDays && !s.Bernoulli(h.Admit) {
		return
	}
	stay := int(s.LogNormal(math.Log(h.StayDays), 0.4) * 24 * 60)
	end := w.discharged(per, ae.EndTime, min(ae.EndTime.AddMinutes(stay), endOfLife(per)))
	end = w.beforeNextContact(per, ae.EndTime, end)
	if end <= ae.EndTime || end.Date() > per.lastDay || !addStay(per, ae.EndTime, end) {
		return
	}
	w.addEncounter(per, encEmergencyAdmission, settingInpatient, ae.EndTime, end, reason, admissionViaAE)
}
