package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A fragility fracture that does not lead to bone protection still has its
// bone health assessed before discharge (NICE CG146, NOGG 2022; the NHFD
// audits it for every hip fracture): the record says why nothing was
// started. issue 9: 6 of 20 people with a hip fracture had neither an
// assessment nor treatment on the record.

// codeBoneDecision codes at fracture row's assessment (its admission, or a
// wrist fracture's first fracture clinic: boneAssessment) the outcome of the
// assessment of a fracture not followed by treatment (catalogue
// after_fracture not_treated): the first line's renal limit when the latest
// eGFR by discharge is below it (alendronic acid below 35, BNF), else a
// reason drawn by weight (declined, not indicated). Its own stream keyed by
// the fracture's day, so no other draw moves.
func (w *worker) codeBoneDecision(per *person, ci int, ff *datasets.FragilityFracture, row *models.Condition) {
	nt := ff.NotTreated
	if nt == nil {
		return
	}
	enc, at := w.boneAssessment(per, row)
	if enc == "" || at.Date() > per.lastDay {
		return // seen in A&E alone, or still in hospital when the record ends
	}
	r := w.renalRuledOut(per, ci, nt, at.Date())
	if r == nil {
		s := per.stream(w.plan.Opts.Seed, purposeBoneDecision, uint64(ci), uint64(row.OnsetDate))
		r = &nt.Reasons[max(s.PickBy(len(nt.Reasons), func(i int) float64 { return nt.Reasons[i].Weight }), 0)]
	}
	o := w.observation(per, enc, at, &w.plan.medReview)
	o.ValueCode, o.ValueDisplay = r.Snomed, r.Description
	w.b.Observations = append(w.b.Observations, o)
}

// codeScanDecision codes at the DXA scan (encounter enc, at t) that did
// not confirm osteoporosis after fracture ff the assessment's outcome
// (not_treated not_confirmed): before (brief h74g), 16 people alive a month
// after a hip fracture at 50 or over had neither bone protection nor a
// decision, most of them scanned and not confirmed (generate -n 20000 -s
// 83). No random draw.
func (w *worker) codeScanDecision(per *person, ff *datasets.FragilityFracture, enc string, t models.Timestamp) {
	if ff.NotTreated == nil || ff.NotTreated.NotConfirmed == nil || t.Date() > per.lastDay {
		return
	}
	r := ff.NotTreated.NotConfirmed
	o := w.observation(per, enc, t, &w.plan.medReview)
	o.ValueCode, o.ValueDisplay = r.Snomed, r.Description
	w.b.Observations = append(w.b.Observations, o)
}

// renalRuledOut is nt's renal reason when the latest eGFR on day d is below
// the renal stop of a medicine of condition ci's first line; nil otherwise.
func (w *worker) renalRuledOut(per *person, ci int, nt *datasets.NotTreated, d models.Date) *datasets.UntreatedReason {
	lines := w.plan.conds[ci].lines
	if nt.Renal == nil || len(lines) == 0 {
		return nil
	}
	egfr := w.latestEGFR(per, d)
	for _, m := range lines[0].meds {
		if m != nil && m.renal != nil && egfr < max(m.renal.StopBelow, m.renal.StartBelow) {
			return nt.Renal
		}
	}
	return nil
}

// fractureAdmission is the inpatient encounter for fracture row and its end
// ("" when it had none: a wrist fracture seen in A&E).
func (w *worker) fractureAdmission(per *person, row *models.Condition) (string, models.Timestamp) {
	id, end := "", models.Timestamp(0)
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		if e := &w.b.Encounters[i]; e.ReasonConditionID == row.ConditionID && e.Setting == settingInpatient && (id == "" || e.EndTime > end) {
			id, end = e.EncounterID, e.EndTime
		}
	}
	return id, end
}
