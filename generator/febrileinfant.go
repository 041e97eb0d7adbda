package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A baby under 3 months with a temperature of 38 or more at A&E is admitted
// under the paediatricians, whatever brought them (febrilechild.yaml
// ae_admit; NICE NG143: a red sign, assessed and investigated by a
// paediatric specialist). The presentations' own routes admit a fever and
// some bronchiolitis (aeadmit.go), but they are chosen before the readings
// are drawn, so a bronchiolitis or a chest infection reading 38 or more went
// home: 9 of 224 such attendances (a pneumonia at 48 days with 39.4 sent
// home on amoxicillin; generate -n 20000 -s 83, brief h70a). This runs once
// every reading is written, a sepsis's vitals too (a septic baby of 20 days
// went home from A&E, found by the rule at 100,000 patients): the stay follows the
// attendance (the fever's same_day_hospital stay), A&E takes the fever
// screen of its age (catalogue ae_tests of the fever), and where no stay
// can be placed (it would run into a contact already written) the reading
// is kept below 38, as at a practice that keeps a baby (young_home_limit).

// febrileInfantPlan is what febrileInfantAdmits reads, resolved.
type febrileInfantPlan struct {
	sign     *datasets.TrafficSign
	slot     int                      // the reading's observation slot
	stayDays float64                  // the median stay (the problem's same_day_hospital)
	limit    *datasets.YoungHomeLimit // the reading kept below at a baby not admitted
	screen   []episodeTestPlan        // A&E's tests of the problem (the fever screen)
	problem  string                   // the febrile problem (fever)
}

// resolveFebrileInfant resolves ae_admit, once the presentations, readings
// and A&E tests are built; nil when febrile_child has none.
func (p *Plan) resolveFebrileInfant() {
	fc := p.febrileChild
	if fc == nil || fc.AEAdmit == nil {
		return
	}
	fi := &febrileInfantPlan{sign: fc.AEAdmit, slot: p.obsIndex[fc.AEAdmit.Observation], problem: fc.Problem, screen: p.aeTestsBy[fc.Problem]}
	for i := range p.presentations {
		if pr := &p.presentations[i]; pr.Key == fc.Problem && pr.SameDayHospital != nil {
			fi.stayDays = pr.SameDayHospital.StayDays
		}
	}
	if r := p.contactReadingFor(fi.slot); r != nil {
		fi.limit = r.YoungHomeLimit
	}
	if fi.stayDays > 0 && fi.limit != nil {
		p.febrileInfant = fi
	}
}

// febrileInfantAdmits admits each baby at A&E whose last reading there is
// the sign and who is not admitted from it, or keeps the reading below it.
func (w *worker) febrileInfantAdmits(per *person) {
	fi := w.plan.febrileInfant
	if fi == nil || int(per.firstDay-per.birth) >= fi.sign.UnderDays {
		return
	}
	n := len(w.b.Encounters)
	for e := per.encFrom; e < n; e++ {
		ae := w.b.Encounters[e] // a copy: the stay's row grows the batch
		age := int(ae.StartTime.Date() - per.birth)
		if ae.Setting != settingAE || ae.ReasonConditionID == "" || !fi.sign.Holds(age) {
			continue
		}
		o := w.lastReadingAt(per, ae.EncounterID, fi.slot)
		if o < 0 || !fi.sign.Met(age, *w.b.Observations[o].Value) {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeFebrileInfantAdmit, uint64(ae.StartTime.Date()))
		if w.stayNear(per, ae.StartTime, ae.EndTime) { // admitted by its own route (a young baby's bronchiolitis)
			w.febrileScreen(per, &ae, &s)
			continue
		}
		stay := int(s.LogNormal(math.Log(fi.stayDays), 0.4) * 24 * 60)
		end := w.discharged(per, ae.EndTime, min(ae.EndTime.AddMinutes(stay), endOfLife(per)))
		end = w.beforeNextContact(per, ae.EndTime, end)
		if end < ae.EndTime.AddMinutes(4*60) || end.Date() > per.lastDay || !addStay(per, ae.EndTime, end) {
			// no stay fits: the baby went home, so read below 38
			v := w.b.Observations[o].Value
			*v = 2*fi.limit.Limit - *v // mirrored below, as keptHomeYoung does
			if *v < fi.limit.Floor {
				*v = min(2*fi.limit.Floor-*v, fi.limit.Limit)
			}
			continue
		}
		w.addEncounter(per, encEmergencyAdmission, settingInpatient, ae.EndTime, end, ae.ReasonConditionID, admissionViaAE)
		w.admissionReadings(per, len(w.b.Encounters)-1)
		w.sepsisAdmitted(per, len(w.b.Encounters)-1) // sepsisepisode.go: sepsisVitals ran before this admission
		w.febrileScreen(per, &ae, &s)
		w.withdrawAEAcute(per, ae.EncounterID)
	}
}

