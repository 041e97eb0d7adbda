package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A&E's bloods after an overdose (catalogue overdose_bloods; brief h71f):
// none of 642 attendances for self-poisoning had a liver or kidney function
// test or a clotting screen, and 277 went home in under 4 hours (generate
// -n 20000 -s 83). UK practice takes the paracetamol level 4 hours after
// the ingestion (at arrival when later) with LFT, U&E and INR, and the
// treatment waits for them: the sample is taken then and the attendance
// lasts until its results are read. The level itself has no verified code.

// overdosePlan is overdose_bloods resolved.
type overdosePlan struct {
	problem    string
	slots      []int
	clotting   *datasets.ObservationCode // nil: none
	normal     [2]float64                // the clotting screen's normal range (vte clotting)
	hoursAfter int
	arrival    [2]int
	result     int
}

// buildOverdoseBloods resolves the section (checked on load).
func (p *Plan) buildOverdoseBloods() {
	ob := p.Cat.OverdoseBloods
	if ob == nil {
		return
	}
	op := &overdosePlan{problem: ob.Problem, hoursAfter: ob.HoursAfter, arrival: ob.ArrivalHours, result: ob.ResultMinutes}
	for _, t := range ob.Tests {
		op.slots = append(op.slots, p.obsIndex[t])
	}
	if code, ok := datasets.ObservationByKey(ob.Clotting); ok && p.Cat.VTE != nil {
		op.clotting, op.normal = &code, p.Cat.VTE.Clotting.Normal
	}
	p.overdose = op
}

// overdoseBloods records the bloods of each A&E attendance about the
// problem, once every contact is written, on a stream of its own. A sample
// taken after an attendance that ends in an admission is the ward's; one
// that goes home stays until the results are read, unless a later contact
// is in the way (then the sample is taken earlier, to fit).
func (w *worker) overdoseBloods(per *person) {
	op := w.plan.overdose
	if op == nil {
		return
	}
	var s distributions.Stream
	seeded := false
	n := len(w.b.Encounters)
	for e := per.encFrom; e < n; e++ {
		row := w.b.Encounters[e]
		if row.Setting != settingAE || row.ReasonConditionID == "" {
			continue
		}
		if c := w.conditionRow(per, row.ReasonConditionID); c == nil || c.ConditionKey != op.problem {
			continue
		}
		if !seeded {
			s, seeded = per.stream(w.plan.Opts.Seed, purposeOverdoseBloods), true
		}
		wait := (op.hoursAfter - between(op.arrival, &s)) * 60 // to 4 hours after the ingestion
		at := row.StartTime.AddMinutes(max(20, wait))
		encID := row.EncounterID
		if ward := w.admittedFrom(per, e, n); ward >= 0 {
			if at >= row.EndTime {
				at = max(w.b.Encounters[ward].StartTime, min(at, w.b.Encounters[ward].EndTime.AddMinutes(-30)))
				encID = w.b.Encounters[ward].EncounterID
			}
		} else {
			limit := min(w.nextContactAfter(per, e, n).AddMinutes(-30), endOfLife(per))
			if at.AddMinutes(op.result) > limit {
				at = max(row.StartTime.AddMinutes(20), limit.AddMinutes(-op.result))
			}
			if end := min(at.AddMinutes(op.result), limit); end > row.EndTime {
				w.b.Encounters[e].EndTime = end // seen until the results are read
			}
		}
		w.recordOverdoseBloods(per, op, encID, at, &s)
	}
}

// recordOverdoseBloods records the tests at encID from t, one a minute
// apart: the numeric ones read from the person's levels (at any age: the
// adult ranges stand for an adolescent's, as the ferritin's; the eGFR not
// under 18, its formula adults'), then the clotting screen in its normal
// range. A&E reads and answers them: a raised potassium sends nobody on.
func (w *worker) recordOverdoseBloods(per *person, op *overdosePlan, encID string, t models.Timestamp, s *distributions.Stream) {
	n := len(w.b.Observations)
	w.aeRepeating = true
	for _, slot := range op.slots {
		w.anyAge = slot != w.plan.slots.egfr
		w.observe(per, encID, t, slot, s)
		w.anyAge = false
		t = t.AddMinutes(1)
	}
	w.aeRepeating = false
	w.answerOverdoseResults(per, encID, n)
	if op.clotting == nil {
		return
	}
	lo, hi := op.normal[0], op.normal[1]
	o := w.observation(per, encID, t, op.clotting)
	o.Value, o.Unit = w.value(math.Round((lo+s.Float64()*(hi-lo))*10)/10), op.clotting.Unit
	w.b.Observations = append(w.b.Observations, o)
}

// answerOverdoseResults answers a potassium at its rule's level among the
// overdose bloods from observation n on at encID as A&E answers one a GP
// sent (brief fix71p: a potassium of 6.2 in an overdose's U&E went with no
// Hyperkalaemia coded, no ECG and no repeat, audit
// potassium-6-without-hyperkalaemia, scenario ckd-cardiovascular): the
// problem coded on its day, the rule's 12-lead ECG beside the sample, and a
// repeat on a fresh sample half an hour on when the attendance (or the
// ward's stay) is still running (UK Kidney Association 2020, as
// prescribing.yaml result_stops ae_repeat). The medicines the result stops
// are the practice's to stop at its next review.
func (w *worker) answerOverdoseResults(per *person, encID string, n int) {
	end := models.Timestamp(0)
	for i := len(w.b.Encounters) - 1; i >= per.encFrom; i-- {
		if w.b.Encounters[i].EncounterID == encID {
			end = w.b.Encounters[i].EndTime
			break
		}
	}
	for i := n; i < len(w.b.Observations); i++ {
		o := w.b.Observations[i]
		if o.Value == nil || o.EncounterID != encID {
			continue
		}
		for slot, rs := range w.plan.stopOf {
			if rs == nil || rs.HospitalAt <= 0 || rs.Problem == nil || w.plan.obsCodes[slot].Snomed != o.SnomedCode || !rs.Acts(*o.Value) {
				continue
			}
			w.codeResultProblem(per, rs.Problem, encID, o.EffectiveTime.Date())
			w.resultStopTests(per, rs, encID, o.EffectiveTime)
			if o.EffectiveTime.AddMinutes(30) < end {
				w.aeRepeat(per, rs, encID, o.EffectiveTime, *o.Value)
			}
			return
		}
	}
}

// admittedFrom is the index of the admission that follows A&E attendance e
// (beginning as it ends), among the person's first n encounters; -1: none.
func (w *worker) admittedFrom(per *person, e, n int) int {
	end := w.b.Encounters[e].EndTime
	for i := per.encFrom; i < n; i++ {
		if r := &w.b.Encounters[i]; r.Setting == settingInpatient && r.StartTime >= end.AddMinutes(-1) && r.StartTime <= end.AddMinutes(60) {
			return i
		}
	}
	return -1
}

// nextContactAfter is the start of the person's first encounter after
// attendance e begins, among the first n (the end of the record: none).
func (w *worker) nextContactAfter(per *person, e, n int) models.Timestamp {
	start, next := w.b.Encounters[e].StartTime, endOfLife(per)
	for i := per.encFrom; i < n; i++ {
		if r := &w.b.Encounters[i]; i != e && r.StartTime > start && r.StartTime < next {
			next = r.StartTime
		}
	}
	return next
}
