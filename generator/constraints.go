package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"math"
	"time"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// extraEvent is an event added to a cohort member's record so that an
// encounter or observation constraint holds: an encounter of a kind, or an
// observation recorded at a GP visit.
type extraEvent struct {
	day  models.Date
	need *encNeed // the encounter to add; nil to record obsSlot instead
	slot int
}

// plannedEvents lists, before a cohort member's record is generated, the
// encounters their constraints ask for: the cohort is defined by them, so
// they are written in the first pass, on top of the person's natural
// activity, and no second pass is needed for them.
func (w *worker) plannedEvents(per *person, out []extraEvent) []extraEvent {
	cp := per.cohort
	s := per.stream(w.plan.Opts.Seed, purposeExtras, 3)
	for k := range cp.encs {
		need := &cp.encs[k]
		from, to := admissionWindow(need, per)
		for n := 0; n < need.atLeast && from <= to; n++ {
			out = append(out, extraEvent{day: w.eventDay(from, to, need.kind, &s), need: need})
		}
	}
	return out
}

// missingEvents inspects a cohort member's generated rows (from the given
// offsets in the batch) and lists the events their constraints still need:
// an observation no review happened to record in its window.
func (w *worker) missingEvents(per *person, o0 int) []extraEvent {
	cp := per.cohort
	s := per.stream(w.plan.Opts.Seed, purposeExtras)
	var out []extraEvent
	for k := range cp.obs {
		need := &cp.obs[k]
		code := w.plan.obsCodes[need.slot].Snomed
		from := max(need.from, per.firstDay, per.adultOn)
		if need.lastYear {
			from = max(per.anchor-smokingYearDays+1, per.firstDay) // smoking status is recorded at any age
		}
		if from > per.anchor {
			continue
		}
		found := false
		for _, o := range w.b.Observations[o0:] {
			found = found || (o.SnomedCode == code && o.EffectiveTime.Date() >= from)
		}
		if !found {
			out = append(out, extraEvent{day: w.eventDay(from, per.anchor, encGPConsultation, &s), slot: need.slot})
		}
	}
	return out
}

// eventDay picks a day in [from, to] for an added event; clinic visits fall
// on a weekday when the window has one.
func (w *worker) eventDay(from, to models.Date, kind encKind, s *distributions.Stream) models.Date {
	d := from + models.Date(s.IntN(int(to-from)+1))
	if kind == encAE || kind == encEmergencyAdmission {
		return d // any day of the week
	}
	for k := 0; k < 7 && (weekday(d) == time.Saturday || weekday(d) == time.Sunday); k++ {
		if d > from {
			d--
		} else {
			d++
		}
	}
	return d
}

// addStayExtras writes the admissions a cohort member's constraints need,
// with the other stays, before any visit is booked around them.
func (w *worker) addStayExtras(per *person) {
	p := w.plan
	s := per.stream(p.Opts.Seed, purposeExtras, 4)
	for _, x := range per.extras {
		if x.need == nil {
			continue
		}
		age := per.ageOn(x.day)
		switch x.need.kind {
		case encEmergencyAdmission: // on the day or, when a stay is in the way, near it
			if x.need.current || x.need.discharged {
				w.admissionState(per, x, age, &s)
				continue
			}
			for k := models.Date(0); k < 90; k += 3 {
				if w.admitFor(per, x.need, min(x.day+k, per.anchor), age, &s) ||
					w.admitFor(per, x.need, max(x.day-k, per.firstDay), age, &s) {
					break
				}
			}
		case encDayCase:
			start := localToUTC(x.day, 8*60+30*s.IntN(8))
			end := min(start.AddMinutes(240), endOfLife(per))
			if addStay(per, start, end) {
				if x.need.reasoned() {
					encID := w.addEncounter(per, encDayCase, settingInpatient, start, end, "", "11")
					w.b.Encounters[len(w.b.Encounters)-1].ReasonConditionID = w.neededReason(per, x.need, presElective, x.day, encID, &s)
					continue
				}
				reason := w.reasonFor(per, presElective, x.day, 0, "", &s)
				w.addEncounter(per, encDayCase, settingInpatient, start, end, reason, "11")
			}
		}
	}
}