// withdrawAEAcute withdraws the acute issues of the A&E attendance encID
// (the oral amoxicillin a chest infection sent home is given): the baby
// admitted from it is treated on the ward, whose medicines the record
// does not hold. Before, a pneumonia at 48 days now admitted kept its
// amoxicillin suspension (h70a).
func (w *worker) withdrawAEAcute(per *person, encID string) {
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		if rx := &w.b.Prescriptions[i]; rx.EncounterID == encID && rx.Type == models.PrescriptionAcute && !rx.PrescriptionID.IsZero() {
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
		}
	}
}

// febrileScreen records A&E's fever screen of the baby's age (the white
// cell count, blood culture and urine culture; catalogue ae_tests of the
// fever) at attendance ae, 20 minutes in as aeTests takes it, when ae is
// about another problem: a fever's own is taken by aeTests. Before, 46 of
// 224 febrile babies had no blood culture (a bronchiolitis admitted by its
// own route; generate -n 20000 -s 83).
func (w *worker) febrileScreen(per *person, ae *models.Encounter, s *distributions.Stream) {
	fi := w.plan.febrileInfant
	if c := w.conditionRow(per, ae.ReasonConditionID); c != nil && c.ConditionKey != fi.problem {
		w.recordTests(per, fi.screen, fi.problem, c.ConditionID, c.OnsetDate, nil, ae.EncounterID, ae.StartTime.AddMinutes(20), s)
	}
}

// lastReadingAt is the index of the last reading in slot recorded at
// encounter encID, or -1.
func (w *worker) lastReadingAt(per *person, encID string, slot int) int {
	code := w.plan.obsCodes[slot].Snomed
	last := -1
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		if o.EncounterID == encID && o.Value != nil && o.SnomedCode == code && (last < 0 || o.EffectiveTime >= w.b.Observations[last].EffectiveTime) {
			last = i
		}
	}
	return last
}

// stayNear reports whether a stay runs at the attendance from start to
// end, or begins from its start to the day after it ends.
func (w *worker) stayNear(per *person, start, end models.Timestamp) bool {
	for _, st := range per.stays {
		if st.start <= end && st.end > start || st.start >= start && st.start.Date() <= end.Date()+1 {
			return true
		}
	}
	return false
}

// admissionReadings takes, at the admission row e written here, the
// contact readings an admission for its problem records (a bronchiolitis's
// or a chest infection's respiratory rate and saturation, worse on the day
// it is admitted): contactReadings ran before this admission was written,
// so the admission recorded no breathing (3 of 8019 chest illness contacts,
// h70a; fix70a). The entries after the temperature, on streams of the
// admission's own, as contactReadings' second call takes them.
func (w *worker) admissionReadings(per *person, e int) {
	p := w.plan
	to := len(p.contactReadings)
	if to <= 1 {
		return
	}
	day := uint64(w.b.Encounters[e].StartTime.Date())
	streams := make([]distributions.Stream, to)
	for i := 1; i < to; i++ {
		streams[i] = per.stream(p.Opts.Seed, purposeFebrileInfantAdmit, day, uint64(i))
	}
	spreads := per.stream(p.Opts.Seed, purposeFebrileInfantAdmit, day, 0)
	w.measureContact(per, e, 1, to, streams, &spreads, w.admissionDays(per))
}
