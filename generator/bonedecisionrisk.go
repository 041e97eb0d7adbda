package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The outcome of a fragility fracture's bone assessment follows its FRAX
// score (NOGG 2022 section 4; catalogue osteoporosis after_fracture
// intervention). h73i (issue 9, generate -n 20000 -s 83): the reason was
// drawn apart from the score, so 172 of 882 scores of 20% or more were
// coded "Drug treatment not indicated" and 45 under 10% "Drug declined by
// patient" (an offer made at low risk).

// boneDecisionsByRisk recodes, once every test has its result, the drawn
// reason of each fracture not treated (codeBoneDecision) whose FRAX score
// is below the intervention threshold at the person's age as the low-risk
// reason (not indicated: nothing was offered, so nothing declined). A
// renal reason stays, and a fracture whose not_treated has no low_risk (a
// hip fracture, offered treatment whatever the score) keeps its decline.
// No random draw.
func (w *worker) boneDecisionsByRisk(per *person) {
	p := w.plan
	for ci := range p.conds {
		af, code := p.conds[ci].AfterFracture, p.conds[ci].fractureRisk
		if af == nil || code == nil || af.Intervention == nil {
			continue
		}
		for _, row := range w.fragilityRows(per, af, per.condFrom) {
			nt := af.Fracture(row.ConditionKey).NotTreated
			if nt == nil || nt.LowRisk == nil || row.OnsetDate < per.firstDay {
				continue
			}
			enc, at := w.boneAssessment(per, row)
			if enc == "" {
				continue
			}
			frax := w.valueAt(per, enc, at.AddMinutes(-scoreBeforeOutcome), code.Snomed)
			if frax == nil || *frax >= af.Intervention.At(per.ageOn(at.Date())) {
				continue
			}
			if o := w.drawnBoneReason(per, enc, at, nt); o != nil {
				o.ValueCode, o.ValueDisplay = nt.LowRisk.Snomed, nt.LowRisk.Description
			}
		}
	}
}

// valueAt is the value of the observation of code snomed at encounter enc
// and time t, nil when there is none.
func (w *worker) valueAt(per *person, enc string, t models.Timestamp, snomed string) *float64 {
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		if o := &w.b.Observations[i]; o.EffectiveTime == t && o.EncounterID == enc && o.SnomedCode == snomed {
			return o.Value
		}
	}
	return nil
}

// drawnBoneReason is the outcome codeBoneDecision coded at enc and t with
// one of nt's drawn reasons (not its renal one), nil when there is none.
func (w *worker) drawnBoneReason(per *person, enc string, t models.Timestamp, nt *datasets.NotTreated) *models.Observation {
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		if o.EffectiveTime != t || o.EncounterID != enc || o.SnomedCode != w.plan.medReview.Snomed {
			continue
		}
		for _, r := range nt.Reasons {
			if o.ValueCode == r.Snomed && (nt.Renal == nil || r.Snomed != nt.Renal.Snomed) {
				return o
			}
		}
	}
	return nil
}
