package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// fragilityFractures brings a person whose record holds a fragility fracture
// (a hip or wrist fracture at 50 or over) onto the register of the condition
// whose catalogue entry has after_fracture (osteoporosis), as QOF and NOGG
// expect: for the share of that fracture followed up, someone the fracture
// need not scan (a hip fracture at 75 or over) is diagnosed and treated when
// the letter arrives; anyone else has a DXA scan in clinic and is diagnosed
// and treated if it confirms the condition. A fracture not followed up (or a
// scan that does not confirm it) leaves the next fracture its own chance. It
// runs after the hospital stays (the fractures) and before the GP's care
// (chronicCare writes the diagnosis and starts the treatment). A person
// already on the register before the fracture keeps their course.
func (w *worker) fragilityFractures(per *person) {
	p := w.plan
	for ci := range p.conds {
		af := p.conds[ci].AfterFracture
		if af == nil {
			continue
		}
		s := per.stream(p.Opts.Seed, purposeFragility, uint64(ci))
		for _, row := range w.fragilityRows(per, af, per.condFrom) {
			if w.boneCareAfter(per, ci, af, row, &s) {
				break
			}
		}
	}
	per.fracturesSeen = len(w.b.Conditions)
}

// lateFragilityFractures follows up the fractures written after
// fragilityFractures ran (a wrist fracture is an A&E attendance, drawn with
// the background activity after the GP's care) for a person who does not
// hold the condition at all, and writes the care of the condition they
// bring: its diagnosis, reviews and treatment (careFrom).
func (w *worker) lateFragilityFractures(per *person) {
	p := w.plan
	for ci := range p.conds {
		af := p.conds[ci].AfterFracture
		if af == nil || heldIndex(per, ci) >= 0 {
			continue
		}
		s := per.stream(p.Opts.Seed, purposeFragility, uint64(ci), 1)
		for _, row := range w.fragilityRows(per, af, per.fracturesSeen) {
			if w.boneCareAfter(per, ci, af, row, &s) {
				break
			}
		}
		if k := heldIndex(per, ci); k >= 0 {
			care := per.stream(p.Opts.Seed, purposeFragility, uint64(ci), 2)
			w.careFrom(per, k, true, &care)
		}
	}
}

// boneCareAfter follows fracture row up for condition ci; it reports
// whether the fracture brought the person onto the register, or they were
// on it before (then later fractures change nothing either).
func (w *worker) boneCareAfter(per *person, ci int, af *datasets.AfterFracture, row *models.Condition, s *distributions.Stream) bool {
	ff := af.Fracture(row.ConditionKey)
	followed, confirmed := s.Float64() < ff.Followed, s.Float64() < ff.Confirmed
	scanAfter, diagAfter := between(af.ScanDays, s), between(af.DiagnosisDays, s)
	k := heldIndex(per, ci)
	if k >= 0 && per.conds[k].onset <= row.OnsetDate {
		if !per.conds[k].treated { // on the register untreated: the fracture's assessment says why
			w.codeBoneDecision(per, ci, ff, row)
		}
		return true
	}
	if !followed {
		w.codeBoneDecision(per, ci, ff, row) // bonedecision.go: why nothing was started
		return false
	}
	discharge := w.dischargeAfter(per, row)
	from := discharge
	if ff.Scanned(per.ageOn(row.OnsetDate)) {
		if !planned(per, discharge+models.Date(scanAfter)) {
			return false
		}
		enc, start, ok := w.outpatientAt(per, discharge+models.Date(scanAfter), row.ConditionID, s)
		if !ok {
			return false
		}
		if code := w.plan.conds[ci].scan; code != nil { // the DXA scan, coded at the attendance
			w.b.Observations = append(w.b.Observations, w.observation(per, enc, start.AddMinutes(5), code))
		}
		if !confirmed {
			w.codeScanDecision(per, ff, enc, start.AddMinutes(6)) // bonedecision.go
			return false
		}
		from = start.Date()
	}
	diag := from + models.Date(diagAfter)
	if !planned(per, diag) || !per.diagnosableOn(diag) {
		return false
	}
	hc := w.heldCondition(per, ci, diag, s)
	hc.treated = len(hc.plan.lines) > 0
	if k >= 0 {
		per.conds[k] = hc // drawn for a later day: the fracture brings it forward
	} else {
		per.conds = append(per.conds, hc)
	}
	return true
}

// fragilityRows are the person's fractures of af's keys at its minimum age
// or over written in the record from condition row from on, in onset order.
func (w *worker) fragilityRows(per *person, af *datasets.AfterFracture, from int) []*models.Condition {
	b := w.b
	var rows []*models.Condition
	for i := from; i < len(b.Conditions); i++ {
		c := &b.Conditions[i]
		if af.Fracture(c.ConditionKey) != nil && per.ageOn(c.OnsetDate) >= af.MinAge {
			rows = append(rows, c)
		}
	}
	slices.SortStableFunc(rows, func(a, b *models.Condition) int { return int(a.OnsetDate) - int(b.OnsetDate) })
	return rows
}

// dischargeAfter is the day the admission for fracture row ended (its own
// day when it had none: a wrist fracture seen in A&E).
func (w *worker) dischargeAfter(per *person, row *models.Condition) models.Date {
	end := row.OnsetDate
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.ReasonConditionID == row.ConditionID && e.Setting == settingInpatient {
			end = max(end, e.EndTime.Date())
		}
	}
	return end
}

// resolveBoneScans looks up the code each after_fracture records at its
// scan (observation_codes.csv).
func (p *Plan) resolveBoneScans() error {
	for ci := range p.conds {
		af := p.conds[ci].AfterFracture
		if af == nil {
			continue
		}
		code, ok := datasets.ObservationByKey(af.Scan)
		if !ok {
			return fmt.Errorf("catalogue: %s after_fracture scan %q is not in observation_codes.csv", p.conds[ci].Key, af.Scan)
		}
		p.conds[ci].scan = &code
		if af.Risk != "" {
			risk, _ := datasets.ObservationByKey(af.Risk) // checked on load
			p.conds[ci].fractureRisk = &risk
		}
	}
	return nil
}
