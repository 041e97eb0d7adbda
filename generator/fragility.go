package generator

import (
	"slices"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// fragilityFractures brings a person whose record holds a fragility fracture
// (a hip fracture at 50 or over) onto the register of the condition whose
// catalogue entry has after_fracture (osteoporosis), as QOF and NOGG expect:
// at the practice's share, someone of 75 or over is diagnosed and treated
// when the discharge letter arrives, without a scan; someone younger has a
// DXA scan in clinic and is diagnosed and treated if it confirms the
// condition. It runs after the hospital stays (the fractures) and before the
// GP's care (chronicCare writes the diagnosis and starts the treatment). A
// person already on the register before the fracture keeps their course.
func (w *worker) fragilityFractures(per *person) {
	p := w.plan
	for ci := range p.conds {
		af := p.conds[ci].AfterFracture
		if af == nil {
			continue
		}
		row, discharge := w.firstFracture(per, af.Fractures, af.MinAge)
		if row == nil {
			continue
		}
		s := distributions.NewStream(p.Opts.Seed, uint64(per.index), purposeFragility, uint64(ci))
		coded, confirmed := s.Float64() < af.Coded, s.Float64() < af.Confirmed
		scanAfter, diagAfter := between(af.ScanDays, &s), between(af.DiagnosisDays, &s)
		k := heldIndex(per, ci)
		if (k >= 0 && per.conds[k].onset <= row.OnsetDate) || !coded {
			continue
		}
		from := discharge
		if per.ageOn(row.OnsetDate) < af.NoScanFrom {
			if !planned(per, discharge+models.Date(scanAfter)) {
				continue
			}
			_, start, ok := w.outpatientAt(per, discharge+models.Date(scanAfter), row.ConditionID, &s)
			if !ok || !confirmed {
				continue
			}
			from = start.Date()
		}
		diag := from + models.Date(diagAfter)
		if !planned(per, diag) || !per.diagnosableOn(diag) {
			continue
		}
		hc := w.heldCondition(per, ci, diag, &s)
		hc.treated = len(hc.plan.lines) > 0
		if k >= 0 {
			per.conds[k] = hc // drawn for a later day: the fracture brings it forward
		} else {
			per.conds = append(per.conds, hc)
		}
	}
}

// firstFracture is the person's first fracture of the keys at minAge or over
// written in the record so far, with the day its admission ended (the day
// itself when it had none); nil when there is none.
func (w *worker) firstFracture(per *person, keys []string, minAge int) (*models.Condition, models.Date) {
	b := w.b
	var first *models.Condition
	for i := per.condFrom; i < len(b.Conditions); i++ {
		c := &b.Conditions[i]
		if slices.Contains(keys, c.ConditionKey) && per.ageOn(c.OnsetDate) >= minAge && (first == nil || c.OnsetDate < first.OnsetDate) {
			first = c
		}
	}
	if first == nil {
		return nil, 0
	}
	end := first.OnsetDate
	for i := per.encFrom; i < len(b.Encounters); i++ {
		if e := &b.Encounters[i]; e.ReasonConditionID == first.ConditionID && e.Setting == settingInpatient {
			end = max(end, e.EndTime.Date())
		}
	}
	return first, end
}
