package generator

import "github.com/code4health/cohortgen/models"

// Room for the diagnosing clinic (h61e, issue 9). A condition the specialist
// diagnoses (catalogue presents_as: dementia, at the memory assessment
// service, NICE NG97 1.2.10) kept the GP's diagnosis when its referral
// could book no clinic: the person died or entered end-of-life care within
// the weeks the clinic takes, or the record ended first. 19 dementias in
// the record were coded at a GP contact with no memory clinic in the year
// before (generate -n 20000 -s 83), 15 of them in the last 5 months of a
// life. Such a diagnosis is now brought forward so that the clinic it
// refers to comes in time (the survival after a diagnosis, catalogue onset
// survival, is drawn for the diagnosis, and a GP's suspicion comes weeks
// before the specialist's): the memory service makes it. In a care home the
// GP's diagnosis stands: a GP may diagnose dementia in a care home resident
// without a specialist referral (NHS England DiADeM, Diagnosis of Advanced
// Dementia Mandate, for care homes; NG97 1.2.10 refers when the diagnosis
// is uncertain and would help; approx, recalled).

// clinicMarginDays: the clinic an at-diagnosis referral books is seen within
// its most days and this margin for a slot (as seenAfterDiagnosis).
const clinicMarginDays = 28

// roomForDiagnosingClinic brings forward each clinic-diagnosed condition
// whose referral's clinic would come after the last day it can be held:
// the record's last day, and six weeks before the death or the day
// end-of-life care begins. A care home resident on the day keeps it.
func (w *worker) roomForDiagnosingClinic(per *person) {
	for k := range per.conds {
		hc := &per.conds[k]
		if hc.plan.PresentsAs == nil || hc.presented || hc.diagnosedOn != 0 || hc.onset < per.firstDay {
			continue
		}
		most := -1
		for _, r := range hc.plan.referrals {
			if r.AtDiagnosis {
				most = r.Days[1]
			}
		}
		if most < 0 || w.inCareHome(per, hc.onset) {
			continue
		}
		last := per.lastDay
		if per.death != models.NoDate {
			last = min(last, per.death-42)
		}
		if per.eolStart != 0 {
			last = min(last, per.eolStart-1)
		}
		need := models.Date(most + clinicMarginDays)
		earliest := per.birth + models.Date(float64(hc.plan.Onset.MinAge)*365.25)
		if hc.onset+need > last && last-need >= earliest {
			hc.onset = last - need
		}
	}
}

// inCareHome reports whether the person lives in a care home on day d
// (catalogue residence care_home; residence.go).
func (w *worker) inCareHome(per *person, d models.Date) bool {
	r := w.plan.Cat.Residence
	return r != nil && per.atHomeFrom != 0 && per.atHomeFrom <= d && per.atHomeCode == r.CareHome.Observation
}
