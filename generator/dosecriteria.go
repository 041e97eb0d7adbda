package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Dose criteria (prescribing.yaml dose_criteria): a medicine's lower dose
// when enough of its criteria hold on the day it is started or reviewed,
// judged on the person's age and the latest recorded readings (apixaban
// 2.5 mg twice daily in AF at 80 or more and 60 kg or less). Before this
// apixaban 5 mg was issued at 80+ and 60 kg or less, the renal dose alone
// applied (generate -n 20000 -s 5: 11 of 274 people on apixaban; twelfth
// review).

// doseCriteriaPlan is a resolved datasets.DoseCriteria.
type doseCriteriaPlan struct {
	*datasets.DoseCriteria
	slots []int // per criterion, its observation's slot (-1: an age)
	// per criterion, the equation that reads its eGFR as a serum
	// creatinine (creatinine_at_least; nil: the reading itself)
	ckdepi []*datasets.CKDEPI
}

func (p *Plan) resolveDoseCriteria(rules *datasets.Prescribing) error {
	for i := range rules.DoseCriteria {
		r := &rules.DoseCriteria[i]
		dp := &doseCriteriaPlan{DoseCriteria: r}
		for _, c := range r.Criteria {
			slot := -1
			if c.Observation != "" {
				k, ok := p.obsIndex[c.Observation]
				if !ok || p.obsModels[k] == nil {
					return fmt.Errorf("prescribing.yaml: dose_criteria of %s: %q is not a numeric observation of the catalogue", r.Medicine, c.Observation)
				}
				slot = k
			}
			var e *datasets.CKDEPI
			if c.CreatinineAtLeast > 0 {
				if e = p.ckdepiOf(c.Observation); e == nil {
					return fmt.Errorf("prescribing.yaml: dose_criteria of %s: creatinine_at_least needs a catalogue observation whose from_egfr reads %q", r.Medicine, c.Observation)
				}
			}
			dp.slots = append(dp.slots, slot)
			dp.ckdepi = append(dp.ckdepi, e)
		}
		if mp := p.medPlans[r.Medicine]; mp != nil {
			mp.lowerDose = dp
		}
	}
	return nil
}

// lowerDoseDue reports whether enough of medicine m's dose criteria hold on
// day d for its lower dose.
func (w *worker) lowerDoseDue(per *person, m *medPlan, d models.Date) bool {
	dp := m.lowerDose
	if dp == nil {
		return false
	}
	age, n := per.ageOn(d), 0
	for i, c := range dp.Criteria {
		var v float64
		var ok bool
		if slot := dp.slots[i]; slot >= 0 {
			v, ok = w.readingOn(per, slot, d, models.Date(c.WithinDays))
		}
		if e := dp.ckdepi[i]; e != nil && ok {
			// the creatinine the laboratory measured for that eGFR (h67b:
			// an eGFR under 40 stood for 133 umol/L, true for a woman of 80
			// but a creatinine of about 110 for a man of 80)
			v = e.Creatinine(v, float64(age), per.sex == sexIndex("male"))
		}
		if c.Holds(age, v, ok) {
			n++
		}
	}
	return n >= dp.AtLeast
}

// lowerDoseLapsed reports whether course c, lowered for its medicine's dose
// criteria, is due back up to the dose the renal band allows (step rs):
// the criteria no longer hold at this review (lowered false) and the renal
// band does not keep the lower dose. Before (h67b) apixaban 2.5 mg went on
// for years after the weight that called for it rose above 60 kg or the
// creatinine fell (29 of 96 apixaban 2.5 mg issues in AF with at most one
// of the SmPC's criteria and an eGFR of 30 or more, generate -n 20000
// -s 83): the SmPC's lower dose is for those who meet its criteria, and an
// off-label low DOAC dose leaves the stroke risk under-treated (ORBIT-AF II,
// Steinberg et al., J Am Coll Cardiol 2016; approx, recalled).
func (w *worker) lowerDoseLapsed(per *person, c *course, lowered bool, rs int) (int, bool) {
	m := c.meds
	if lowered || !c.criteriaLowered || m.lowerDose == nil || c.renalCapped || c.forced || c.reg.Step != m.lowerDose.Step || rs >= c.reg.Step {
		return 0, false
	}
	return rs, true
}

// ckdepiOf is the CKD-EPI equation of the catalogue's creatinine, the
// observation whose from_egfr reads eGFR observation key (nil: none).
func (p *Plan) ckdepiOf(key string) *datasets.CKDEPI {
	for _, m := range p.obsModels {
		if m != nil && m.FromEGFR != nil && m.FromEGFR.Observation == key {
			return m.FromEGFR
		}
	}
	return nil
}

// readingOn is the patient's latest recorded reading of slot on or before
// day d and no more than within days before it (the batch's last rows):
// what the prescriber sees in the record.
func (w *worker) readingOn(per *person, slot int, d, within models.Date) (float64, bool) {
	code := w.plan.obsCodes[slot].Snomed
	var at models.Timestamp
	var v float64
	found := false
	for i := len(w.b.Observations) - 1; i >= 0 && w.b.Observations[i].PatientID == per.id; i-- {
		o := &w.b.Observations[i]
		day := o.EffectiveTime.Date()
		if o.SnomedCode == code && o.Value != nil && day <= d && day >= d-within && (!found || o.EffectiveTime > at) {
			at, v, found = o.EffectiveTime, *o.Value, true
		}
	}
	return v, found
}
