package generator

import (
	"math"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A potassium of 6.5 or more sent to A&E went home the same day (brief h71f:
// 22 of 22 such attendances, none admitted, generate -n 20000 -s 83). The UK
// Kidney Association (2020) treats it as an emergency: cardiac monitoring,
// calcium, insulin-glucose and salbutamol, and repeat potassium over the
// hours after. The rule's admit (prescribing.yaml result_stops) admits the
// patient from that attendance, with a repeat in the stay lowered by the
// treatment. The hospital's own medicines are not in the GP record, which
// holds what the practice issued.

// resultAdmit admits from A&E attendance aeID a result v at rs's
// hospital_at, about reason, with a repeat of the result in the stay; the
// draws come from a stream of their own for the day, so nothing else moves.
// A stay that cannot be placed is not made.
func (w *worker) resultAdmit(per *person, rs *resultStopPlan, aeID, reason string, v float64) {
	a := rs.Admit
	if a == nil || v < rs.HospitalAt {
		return
	}
	e := -1
	for i := len(w.b.Encounters) - 1; i >= 0 && w.b.Encounters[i].PatientID == per.id; i-- {
		if w.b.Encounters[i].EncounterID == aeID {
			e = i
			break
		}
	}
	if e < 0 {
		return
	}
	from := w.b.Encounters[e].EndTime
	s := per.stream(w.plan.Opts.Seed, purposeResultAdmit, uint64(from.Date()))
	stay := int(s.LogNormal(math.Log(a.StayDays), 0.4) * 24 * 60)
	end := w.discharged(per, from, min(from.AddMinutes(stay), endOfLife(per)))
	end = w.beforeNextContact(per, from, end)
	if end <= from || end.Date() > per.lastDay || !addStay(per, from, end) {
		return
	}
	id := w.addEncounter(per, encEmergencyAdmission, settingInpatient, from, end, reason, admissionViaAE)
	// The ward repeats the potassium until it reads below the rule's level
	// (brief fix71p: a treated repeat of 6.0-6.1 was the stay's last, with
	// no ECG on its day): a repeat still at the level has the rule's ECG
	// beside it (cardiac monitoring under treatment) and the treatment is
	// given again, the potassium read again hours on. UK Kidney Association
	// 2020: the potassium monitored at intervals after treatment, which is
	// repeated while it stays high (approx, recalled); one further
	// repeat in the stay: model.
	scale := w.plan.obsScale[rs.slot]
	m := w.plan.obsModels[rs.slot]
	at, val := from, v
	for range 2 {
		at = at.AddMinutes(60 * between(a.Hours, &s))
		if at >= end {
			return
		}
		fall := math.Max(0, s.NormalMS(a.Fall[0], a.Fall[1]))
		val = math.Max(m.Min, math.Round((val-fall)*scale)/scale)
		if !w.wardRepeat(per, rs, id, at, val, &s) || !rs.Acts(val) {
			return
		}
		w.resultStopTests(per, rs, id, at) // the ECG beside a repeat still high
	}
}

// wardRepeat records rs's observation at the ward's encounter id at t,
// read as value val (the treated hyperkalaemia, hours on); false when none
// was recorded.
func (w *worker) wardRepeat(per *person, rs *resultStopPlan, id string, t models.Timestamp, val float64, s *distributions.Stream) bool {
	n := len(w.b.Observations)
	w.aeRepeating = true // read, not acted on: the ward treats it
	w.observe(per, id, t, rs.slot, s)
	w.repeatPanel(per, id, t, rs.slot, s) // its sodium: the stay's first repeat holds one already
	w.aeRepeating = false
	for i := len(w.b.Observations) - 1; i >= n; i-- {
		if ob := &w.b.Observations[i]; ob.EncounterID == id && ob.SnomedCode == w.plan.obsCodes[rs.slot].Snomed && ob.Value != nil {
			*ob.Value = val
			per.lastSeen(rs.slot).value = val
			return true
		}
	}
	return false
}
