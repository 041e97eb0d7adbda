package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A dose raised through a pregnancy (prescribing.yaml pregnancy_doses;
// brief h72c, issue 9). 38 of 38 pregnancies of women on levothyroxine
// kept the dose they had before (generate -n 20000 -s 83): the need rises
// by about a third, and the dose is raised as soon as the pregnancy is
// known, then goes back at the birth or the loss. At the visit that
// records the pregnancy the repeat running then ends the day before and
// the raised dose is issued to the day before the pregnancy ends; a
// repeat issued later inside it is raised too; what ran on after the end
// runs on at the dose before. The level is checked at that visit and
// postnatal_days after the end (pregnancylevels.go checks it in between).
// The visits draw from a stream of their own.

// pregnancyDosePlan is a resolved datasets.PregnancyDose: the medicine's
// own plan (its usual ladder) and the slot of its level.
type pregnancyDosePlan struct {
	datasets.PregnancyDose
	m    *medPlan
	slot int
}

// resolvePregnancyDoses resolves the medicine and observation of each
// pregnancy dose.
func (p *Plan) resolvePregnancyDoses(rules *datasets.Prescribing) error {
	for _, d := range rules.PregnancyDoses {
		slot, ok := p.obsIndex[d.Observation]
		m := p.medPlans[d.Medicine]
		if !ok || m == nil {
			return fmt.Errorf("prescribing.yaml: pregnancy_doses: %q needs a prescribable medicine and %q an observation of the catalogue", d.Medicine, d.Observation)
		}
		p.pregnancyDoses = append(p.pregnancyDoses, pregnancyDosePlan{PregnancyDose: d, m: m, slot: slot})
	}
	return nil
}

// raiseForPregnancy raises, for the woman's i-th pregnancy recorded at the
// visit enc on day d, each pregnancy dose's repeats running inside it.
func (w *worker) raiseForPregnancy(per *person, i int, enc string, d models.Date) {
	if enc == "" || d < w.plan.windowStart {
		return
	}
	pg := &per.pregnancies[i]
	for di := range w.plan.pregnancyDoses {
		dp := &w.plan.pregnancyDoses[di]
		s := per.stream(w.plan.Opts.Seed, purposePregnancyDose, uint64(di), uint64(i))
		cond := w.raiseRepeats(per, dp, enc, d, pg.end, &s)
		if cond == "" {
			continue
		}
		if e := w.encounterByID(per, enc); e != nil && !w.recordedWithin(per, dp.slot, d, 28) {
			w.observeOnce(per, enc, e.StartTime.AddMinutes(6), dp.slot, &s)
		}
		after := pg.end + models.Date(dp.PostnatalDays)
		if after > per.lastDay || w.runningOf(per, dp.Medicine, after) < 0 || per.inEndOfLifeCare(after) || w.recordedWithin(per, dp.slot, after, 14) {
			continue
		}
		if id, start, ok := w.gpVisitFor(per, after, encGPConsultation, contactMonitoringBloods, cond, &s); ok {
			w.observeOnce(per, id, start.AddMinutes(5), dp.slot, &s)
		}
	}
}

// raiseRepeats raises the medicine's repeats running from day d to the day
// before back (the pregnancy's end) by the plan's steps: one running on d
// ends the day before and the raised dose is issued at enc; one begun
// after is raised as written; each part after back is issued again at its
// own dose, at the GP visit booked from back (the first free day after the
// birth or the loss), the raised dose running to the day before it. It
// returns the problem row of the first repeat raised ("": none was, at the
// top of the ladder or not running).
//
// Every issue is made at a consultation that day (merge 72: the dose back
// after the end was issued with no encounter, 8 of 3,000 records, a repeat
// carried into the record among them), and a repeat begun under 14 days
// after the raise at enc is taken over by it (merge 72: 150 micrograms
// issued at the pregnancy's visit and again at a review 3 days later).
func (w *worker) raiseRepeats(per *person, dp *pregnancyDosePlan, enc string, d, back models.Date, s *distributions.Stream) string {
	cond := ""
	var visit gpSlot // the visit the dose goes back at: booked once, written when used
	booked, seen, written := false, false, false
	var raisedAt []int // the issues made at enc
	for k, n := per.rxFrom, len(w.b.Prescriptions); k < n; k++ {
		rx := &w.b.Prescriptions[k]
		if rx.PrescriptionID.IsZero() || rx.Type != models.PrescriptionRepeat || rx.StartDate >= back || rx.EndDate != models.NoDate && rx.EndDate < d {
			continue
		}
		if m := w.rxPlan(rx); m == nil || m.med.Key != dp.Medicine {
			continue
		}
		reg := dp.raised(per.ageOn(rx.StartDate), rx)
		if reg == nil {
			continue
		}
		orig := *rx
		raisedEnd := orig.EndDate
		if back <= per.lastDay && (raisedEnd == models.NoDate || raisedEnd >= back) {
			if !booked {
				booked = true
				visit, seen = w.bookGP(per, back, encGPConsultation, contactGPConsultation, s)
			}
			if on := visit.start.Date(); seen && (orig.EndDate == models.NoDate || orig.EndDate >= on) {
				if !written {
					w.writeGP(per, &visit, orig.ConditionID)
					written = true
				}
				raisedEnd = on - 1
				after := orig
				after.PrescriptionID, after.EncounterID, after.PrescriberID, after.StartDate = w.ids.rowID(tagPrescription), w.slotID(&visit), "", on
				w.b.Prescriptions = append(w.b.Prescriptions, after) // the dose before, from the visit after the end
				rx = &w.b.Prescriptions[k]
			}
			// else seen only after the record's last day, or after the
			// repeat would have ended: the raised dose runs as it would have
		}
		if orig.StartDate < d {
			rx.EndDate = d - 1
			w.issue(per, enc, orig.ConditionID, reg, d, raisedEnd, models.PrescriptionRepeat)
			raisedAt = append(raisedAt, len(w.b.Prescriptions)-1)
		} else {
			rx.DMDCode, rx.Medication, rx.DoseText, rx.EndDate = reg.DMDCode, reg.Name, reg.DoseText, raisedEnd
		}
		if cond == "" {
			cond = orig.ConditionID
		}
	}
	w.takeOverRaised(per, dp, raisedAt, d)
	return cond
}

// takeOverRaised: a raised repeat begun under 14 days after the raise at
// the pregnancy's visit (day d; the issues raisedAt) is not issued again
// so soon: the issue at the visit runs to its end instead, and it is
// withdrawn.
func (w *worker) takeOverRaised(per *person, dp *pregnancyDosePlan, raisedAt []int, d models.Date) {
	for _, ri := range raisedAt {
		for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
			rx := &w.b.Prescriptions[k]
			if k == ri || rx.PrescriptionID.IsZero() || rx.Type != models.PrescriptionRepeat || rx.StartDate <= d || rx.StartDate-d >= restartLeadDays {
				continue
			}
			r := &w.b.Prescriptions[ri]
			if m := w.rxPlan(rx); m == nil || m.med.Key != dp.Medicine || rx.DMDCode != r.DMDCode || rx.DoseText != r.DoseText {
				continue
			}
			r.EndDate = rx.EndDate
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
		}
	}
}

// raised is the regimen of rx's dose raised by the plan's steps on the
// medicine's usual ladder at the age, nil when rx is of none of its steps
// or at the top of it.
func (dp *pregnancyDosePlan) raised(age int, rx *models.Prescription) *datasets.Regimen {
	for _, r := range dp.m.regimens {
		if r.DMDCode != rx.DMDCode || r.DoseText != rx.DoseText {
			continue
		}
		if up := dp.m.regimen(age, r.Step+dp.Steps); up != nil && up.Step > r.Step {
			return up
		}
		return nil
	}
	return nil
}
