package generator

import (
	"math"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// sameDayHospital sends a young baby the GP has just seen with a red-flag
// presentation (fever or a UTI under 3 months: NICE NG143, NG224) to
// hospital the same day: an A&E attendance for the paediatric assessment,
// then, when admitted, an emergency admission with the same reason for
// parenteral antibiotics. The draws come from the baby's own stream for the
// day, so nothing else moves. A stay that would reach a contact already on
// the record ends before it.
func (w *worker) sameDayHospital(per *person, pi int, reason string, after models.Timestamp) {
	day := after.Date()
	if reason == "" || !w.sentToAE(per, pi, day) || day < per.firstDay {
		return
	}
	h := w.plan.presentations[pi].SameDayHospital
	age := int(day - per.birth)
	s := per.stream(w.plan.Opts.Seed, purposeRedFlag, uint64(day))
	start := after.AddMinutes(45 + s.IntN(120))
	aeEnd := min(start.AddMinutes(aeMinutes(&s)), endOfLife(per))
	admit := age < h.AdmitUnderDays || s.Bernoulli(h.Admit)
	end := aeEnd
	if admit {
		end = w.discharged(per, aeEnd, min(aeEnd.AddMinutes(int(s.LogNormal(math.Log(h.StayDays), 0.4)*24*60)), endOfLife(per)))
	}
	end = w.beforeNextContact(per, start, end)
	if end <= aeEnd {
		admit, end = false, aeEnd
	}
	if end.Date() > per.lastDay || !addStay(per, start, end) {
		return
	}
	if !admit { // seen and sent home: not a stay
		per.stays = per.stays[:len(per.stays)-1]
	}
	w.addEncounter(per, encAE, settingAE, start, aeEnd, reason, "")
	if admit {
		w.addEncounter(per, encEmergencyAdmission, settingInpatient, aeEnd, end, reason, admissionViaAE)
	}
}

// beforeNextContact cuts end back to before the person's next encounter
// already written after start (their records are the batch's last rows).
func (w *worker) beforeNextContact(per *person, start, end models.Timestamp) models.Timestamp {
	return w.beforeNextContactBut(per, start, end, nil)
}

// beforeNextContactBut is beforeNextContact passing over the encounters at
// the batch indexes but (ascending): those the stay's patient misses.
func (w *worker) beforeNextContactBut(per *person, start, end models.Timestamp, but []int) models.Timestamp {
	for i := len(w.b.Encounters) - 1; i >= 0 && w.b.Encounters[i].PatientID == per.id; i-- {
		if _, skip := slices.BinarySearch(but, i); skip {
			continue
		}
		if e := &w.b.Encounters[i]; e.StartTime > start && e.StartTime <= end {
			end = e.StartTime.AddMinutes(-60)
		}
	}
	return end
}

// sentToAE reports whether presentation pi on day d is one a baby of the
// person's age is sent to hospital for through A&E (same_day_hospital):
// such a baby is not admitted from the practice directly.
func (w *worker) sentToAE(per *person, pi int, d models.Date) bool {
	h := w.plan.presentations[pi].SameDayHospital
	return h != nil && int(d-per.birth) < h.UnderDays
}
