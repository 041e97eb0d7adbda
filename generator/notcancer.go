package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Urgent suspected-cancer referrals that find no cancer (cancer_routes.yaml
// not_cancer; twenty-seventh review). Before, the record's only two-week-
// wait referrals were those of the cancers it diagnosed: 721 of 721 ended
// in a cancer (generate -n 20000 -s 5), where in England about 6-7% do.
// Now people without cancer are referred too, for a symptom of NICE NG12's
// criteria: the GP consultation codes the symptom (a problem, its reason)
// and the site's fast-track referral, and the clinic within two weeks
// excludes cancer and closes the problem.

// notCancerPlan is the not_cancer data with each referral's codes resolved.
type notCancerPlan struct {
	data      *datasets.NotCancer
	referrals []notCancerRef
	timing    *datasets.DiagnosisTiming // the days from the first clinic to the test and to its result (ruledout.go)
	ruledOut  datasets.ObservationCode  // the result coded when the test finds no cancer
}

// notCancerRef is one referral's symptom and fast-track referral codes.
type notCancerRef struct {
	datasets.NotCancerReferral
	sex      int // -1 either
	symptom  datasets.ObservationCode
	referral datasets.ObservationCode
	test     *datasets.Investigation // its site's investigation; nil: the first clinic rules cancer out (one_stop)
	also     *datasets.Investigation // a second test beside it (also_test); nil: none
}

// resolveNotCancer resolves the not_cancer referrals by the cancer
// condition's urgent pathway (the site's referral code).
func (p *Plan) resolveNotCancer(up *datasets.UrgentPathway) error {
	r, err := datasets.CancerRouteData()
	if err != nil {
		return err
	}
	nc := &notCancerPlan{data: &r.NotCancer, timing: &r.Diagnosis}
	nc.ruledOut, _ = datasets.ObservationByKey(r.NotCancer.RuledOut) // checked at load
	if len(nc.data.PerThousand) != len(p.Cat.Bands) {
		return fmt.Errorf("cancer_routes.yaml not_cancer: per_1000_years needs one figure per catalogue age band (%d)", len(p.Cat.Bands))
	}
	for _, x := range r.NotCancer.Referrals {
		ref := notCancerRef{NotCancerReferral: x, sex: -1}
		if x.Sex != "" {
			ref.sex = sexIndex(x.Sex)
		}
		ref.symptom, _ = datasets.ObservationByKey(x.Symptom) // checked at load
		if sr := r.Route(x.Site); !x.OneStop && sr != nil {
			ref.test = sr.Investigation // (a site without one is refused at load)
			ref.also = x.AlsoTest
		}
		var ok bool
		if ref.referral, ok = datasets.ObservationByKey(up.Referral(x.Site, false)); !ok {
			return fmt.Errorf("cancer_routes.yaml not_cancer: site %q has no urgent_pathway referral code", x.Site)
		}
		nc.referrals = append(nc.referrals, ref)
	}
	p.notCancer = nc
	return nil
}

// notCancerReferrals writes the person's referrals that find no cancer: in
// each year of the record, with the chance of their age band, on a day of
// it, for a symptom their sex and age allow (by weight). None in a year a
// cancer is held or diagnosed within a year after (its own referral, or its
// team, sees it), in end-of-life care, or when acutely ill.
func (w *worker) notCancerReferrals(per *person) {
	nc := w.plan.notCancer
	if nc == nil {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeSuspectedCancer)
	for from := per.firstDay; from <= per.lastDay; from += 365 {
		d := from + models.Date(s.IntN(365))
		if !s.Bernoulli(nc.data.PerThousand[w.plan.Cat.BandOf(per.ageOn(from))] / 1000) {
			continue
		}
		age := per.ageOn(d)
		k := s.PickBy(len(nc.referrals), func(i int) float64 {
			if r := &nc.referrals[i]; age >= r.MinAge && (r.sex < 0 || r.sex == per.sex) {
				return r.Weight
			}
			return 0
		})
		if k < 0 || d > per.lastDay || per.inEndOfLifeCare(d) || acutelyIll(per, d) || hasCancerBy(per, d+365) {
			continue
		}
		if r := &nc.referrals[k]; w.referredAround(per, r.referral.Snomed, d, models.Date(nc.data.AgainAfterDays)) {
			continue // investigated for it lately (again_after_days)
		}
		w.notCancerReferral(per, &nc.referrals[k], d, &s)
	}
}

// referredAround reports whether the record holds a referral coded snomed
// within days of day d, before or after it: the other paths that refer
// (an urgent complaint's, a cancer's own) are written earlier in the pass.
func (w *worker) referredAround(per *person, snomed string, d, days models.Date) bool {
	return w.referredBetween(per, snomed, d-days, d+days) // anaemiareferral.go
}

// hasCancerBy reports whether the person holds a cancer (a condition with a
// primary site) with onset on or before day d.
func hasCancerBy(per *person, d models.Date) bool {
	for k := range per.conds {
		if hc := &per.conds[k]; hc.site != nil && hc.onset <= d {
			return true
		}
	}
	return false
}

// notCancerReferral writes one referral from day d: the GP consultation
// about the symptom (a new problem) that codes it and the referral, the
// clinic, and the site's test and the clinic that gives its result, where
// cancer is ruled out and the problem resolved (ruledout.go).
func (w *worker) notCancerReferral(per *person, r *notCancerRef, d models.Date, s *distributions.Stream) {
	sl, ok := w.bookGP(per, d, encGPProblem, contactGPProblem, s)
	if !ok {
		return
	}
	id := w.ids.row(tagCondition)
	w.writeGP(per, &sl, id)
	enc := w.b.Encounters[len(w.b.Encounters)-1].EncounterID
	day := sl.start.Date()
	w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: id, PatientID: per.id, ConditionKey: r.Symptom,
		SnomedCode: r.symptom.Snomed, Description: r.symptom.Term, OnsetDate: day, ResolvedDate: models.NoDate, DiagnosisEncounterID: enc})
	k := len(w.b.Conditions) - 1
	w.b.Observations = append(w.b.Observations,
		w.observation(per, enc, sl.start.AddMinutes(3), &r.symptom),
		w.observation(per, enc, sl.start.AddMinutes(4), &r.referral))
	c := day + models.Date(between(w.plan.notCancer.data.ClinicDays, s))
	if c > per.lastDay || per.inEndOfLifeCare(c) {
		return
	}
	if enc, st, ok := w.outpatientAt(per, c, id, s); ok {
		w.b.Conditions[k].ResolvedDate = w.ruleOut(per, id, r.test, r.also, enc, st, ruledOutReferral) // cancer ruled out
	}
}