// addExtras writes the events a cohort member's constraints need.
func (w *worker) addExtras(per *person) {
	if len(per.extras) == 0 {
		return
	}
	p := w.plan
	s := per.stream(p.Opts.Seed, purposeExtras, 1)
	for _, x := range per.extras {
		if x.need == nil {
			kind, reason := encGPConsultation, ""
			for ci := range per.conds {
				for _, slot := range per.conds[ci].plan.reviews {
					if slot == x.slot && per.conds[ci].onset <= x.day && reason == "" {
						kind, reason = encChronicReview, per.conds[ci].id
					}
				}
			}
			encID, start, ok := w.gpVisit(per, x.day, kind, reason, &s)
			if !ok {
				continue
			}
			if reason == "" {
				w.b.Encounters[len(w.b.Encounters)-1].ReasonConditionID = w.reasonFor(per, presGP, start.Date(), 0, encID, &s)
			}
			w.observe(per, encID, start.AddMinutes(5), x.slot, &s)
			continue
		}
		reasoned := x.need.reasoned()
		day := x.day
		if reasoned {
			day = w.reasonDay(per, x.need, day)
		}
		switch x.need.kind {
		case encAE:
			// The day was planned before the stays were drawn: a required
			// attendance on a day in hospital moves to the nearest free day
			// of its window (it was lost there, 1 member in 400).
			from, to := admissionWindow(x.need, per)
			day = freeDay(per, day, from, to)
			if reasoned {
				w.aeFor(per, x.need, day, &s)
				continue
			}
			w.acuteEpisode(per, &p.acute[p.aeAcute[s.IntN(len(p.aeAcute))]], day, &s)
		case encEmergencyAdmission, encDayCase: // written with the stays
		case encOutpatient:
			if encID, d, ok := w.outpatient(per, day, "", &s); ok {
				e := len(w.b.Encounters) - 1
				w.b.Encounters[e].ReasonConditionID = w.neededClinicReason(per, x.need, d, encID, &s)
			}
		default: // GP: face to face, telephone or home visit
			encID, start, ok := w.gpVisit(per, day, x.need.kind, "", &s)
			// a day taken: the nearest free one of the window, later first
			// (thirteenth review: background telephone contacts, fewer now,
			// no longer make up a member's second one)
			for k := models.Date(1); !ok && k <= 14; k++ {
				if d := day + k; d <= p.Opts.Population() && d <= per.lastDay {
					if encID, start, ok = w.gpVisit(per, d, x.need.kind, "", &s); ok {
						break
					}
				}
				if d := day - k; d >= x.need.from && d >= per.firstDay {
					encID, start, ok = w.gpVisit(per, d, x.need.kind, "", &s)
				}
			}
			if ok {
				var reason string
				if reasoned {
					reason = w.neededReason(per, x.need, presGP, start.Date(), encID, &s)
				} else {
					reason = w.reasonFor(per, presGP, start.Date(), 0.3, encID, &s)
				}
				w.b.Encounters[len(w.b.Encounters)-1].ReasonConditionID = reason
			}
		}
	}
}

// freeDay is the day of [from, to] nearest d (d itself first, later before
// earlier) that no hospital stay of the person touches; d when none is.
func freeDay(per *person, d, from, to models.Date) models.Date {
	for k := models.Date(0); k <= to-from; k++ {
		for _, c := range [2]models.Date{d + k, d - k} {
			if c >= from && c <= to && !stayOn(per, c) {
				return c
			}
		}
	}
	return d
}

// stayOn reports whether any of the person's hospital stays overlaps day d.
func stayOn(per *person, d models.Date) bool {
	start, end := d.Start(), (d + 1).Start()
	for _, st := range per.stays {
		if st.start < end && st.end > start {
			return true
		}
	}
	return false
}

// shiftObservations moves a cohort member's whole trajectory of an observed
// value so that the latest value in the constraint's window lands in its
// range: the same as the person having a different personal baseline, so
// earlier and later values stay coherent with it.
func (w *worker) shiftObservations(per *person, o0 int) {
	w.shiftOrMeasure(per, o0, nil, false)
}

// neededShifts measures, without changing any row, the shift each
// constrained observation's trajectory needs; the record is then generated
// again with the person's state moved by it, so that every decision taken
// on those readings (a renal dose, an escalation) sees the shifted values.
// With anticipate, a shift that takes a reading further past a care target
// also makes up for the treatment that those readings will add (see
// treatmentAhead), so that the first shifted record usually lands in range.
func (w *worker) neededShifts(per *person, o0 int, anticipate bool) []float64 {
	shifts := make([]float64, len(w.plan.obsKeys))
	w.shiftOrMeasure(per, o0, shifts, anticipate)
	return shifts
}

