package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// End-stage disease (catalogue end_stage): kidney failure leads to dialysis
// within months, after which eGFR no longer tracks the kidneys' decline, or
// to conservative care in those who die soon after reaching it.

// endStageScanDays is the step of the search for the day the usual level
// passes the end stage: a month, finer than the yearly reviews that see it.
const endStageScanDays = 30

// endStage finds, for each held condition with an end stage, the day the
// person's usual level first passes it, and decides its course. It runs once
// the conditions are drawn and before the cause of death, which it informs.
func (w *worker) endStage(per *person) {
	per.frozenFrom = 0
	for k := range per.conds {
		hc := &per.conds[k]
		e := hc.plan.EndStage
		if e == nil || per.egfrFloor >= e.Below { // a scenario's renally limited drug keeps the kidneys above it
			continue
		}
		slot := hc.plan.stagedBy
		planned := models.Date(0) // the usual level passed start_below
		for d := hc.onset; d <= per.lastDay && planned == 0; d += endStageScanDays {
			v := w.usualLevel(per, slot, d)
			if v < e.Below && hc.endStage == 0 {
				hc.endStage = d
			}
			if v < e.StartBelow {
				planned = d
			}
		}
		if hc.endStage == 0 {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeEndStage, uint64(k))
		u, delay := s.Float64(), e.StartAfterDays[0]+s.IntN(e.StartAfterDays[1]-e.StartAfterDays[0]+1)
		dies := per.death != models.NoDate && float64(per.death-hc.endStage) <= e.ConservativeYears*365.25
		start := planned + models.Date(delay)
		if (dies && u < e.ConservativeShare) || planned == 0 || start >= per.lastDay {
			hc.conservative = dies
			continue
		}
		hc.replacement = start
		per.frozenSlot, per.frozenFrom = slot, start
	}
}

// levelDay is the day whose usual level an observation reads: for a
// measurement no longer tracking its disease (eGFR on dialysis), the day
// replacement therapy started.
func levelDay(per *person, slot int, day models.Date) models.Date {
	if per.frozenFrom != 0 && slot == per.frozenSlot && day > per.frozenFrom {
		return per.frozenFrom
	}
	return day
}

// deathCause is the cause of death a held condition offers a person who
// dies on day death: its end stage's once reached, else its own.
func deathCause(hc *heldCondition, death models.Date) *datasets.DeathCause {
	if e := hc.plan.EndStage; e != nil && hc.endStage != 0 && hc.endStage < death {
		return e.CauseOfDeath
	}
	if hc.site != nil {
		return &hc.site.cause
	}
	return hc.plan.CauseOfDeath
}

// replacementTherapy writes the start of dialysis: its problem-list row and,
// inside the history window, the renal clinic attendance that begins it.
func (w *worker) replacementTherapy(per *person) {
	for k := range per.conds {
		hc := &per.conds[k]
		if hc.replacement == 0 {
			continue
		}
		e := hc.plan.EndStage
		s := per.stream(w.plan.Opts.Seed, purposeEndStage, uint64(k), 1)
		id := w.ids.row(tagCondition)
		var enc string
		onset := hc.replacement
		if hc.replacement >= per.firstDay {
			var ok bool
			if enc, onset, ok = w.outpatient(per, hc.replacement, id, &s); !ok {
				continue
			}
		}
		w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: id, PatientID: per.id,
			ConditionKey: e.Key, SnomedCode: e.Snomed, ICD10Code: e.ICD10, Description: e.Description,
			Chronic: true, OnsetDate: onset, DiagnosisEncounterID: enc})
	}
}
