package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// gpSentMinutes is the length of the contact that sends a patient in.
const gpSentMinutes = 20

// gpSentPlan is the catalogue's gp_sent_admission, resolved: the slots
// measured at the contact and each one's raise.
type gpSentPlan struct {
	slots []int
	raise []float64 // per entry of slots
}

// buildGPSent resolves the observations the contact before a GP-arranged
// admission measures.
func (p *Plan) buildGPSent() error {
	g := &p.Cat.Activity.GPSentAdmission
	p.gpSent = gpSentPlan{}
	for _, key := range g.Observations {
		k, ok := p.obsIndex[key]
		if !ok {
			return fmt.Errorf("activity.gp_sent_admission: no observation %q", key)
		}
		p.gpSent.slots = append(p.gpSent.slots, k)
		p.gpSent.raise = append(p.gpSent.raise, g.Raise[key])
	}
	return nil
}

// localMinute is t's minute of the local (UK) day of its UTC date: 1,440 or
// more when BST has moved it into the next local day.
func localMinute(t models.Timestamp) int {
	d := t.Date()
	return int(int64(t-d.Start())/models.MicrosPerMinute) + ukClock.offsetMinutes(d)
}

// gpCanSendIn reports whether a practice could have seen the patient and
// arranged an admission starting at adm: a working day, with room for the
// contact in practice hours its lead time before (catalogue
// gp_sent_admission). An admission drawn for the GP route at any other time
// comes through A&E (hospital.go).
func (p *Plan) gpCanSendIn(adm models.Timestamp) bool {
	g := &p.Cat.Activity.GPSentAdmission
	if ukClock.closed(adm.Date()) {
		return false
	}
	m := localMinute(adm)
	return m >= g.OpensMinute+g.LeadMinutes[0] && m <= g.ClosesMinute-gpSentMinutes+g.LeadMinutes[1]
}

// gpSentContacts writes, before each emergency admission a GP arranged, the
// practice contact that sent the patient in, unless a consultation that
// day already did (in person, it records the presenting state if it
// recorded nothing): a face-to-face appointment (a home visit in
// end-of-life care) about the admission's reason 1-4 hours before it, at
// which the GP measured the presenting state. Before, 5,267 of 5,392 such admissions had no practice
// contact that day (generate -n 20000 -s 5; twenty-first review). It runs
// once every stay and contact is written, so the contact falls in no stay
// and on no other appointment; an admission with no such time free, or on
// a day whose one practice contact could not have sent it in (a vaccine,
// a visit after it), goes through A&E after all (gpSentFallback).
func (w *worker) gpSentContacts(per *person) {
	n := len(w.b.Encounters) // the contacts written here are appended after
	var recording *seqSet
	for e := per.encFrom; e < n; e++ {
		if w.b.Encounters[e].AdmissionMethod != admissionViaGP {
			continue
		}
		adm := w.b.Encounters[e] // a copy: appending may move the rows
		s := per.stream(w.plan.Opts.Seed, purposeGPSentContact, uint64(adm.StartTime))
		if k := w.gpContactOn(per, adm.StartTime.Date()); k >= 0 { // one practice contact a day
			c := w.b.Encounters[k]
			if !w.canSendIn(&c, adm.StartTime) {
				w.gpSentFallback(per, e)
				continue
			}
			if recording == nil {
				recording = w.encountersRecording(per)
			}
			if c.TypeCode != w.plan.encTypes[encGPTelephone].Code && !recording.has(c.EncounterID) { // seen, and nothing written down
				w.presentingState(per, c.EncounterID, c.StartTime.AddMinutes(5), adm.ReasonConditionID, &s)
				recording.add(c.EncounterID)
			}
			continue
		}
		start, ok := w.gpSentSlot(per, adm.StartTime, &s)
		// nor on the day of a planned admission or day case: a patient at
		// hospital for a colonoscopy is not at the surgery too (review14
		// TestNoGPContactOnAPlannedOperationDay; more cellulitis seen at the
		// GP, h66c, sent one in on a colonoscopy's day)
		if !ok || per.capsGPVisit(start.Date()) || per.plannedDays.has(start.Date()) { // (a scenario member seen no more often than its constraint allows)
			w.gpSentFallback(per, e)
			continue
		}
		d := start.Date()
		kind, ct := encGPProblem, contactGPProblem
		if w.seenAtHome(per, d) {
			kind, ct = encGPHomeVisit, contactGPHomeVisit
		}
		id := w.addEncounterFor(per, kind, ct, settingGP, start, start.AddMinutes(gpSentMinutes), adm.ReasonConditionID, "")
		per.gpDays.add(d)
		w.presentingState(per, id, start.AddMinutes(5), adm.ReasonConditionID, &s)
	}
}

// gpContactOn is the index of the person's practice contact on day d, or
// -1 (a patient has at most one a day: timeline.go gpVisit).
func (w *worker) gpContactOn(per *person, d models.Date) int {
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		if c := &w.b.Encounters[k]; c.Setting == settingGP && c.StartTime.Date() == d {
			return k
		}
	}
	return -1
}

// canSendIn reports whether practice contact c is one that could have
// sent the patient in at adm: a consultation (in person, by telephone or at
// home) with a reason, seen by someone, before it.
func (w *worker) canSendIn(c *models.Encounter, adm models.Timestamp) bool {
	if c.PractitionerID == "" || c.ReasonConditionID == "" || c.StartTime >= adm {
		return false
	}
	for _, k := range []encKind{encGPConsultation, encGPProblem, encGPTelephone, encGPHomeVisit} {
		if c.TypeCode == w.plan.encTypes[k].Code {
			return true
		}
	}
	return false
}

