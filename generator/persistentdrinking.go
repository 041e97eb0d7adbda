package generator

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// persistentPlan is the catalogue's alcohol persistent section, resolved.
type persistentPlan struct {
	p                  *datasets.PersistentDrinking
	extended, declined datasets.ObservationCode
}

// resolvePersistent looks up the codes of the extended intervention and of
// the referral declined; the full AUDIT and the referral are the harmful
// section's (one definition of each code).
func (p *Plan) resolvePersistent() error {
	ap := p.alcohol
	if ap == nil || ap.a.Persistent == nil {
		return nil
	}
	if ap.harmful == nil {
		return fmt.Errorf("catalogue: alcohol persistent needs the harmful section (its AUDIT and referral)")
	}
	pp := &persistentPlan{p: ap.a.Persistent}
	pp.extended, _ = datasets.ObservationByKey(pp.p.Extended)
	pp.declined, _ = datasets.ObservationByKey(pp.p.Declined)
	ap.persistent = pp
	return nil
}

// persistentDrinking escalates drinking that brief advice did not change
// (catalogue alcohol persistent; brief h61f: NICE PH24, CG115). The model's
// drinking never changes, so every AUDIT-C of at_least or more recorded
// after_days or more after a brief intervention says the advice did not
// work: at the first, the full AUDIT (unless one was taken in the year
// before) and an extended brief intervention; at the next one after_days
// later, an offer of referral to specialist alcohol services, taken up or
// declined, each coded. Harmful drinking (a full AUDIT of 16-19 at the
// diagnosis, harmfuldrinking.go) has the extended intervention at the
// diagnosis, and the referral offer at the next such AUDIT-C. Before, a man drinking 50 units a week had an
// AUDIT-C of 8 and a brief intervention every year for 8 years and nothing
// more. Someone already referred (for dependence, at the diagnosis:
// harmfuldrinking.go) is not offered it again. Run once every AUDIT-C is
// written (the liver tests' reassessments too); draws from a stream of its
// own, both up front.
func (w *worker) persistentDrinking(per *person) {
	ap := w.plan.alcohol
	if ap == nil || ap.persistent == nil || ap.brief.Snomed == "" {
		return
	}
	if c := per.alcohol.category; c != increasingRiskDrinker && c != higherRiskDrinker {
		return
	}
	pp, hp := ap.persistent, ap.harmful
	audc := w.plan.obsCodes[ap.audc].Snomed
	firstBrief := models.Timestamp(-1)
	var high []int // the AUDIT-C readings of at_least or more, by index
	audit, lastAudit, auditEnc := -1.0, models.Timestamp(-1), ""
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		if o.ObservationID.IsZero() {
			continue
		}
		switch o.SnomedCode {
		case audc:
			if o.Value != nil && *o.Value >= float64(pp.p.AtLeast) {
				high = append(high, k)
			}
		case ap.brief.Snomed:
			if firstBrief < 0 || o.EffectiveTime < firstBrief {
				firstBrief = o.EffectiveTime
			}
		case hp.ref.Snomed:
			return // referred already
		case hp.audit.Snomed:
			if o.Value != nil && o.EffectiveTime > lastAudit {
				audit, lastAudit, auditEnc = *o.Value, o.EffectiveTime, o.EncounterID
			}
		}
	}
	slices.SortFunc(high, func(a, b int) int {
		return cmp.Compare(w.b.Observations[a].EffectiveTime, w.b.Observations[b].EffectiveTime)
	})
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposePersistentDrinking)
	rng := pp.p.AuditIncreasing
	drawn := rng[0] + s.IntN(rng[1]-rng[0]+1)
	accept := s.Bernoulli(pp.p.Accept)
	if audit < 0 {
		audit = float64(drawn) // an increasing-risk drinker: no AUDIT before
	}
	gap := models.Date(pp.p.AfterDays)
	step, since := 0, firstBrief.Date()
	if lastAudit >= 0 && audit < float64(hp.h.AuditDependent[0]) && audit >= float64(hp.h.AuditHarmful[0]) {
		// harmful drinking (AUDIT 16-19): the extended intervention comes
		// with the diagnosis (PHE AUDIT guidance, approx), the referral
		// offer when it did not change the drinking
		w.b.Observations = append(w.b.Observations, w.observation(per, auditEnc, lastAudit.AddMinutes(1), &pp.extended))
		step, since = 1, lastAudit.Date()
	}
	if step == 0 && firstBrief < 0 {
		return // no advice given yet
	}
	for _, k := range high {
		o := &w.b.Observations[k]
		if o.EffectiveTime.Date() < since+gap {
			continue
		}
		encID, t := o.EncounterID, o.EffectiveTime
		if step == 0 {
			if lastAudit < 0 || t.Date() > lastAudit.Date()+365 { // the AUDIT of the year before serves
				a := w.observation(per, encID, t.AddMinutes(2), &hp.audit)
				a.Value, a.Unit = w.value(audit), hp.audit.Unit
				w.b.Observations = append(w.b.Observations, a)
			}
			w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(3), &pp.extended))
			step, since = 1, t.Date()
			continue
		}
		code := &pp.declined
		if accept {
			code = &hp.ref
		}
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(3), code))
		return
	}
}
