package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// Severe hypertension in pregnancy admitted (brief h67d). Before, 35
// antenatal readings of 160/110 or more (21 women) and only the 9 of
// pre-eclampsia were followed by an admission (generate -n 20000 -s 83).
// NICE NG133: severe hypertension (160/110 or more) is admitted, and
// managed as hypertension once below it. pregnancy.yaml raised_bp severe.

// severeAdmissions admits the woman from each antenatal appointment of her
// i-th pregnancy (problem row id) whose last blood pressure is at the
// severe level, once all its appointments are written (an appointment's
// last reading is its repeat, or the maternity unit's later that day): an
// emergency maternity admission from the appointment's end about the
// hypertensive problem she holds then, cut at a contact already written in
// its days. Not when a stay already covers the appointment's end. Its own
// stream per appointment day (sub-key 12).
func (w *worker) severeAdmissions(per *person, i int, id string) {
	pp := w.plan.pregnancy
	if pp == nil || pp.raisedBP == nil || pp.raisedBP.r.Severe == nil {
		return
	}
	sv := pp.raisedBP.r.Severe
	pg := &per.pregnancies[i]
	about := map[string]bool{id: true}
	for _, p := range per.partOf {
		if p[1] == id {
			about[p[0]] = true
		}
	}
	sys, dia := w.plan.obsCodes[w.plan.slots.systolic].Snomed, w.plan.obsCodes[w.plan.slots.diastolic].Snomed
	type last struct {
		at       models.Timestamp
		sys, dia float64
	}
	lastOf := map[string]*last{} // by antenatal encounter: its last pair of readings
	var order []string
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		if o.PatientID != per.id || o.Value == nil || (o.SnomedCode != sys && o.SnomedCode != dia) {
			continue
		}
		if d := o.EffectiveTime.Date(); d < pg.lmp || d >= pg.end {
			continue
		}
		l := lastOf[o.EncounterID]
		if l == nil {
			e := w.encounterByID(per, o.EncounterID)
			if e == nil || e.Setting != settingOutpatient || !about[e.ReasonConditionID] {
				continue
			}
			l = &last{}
			lastOf[o.EncounterID] = l
			order = append(order, o.EncounterID)
		}
		if o.EffectiveTime < l.at {
			continue
		}
		if o.EffectiveTime > l.at {
			l.at, l.sys, l.dia = o.EffectiveTime, 0, 0
		}
		if o.SnomedCode == sys {
			l.sys = *o.Value
		} else {
			l.dia = *o.Value
		}
	}
	for _, encID := range order {
		l := lastOf[encID]
		if l.sys < sv.Systolic && l.dia < sv.Diastolic {
			continue
		}
		e := w.encounterByID(per, encID)
		if e == nil {
			continue
		}
		from := e.EndTime
		s := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 12, uint64(from.Date()))
		to := from.AddMinutes(24 * 60 * between(sv.StayDays, &s))
		for k := per.encFrom; k < len(w.b.Encounters); k++ { // an appointment already written in its days ends it, an hour before
			if x := &w.b.Encounters[k]; x.PatientID == per.id && x.StartTime > from && x.StartTime.AddMinutes(-60) < to {
				to = x.StartTime.AddMinutes(-60)
			}
		}
		if to < from.AddMinutes(4*60) || to.Date() >= pg.end || to.Date() > per.lastDay || inStayAt(per, from.AddMinutes(-1), from.AddMinutes(1)) || !addStay(per, from, to) {
			continue // (seen again within hours: the appointment is her assessment)
		}
		w.addEncounter(per, encEmergencyAdmission, settingInpatient, from, to, w.hypertensiveProblem(per, from.Date(), id), maternityAdmission)
	}
}

// hypertensiveProblem is the row id of the hypertensive problem of pregnancy
// (pre-eclampsia, gestational hypertension) or the chronic hypertension the
// woman holds on day d, the latest begun; else def (the pregnancy).
func (w *worker) hypertensiveProblem(per *person, d models.Date, def string) string {
	rb := w.plan.pregnancy.raisedBP
	keys := append(append([]string{}, rb.held...), rb.r.Chronic...)
	best, found, on := def, false, models.Date(0)
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		c := &w.b.Conditions[k]
		if c.OnsetDate > d || (c.ResolvedDate != models.NoDate && c.ResolvedDate <= d) || (found && c.OnsetDate < on) || !slices.Contains(keys, c.ConditionKey) {
			continue
		}
		best, found, on = c.ConditionID, true, c.OnsetDate
	}
	return best
}