// gpSentSlot is the start of the contact before admission adm: its lead
// drawn from the catalogue's, on the 10-minute grid, inside practice hours,
// moved earlier (then later) to the first time that falls in no stay and
// on no other encounter. It reports false when there is none.
func (w *worker) gpSentSlot(per *person, adm models.Timestamp, s *distributions.Stream) (models.Timestamp, bool) {
	g := &w.plan.Cat.Activity.GPSentAdmission
	d := adm.Date()
	m := localMinute(adm)
	lo := max(g.OpensMinute, m-g.LeadMinutes[1])
	hi := min(g.ClosesMinute-gpSentMinutes, m-g.LeadMinutes[0])
	lo = (lo + 9) / 10 * 10
	hi = hi / 10 * 10
	if hi < lo {
		return 0, false
	}
	want := lo + 10*s.IntN((hi-lo)/10+1)
	for k := want; k >= lo; k -= 10 {
		if t := localToUTC(d, k); w.freeFor(per, t, t.AddMinutes(gpSentMinutes)) {
			return t, true
		}
	}
	for k := want + 10; k <= hi; k += 10 {
		if t := localToUTC(d, k); w.freeFor(per, t, t.AddMinutes(gpSentMinutes)) {
			return t, true
		}
	}
	return 0, false
}

// freeFor reports whether the person is in no stay and at no other
// encounter from start to end.
func (w *worker) freeFor(per *person, start, end models.Timestamp) bool {
	for _, st := range per.stays {
		if start < st.end && end > st.start {
			return false
		}
	}
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		if e := &w.b.Encounters[k]; start < e.EndTime && end > e.StartTime {
			return false
		}
	}
	return start.Date() <= per.lastDay && start.Date() >= per.firstDay
}

// gpSentFallback gives admission e, for which no practice contact fits
// (another stay or appointment fills the hours before it, or the day's one
// practice contact could not have sent the patient in), another route: from
// an A&E attendance earlier that day when there is one (method 21), else
// through an A&E attendance written to end as the admission begins, when
// that time is free; else "other emergency admission" (HES 2D), which
// claims no GP (twenty-first review: of 2,938 admissions drawn for the GP
// route in hours, 12 took a new A&E attendance here and 2 the last;
// generate -n 20000 -s 5).
func (w *worker) gpSentFallback(per *person, e int) {
	adm := w.b.Encounters[e]
	d := adm.StartTime.Date()
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		c := &w.b.Encounters[k]
		if c.Setting != settingAE || c.StartTime.Date() != d || c.EndTime > adm.StartTime {
			continue
		}
		// the attendance must end as the admission begins (fix68c: a
		// laceration's attendance ending at 14:56 and an admission "via
		// A&E" at 15:30, TestAdmissionsThroughAEFollowAnAttendance): an
		// attendance ending up to an hour before is kept on until the
		// admission when those minutes are free; else a new one is written
		if c.EndTime < adm.StartTime && (c.EndTime.AddMinutes(60) < adm.StartTime || !w.freeFor(per, c.EndTime, adm.StartTime)) {
			continue
		}
		c.EndTime = adm.StartTime
		w.b.Encounters[e].AdmissionMethod = admissionViaAE
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeGPSentContact, uint64(adm.StartTime), 1)
	for _, minutes := range []int{aeMinutes(&s), 60, 30} {
		if start := adm.StartTime.AddMinutes(-minutes); w.freeFor(per, start, adm.StartTime) {
			w.b.Encounters[e].AdmissionMethod = admissionViaAE
			w.addEncounter(per, encAE, settingAE, start, adm.StartTime, adm.ReasonConditionID, "")
			return
		}
	}
	w.b.Encounters[e].AdmissionMethod = admissionOtherEmergency
}

// presentingState measures, at the contact that sends the patient in, the
// catalogue's observations of the presenting state, each raised by the
// illness: its gp_sent_admission raise, and the move a contact about the
// problem on the day of its admission gives (contact_readings: a fever's
// temperature, fading as the episode passes and at least the reading that
// names the problem on its first day; a chest illness's respiratory rate
// and oxygen saturation).
func (w *worker) presentingState(per *person, encID string, t models.Timestamp, reason string, s *distributions.Stream) {
	p := w.plan
	c := w.conditionRow(per, reason)
	for i, slot := range p.gpSent.slots {
		if w.examinationWithheld(per, t.Date(), slot) {
			continue // no blood pressure or pulse in the last weeks of life: the temperature still
		}
		n := len(w.b.Observations)
		w.observe(per, encID, t, slot, s)
		if len(w.b.Observations) == n {
			continue
		}
		m := p.obsModels[slot]
		v := w.b.Observations[n].Value
		if raise := p.gpSent.raise[i]; raise != 0 {
			*v = math.Min(m.Max, *v+raise)
		}
		if r := p.contactReadingFor(slot); c != nil && r != nil {
			*v = r.illness(*v, c, t.Date(), t.Date() == c.OnsetDate, true, m, 0) // admitting: no home limit
		}
		*v = math.Round(*v*p.obsScale[slot]) / p.obsScale[slot]
	}
}
