package generator

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
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
// (catalogue alcohol persistent; brief h61f: NICE PH24, CG115): every
// AUDIT-C of at_least or more recorded after_days or more after a brief
// intervention says the advice did not work: at the first, the full AUDIT
// (unless one was taken in the year before) and an extended brief
// intervention; at the next one after_days later, an offer of referral to
// specialist alcohol services, taken up or declined, each coded. Harmful
// drinking (a full AUDIT of 16-19 at the diagnosis, harmfuldrinking.go) has
// the extended intervention at the diagnosis, and the referral offer at the
// next such AUDIT-C. Before, a man drinking 50 units a week had an AUDIT-C
// of 8 and a brief intervention every year for 8 years and nothing more.
// Someone already referred (for dependence, at the diagnosis:
// harmfuldrinking.go) has no extended intervention.
//
// Since h62b the drinking answers the care (drinkingchange.go): the walk
// goes through the readings in time order, reads each from the drinking of
// its day, gives the care that reading calls for, and draws the change it
// brings. A brief intervention written beside a reading that now reads
// below its at_least (or lower-risk drinking) is withdrawn. A declined
// referral is offered again at such a reading reoffer_days or more after
// the last offer (before, once declined it was never offered again; as
// anticoagulation declined in AF, reoffer.go), and so is a referral taken
// up whose treatment did not change the drinking, or after a relapse
// (NICE CG115: re-refer; a referral for dependence at the diagnosis too). Run once every AUDIT-C is
// written (the liver tests' reassessments too); draws from a stream of its
// own, the first offer's up front, a re-offer's keyed by its moment.
func (w *worker) persistentDrinking(per *person) {
	ap := w.plan.alcohol
	if ap == nil || ap.persistent == nil || ap.brief.Snomed == "" {
		return
	}
	if c := per.alcohol.category; c != increasingRiskDrinker && c != higherRiskDrinker {
		return
	}
	pp, hp := ap.persistent, ap.harmful
	audc, units := w.plan.obsCodes[ap.audc].Snomed, w.plan.obsCodes[ap.units].Snomed
	var events []int // the readings, brief interventions and referrals, by index
	referred := false
	audit, lastAudit, auditEnc := -1.0, models.Timestamp(-1), ""
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		if o.ObservationID.IsZero() {
			continue
		}
		switch o.SnomedCode {
		case audc, units, ap.brief.Snomed:
			events = append(events, k)
		case hp.ref.Snomed:
			referred = true // for dependence, at the diagnosis
			events = append(events, k)
		case hp.audit.Snomed:
			if o.Value != nil && o.EffectiveTime > lastAudit {
				audit, lastAudit, auditEnc = *o.Value, o.EffectiveTime, o.EncounterID
			}
		}
	}
	slices.SortStableFunc(events, func(a, b int) int {
		return cmp.Compare(w.b.Observations[a].EffectiveTime, w.b.Observations[b].EffectiveTime)
	})
	s := per.stream(w.plan.Opts.Seed, purposePersistentDrinking)
	rng := pp.p.AuditIncreasing
	drawn := rng[0] + s.IntN(rng[1]-rng[0]+1)
	accept := s.Bernoulli(pp.p.Accept)
	if audit < 0 {
		audit = float64(drawn) // an increasing-risk drinker: no AUDIT before
	}
	gap := models.Date(pp.p.AfterDays)
	step, since := 0, models.Date(0)
	harmfulExt := models.Timestamp(-1) // the extended intervention of harmful drinking, its change not yet drawn
	if !referred && lastAudit >= 0 && audit < float64(hp.h.AuditDependent[0]) && audit >= float64(hp.h.AuditHarmful[0]) {
		// harmful drinking (AUDIT 16-19): the extended intervention comes
		// with the diagnosis (PHE AUDIT guidance, approx), the referral
		// offer when it did not change the drinking
		harmfulExt = lastAudit.AddMinutes(1)
		w.b.Observations = append(w.b.Observations, w.observation(per, auditEnc, harmfulExt, &pp.extended))
		step, since = 1, lastAudit.Date()
	}
	course := w.newDrinkingCourse(per)
	if course.fixed {
		for _, k := range events {
			if o := &w.b.Observations[k]; o.SnomedCode == units {
				course.relapseBy = o.EffectiveTime.Date() // the last, events in time order
			}
		}
	}
	firstBrief := models.Timestamp(-1)
	score, scoreEnc, scoreCat := -1.0, "", nonDrinker // the last AUDIT-C read
	offered, done := false, false                     // done: no offer again (reoffer_days 0)
	for _, k := range events {
		o := &w.b.Observations[k] // not used after an append below
		code, encID, t := o.SnomedCode, o.EncounterID, o.EffectiveTime
		d := t.Date()
		if harmfulExt >= 0 && t > harmfulExt {
			w.respond(per, &course, careExtended, harmfulExt)
			harmfulExt = -1
		}
		switch code {
		case ap.brief.Snomed:
			if encID != scoreEnc || score < float64(ap.a.Brief.AtLeast) || scoreCat < increasingRiskDrinker {
				o.ObservationID = models.ID{} // the drinking read lower now: no advice
				w.obsWithdrawn = true
				continue
			}
			if firstBrief < 0 {
				firstBrief = t
			}
			w.respond(per, &course, careBrief, t)
			continue
		case hp.ref.Snomed: // for dependence, at the diagnosis: offered again as any referral
			w.respond(per, &course, careSpecialist, t)
			noteSober(per, &course) // the withdrawal and relapse medicine follow it (alcoholmedicines.go)
			step, since, offered, gap = 1, d, true, models.Date(pp.p.ReofferDays)
			done = pp.p.ReofferDays <= 0
			continue
		}
		now := course.on(d)
		slot := ap.units
		if code == audc {
			slot = ap.audc
		}
		if v := w.drinkingValue(per, now, slot); o.Value == nil || *o.Value != v {
			o.Value = w.value(v)
		}
		if code != audc {
			continue
		}
		score, scoreEnc, scoreCat = *o.Value, encID, now.category
		if done || score < float64(pp.p.AtLeast) {
			continue
		}
		if step == 0 {
			if firstBrief < 0 || d < firstBrief.Date()+gap {
				continue
			}
			if lastAudit < 0 || d > lastAudit.Date()+365 { // the AUDIT of the year before serves
				a := w.observation(per, encID, t.AddMinutes(2), &hp.audit)
				a.Value, a.Unit = w.value(audit), hp.audit.Unit
				w.b.Observations = append(w.b.Observations, a)
			}
			w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(3), &pp.extended))
			w.respond(per, &course, careExtended, t.AddMinutes(3))
			step, since = 1, d
			continue
		}
		if d < since+gap {
			continue
		}
		take := accept
		if offered { // offered again: a new decision
			rs := per.stream(w.plan.Opts.Seed, purposePersistentDrinking, uint64(t))
			take = rs.Bernoulli(pp.p.Accept)
		}
		code2 := &pp.declined
		if take {
			code2 = &hp.ref
		}
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(3), code2))
		offered, since, gap, done = true, d, models.Date(pp.p.ReofferDays), pp.p.ReofferDays <= 0
		if take {
			w.respond(per, &course, careSpecialist, t.AddMinutes(3))
		}
	}
}
