package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// causeOfDeath draws a decedent's underlying cause of death, coherent with
// their conditions and age: each chronic condition held offers its cause
// with its weight, against the background causes of the age band (ONS
// leading causes by age). A condition's cause points at that condition; a
// background cause with a clinical code is written as the final problem (a
// pneumonia, a heart attack) a few days before death.
func (w *worker) causeOfDeath(per *person) {
	per.causeCode, per.causeText, per.causeID, per.expectedDeath, per.causeOnset = "", "", "", false, 0
	if per.death == models.NoDate {
		return
	}
	p := w.plan
	s := distributions.NewStream(p.Opts.Seed, uint64(per.index), purposeDeath)
	band := p.Cat.BandOf(per.ageOn(per.death)) // the age at death (after the population date, older than ageAtEnd)
	var total float64
	for k := range per.conds {
		if cd := deathCause(&per.conds[k], per.death); cd != nil {
			total += cd.Weight
		}
	}
	for i := range p.Cat.BackgroundCauses {
		total += p.Cat.BackgroundCauses[i].Weight[band]
	}
	u := s.Float64() * total
	for k := range per.conds {
		hc := &per.conds[k]
		if cd := deathCause(hc, per.death); cd != nil {
			if u -= cd.Weight; u < 0 {
				per.causeCode, per.causeText, per.causeID = cd.ICD10, cd.Description, hc.id
				per.expectedDeath = true
				return
			}
		}
	}
	for i := range p.Cat.BackgroundCauses {
		bc := &p.Cat.BackgroundCauses[i]
		if u -= bc.Weight[band]; u >= 0 {
			continue
		}
		per.causeCode, per.causeText = bc.ICD10, bc.Description
		if bc.Snomed != "" {
			per.causeID = w.ids.row(tagCondition)
			// a sudden cause (a heart attack, sepsis) begins on the day of death
			// or just before it
			onset := max(per.death-models.Date(s.IntN(3)), per.firstDay, per.birth)
			per.causeOnset = onset
			w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: per.causeID, PatientID: per.id,
				ConditionKey: "cause_" + bc.Key, SnomedCode: bc.Snomed, ICD10Code: bc.ICD10,
				Description: bc.Description, OnsetDate: onset, ResolvedDate: per.death})
		}
		return
	}
}

// declines reports whether the person's death is expected and its last
// weeks fall in the record: a terminal decline the GP sees.
func declines(per *person) bool {
	return per.death != models.NoDate && per.expectedDeath && per.death-per.firstDay >= 90
}

// endOfLifeReview plans the medicines review of a terminal decline
// (catalogue end_of_life): its day, and the condition the death is
// attributed to (-1 when there is none).
func (w *worker) endOfLifeReview(per *person) int {
	per.deprescribe = 0
	eol := w.plan.Cat.EndOfLife
	if eol == nil || !declines(per) {
		return -1
	}
	ci := -1
	for k := range per.conds {
		if per.conds[k].id == per.causeID {
			ci = k
		}
	}
	if ci < 0 {
		return -1
	}
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeDeath, 2)
	lo, hi := eol.DeprescribeDaysBefore[0], eol.DeprescribeDaysBefore[1]
	per.deprescribe = max(per.death-models.Date(lo+s.IntN(hi-lo+1)), per.conds[ci].onset+1, per.firstDay)
	return ci
}

// terminalDecline writes the contacts of the last weeks of a life ended by a
// chronic condition: GP home or practice visits about it, more often as
// death nears (palliative care in the community).
func (w *worker) terminalDecline(per *person) {
	if !declines(per) {
		return // a sudden death (a heart attack, an accident) has no decline
	}
	from := per.death - 90 // the last weeks, and never before the cause was diagnosed
	for k := range per.conds {
		if per.conds[k].id == per.causeID {
			from = max(from, per.conds[k].onset)
		}
	}
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeDeath, 1)
	n := 2 + s.IntN(4)
	for k := 0; k < n; k++ {
		d := max(per.death-models.Date(1+s.IntN(90)), from)
		kind := encGPHomeVisit
		if per.ageOn(per.death) < 65 && s.Bernoulli(0.5) {
			kind = encGPProblem
		}
		w.gpVisit(per, d, kind, per.causeID, &s)
	}
}
