package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// harmfulPlan is the catalogue's alcohol harmful section, resolved.
type harmfulPlan struct {
	h          *datasets.HarmfulDrinking
	audit, ref datasets.ObservationCode
	dependence datasets.CodedProblem // the codes of Alcohol.Dependence
	meds       *alcoholMedsPlan      // alcoholmedicines.go
}

// resolveHarmful looks up the codes of the full AUDIT, the referral and the
// dependence (the history a death from alcoholic liver disease writes: one
// definition of the codes).
func (p *Plan) resolveHarmful() error {
	ap := p.alcohol
	if ap == nil || ap.a.Harmful == nil {
		return nil
	}
	h := ap.a.Harmful
	hp := &harmfulPlan{h: h}
	hp.audit, _ = datasets.ObservationByKey(h.AuditObservation)
	hp.ref, _ = datasets.ObservationByKey(h.Referral)
	for i := range p.Cat.BackgroundCauses {
		if hi := p.Cat.BackgroundCauses[i].History; hi != nil && hi.Key == ap.a.Dependence {
			hp.dependence = hi.CodedProblem
		}
	}
	if hp.dependence.Snomed == "" {
		return fmt.Errorf("catalogue: alcohol harmful: no cause of death's history holds the dependence %q", ap.a.Dependence)
	}
	ap.harmful = hp
	return p.resolveAlcoholMeds(hp)
}

// harmfulDrinking follows up a higher-risk drinker's first AUDIT-C on the
// record (catalogue alcohol harmful; brief h56f: NICE CG115, NG50): the
// full AUDIT two minutes after it, the disorder coded that day (harmful
// use, or dependence when the AUDIT is 20 or more) and, for dependence, a
// referral to specialist alcohol services. A person whose record holds the
// dependence already (a death from alcoholic liver disease) is dependent
// and keeps that row, coded from this AUDIT when it began later. Run before alcoholLiverTests, which takes the liver
// tests from the coded onset; draws from a stream of its own.
func (w *worker) harmfulDrinking(per *person) {
	ap := w.plan.alcohol
	if ap == nil || ap.harmful == nil || per.alcohol.category != higherRiskDrinker {
		return
	}
	hp := ap.harmful
	audc := w.plan.obsCodes[ap.audc].Snomed
	first := -1
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		if o.SnomedCode == audc && !o.ObservationID.IsZero() && (first < 0 || o.EffectiveTime < w.b.Observations[first].EffectiveTime) {
			first = k
		}
	}
	if first < 0 {
		return
	}
	encID, t := w.b.Observations[first].EncounterID, w.b.Observations[first].EffectiveTime
	s := per.stream(w.plan.Opts.Seed, purposeHarmfulDrinking)
	known := w.dependent(per)
	dependent := s.Bernoulli(hp.h.Dependent) || known
	rng := hp.h.AuditHarmful
	if dependent {
		rng = hp.h.AuditDependent
	}
	score := rng[0] + s.IntN(rng[1]-rng[0]+1)
	o := w.observation(per, encID, t.AddMinutes(2), &hp.audit)
	o.Value, o.Unit = w.value(float64(score)), hp.audit.Unit
	w.b.Observations = append(w.b.Observations, o)
	if known { // the history a death from alcoholic liver disease wrote: coded from this AUDIT if later
		for i := per.condFrom; i < len(w.b.Conditions); i++ {
			if c := &w.b.Conditions[i]; c.ConditionKey == ap.a.Dependence && c.OnsetDate > t.Date() {
				c.OnsetDate, c.DiagnosisEncounterID = t.Date(), encID
			}
		}
	} else {
		code := hp.h.Condition
		if dependent {
			code = hp.dependence
		}
		w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: w.ids.row(tagCondition), PatientID: per.id,
			ConditionKey: code.Key, SnomedCode: code.Snomed, ICD10Code: code.ICD10, Description: code.Description,
			Chronic: true, OnsetDate: t.Date(), ResolvedDate: models.NoDate, DiagnosisEncounterID: encID})
	}
	if dependent {
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(3), &hp.ref))
	}
}