func (w *worker) shiftOrMeasure(per *person, o0 int, measure []float64, anticipate bool) {
	p := w.plan
	s := per.stream(p.Opts.Seed, purposeExtras, 2)
	rows := w.b.Observations[o0:]
	for k := range per.cohort.obs {
		need := &per.cohort.obs[k]
		m := p.obsModels[need.slot]
		code := p.obsCodes[need.slot].Snomed
		latest := -1
		for i := range rows {
			if rows[i].SnomedCode == code && rows[i].Value != nil && rows[i].EffectiveTime.Date() >= need.from {
				latest = i
			}
		}
		if latest < 0 {
			continue
		}
		v := *rows[latest].Value
		lo := need.min
		if need.slot == p.slots.egfr && per.egfrFloor > lo && per.egfrFloor < need.max {
			lo = per.egfrFloor // a forced drug's renal limit bounds the range
		}
		if need.slot == p.slots.egfr { // and so does any drug issued on the reading's day or later
			if limit := w.renalLimitFrom(per, rows[latest].EffectiveTime.Date()); limit > lo && limit < need.max {
				lo = limit
			}
		}
		if v >= lo && v <= need.max {
			continue
		}
		step := 1 / p.obsScale[need.slot]
		spread := math.Min(math.Abs(s.NormalMS(0, m.Noise+m.SD/2)), need.max-lo)
		target := lo + spread
		if v > need.max {
			target = need.max - spread
		}
		target = math.Round(target*p.obsScale[need.slot]) / p.obsScale[need.slot]
		for target < lo {
			target += step
		}
		for target > need.max {
			target -= step
		}
		delta := target - v
		if measure != nil {
			if anticipate && delta > 0 {
				delta += w.treatmentAhead(per, need.slot, target, rows[latest].EffectiveTime.Date())
			}
			measure[need.slot] += delta
			continue
		}
		// The state was already moved (neededShifts) and the care decisions
		// taken on it; what is left is visit noise, closed on the latest
		// reading alone so that no earlier reading changes under a decision.
		*rows[latest].Value = target
		if need.slot == p.slots.bmi {
			w.rederiveWeights(per, rows)
		}
		if need.slot == p.slots.egfr {
			w.withdrawBelowRenalLimit(per, rows[latest].EffectiveTime.Date(), target)
		}
	}
}

// withdrawBelowRenalLimit removes the patient's issues, in the year after an
// eGFR reading closed onto a cohort's range, of medicines the prescriber
// would not have given at that result (a short course of nitrofurantoin at
// eGFR 37), or not at that dose (sitagliptin 100 mg below 45): the reading
// is what the cohort asks for, the issue yields. A
// scenario's forced drug keeps the eGFR above its limit and is never one.
func (w *worker) withdrawBelowRenalLimit(per *person, d models.Date, egfr float64) {
	rx := w.b.Prescriptions
	from := len(rx)
	for from > 0 && rx[from-1].PatientID == per.id {
		from--
	}
	kept := rx[:from]
	for _, r := range rx[from:] {
		if r.StartDate >= d && r.StartDate-d <= egfrSeenDays {
			if g, ok := datasets.RegimenByDMD(r.DMDCode); ok {
				if m := w.plan.medPlans[g.Medicine]; m != nil && m.renal != nil && egfr < m.renal.Floor(g.Step) && !per.cohort.forces(m.med) {
					continue
				}
			}
		}
		kept = append(kept, r)
	}
	w.b.Prescriptions = kept
}

// renalLimitFrom is the highest eGFR below which a medicine issued to the
// patient on day d or later must not be (0 when none is renally limited).
func (w *worker) renalLimitFrom(per *person, d models.Date) float64 {
	var limit float64
	rx := w.b.Prescriptions
	for i := len(rx) - 1; i >= 0 && rx[i].PatientID == per.id; i-- {
		if rx[i].EndDate != models.NoDate && rx[i].EndDate < d { // over before the reading
			continue
		}
		if g, ok := datasets.RegimenByDMD(rx[i].DMDCode); ok {
			if m := w.plan.medPlans[g.Medicine]; m != nil && m.renal != nil {
				limit = math.Max(limit, m.renal.Floor(g.Step))
			}
		}
	}
	return limit
}

// rederiveWeights recomputes weights from the BMI recorded at the same time.
func (w *worker) rederiveWeights(per *person, rows []models.Observation) {
	p := w.plan
	bmi, weight := p.obsCodes[p.slots.bmi].Snomed, p.obsCodes[p.slots.weight].Snomed
	h := w.height(per)
	for i := range rows {
		if rows[i].SnomedCode != weight {
			continue
		}
		for j := range rows {
			if rows[j].SnomedCode == bmi && rows[j].EffectiveTime == rows[i].EffectiveTime {
				scale := p.obsScale[p.slots.weight]
				*rows[i].Value = math.Round(*rows[j].Value*h*h*scale) / scale
			}
		}
	}
}
