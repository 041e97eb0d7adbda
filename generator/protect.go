package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A medicine offered for what it protects (brief h53b). Type 2 diabetes
// reached dapagliflozin only as a second or third drug for an HbA1c above
// target, so a person with a well-controlled HbA1c and heart disease, or
// with CKD and an ACR over 30, never had one: NICE NG28 (2022) and NG203
// (2021) offer it to them whatever the HbA1c. The condition's catalogue
// protect names the medicine and who is offered it; each review in the
// record offers it, once the guidance's date has come, to someone with none
// of its class running whom the prescribing rules allow.

// protectPlan is a condition's protect, resolved.
type protectPlan struct {
	*datasets.Protect
	med    *medPlan
	offers []protectOffer
	acr    int // the urine ACR's slot
}

type protectOffer struct {
	with     []int // condition indices
	acrAbove float64
	from     models.Date
}

// resolveProtect resolves a condition's protect (checked by the loader); nil
// for none.
func (p *Plan) resolveProtect(pr *datasets.Protect) *protectPlan {
	if pr == nil {
		return nil
	}
	pp := &protectPlan{Protect: pr, med: p.medPlans[pr.Drug], acr: -1}
	if k, ok := p.obsIndex["urine_acr"]; ok {
		pp.acr = k
	}
	for _, o := range pr.Offers {
		po := protectOffer{acrAbove: o.AcrAbove, from: o.From.Date()}
		for _, k := range o.With {
			po.with = append(po.with, p.condIndex[k])
		}
		pp.offers = append(pp.offers, po)
	}
	return pp
}

// due reports whether an offer applies to the person on day d: from its
// date, holding one of its conditions, and with its ACR above the level when
// it names one (the latest on the record).
func (pp *protectPlan) due(per *person, d models.Date) bool {
	for _, o := range pp.offers {
		if d < o.from {
			continue
		}
		if o.acrAbove > 0 && (pp.acr < 0 || !per.hasLast[pp.acr] || per.lastVal[pp.acr] <= o.acrAbove) {
			continue
		}
		for _, ci := range o.with {
			if heldOn(per, ci, d) {
				return true
			}
		}
	}
	return false
}

// offerProtect offers condition ci's protecting medicine at its review on
// day d (encounter encID, time t): taken by the accept share, as a course of
// the condition, else the declined reason is coded; offered again at the
// first review reoffer_days later. The draw is the person's and the day's,
// from a stream of its own: no other draw moves.
func (w *worker) offerProtect(per *person, ci int, encID string, t models.Timestamp, d models.Date, egfr float64) {
	pp := per.conds[ci].plan.protect
	if pp == nil || pp.med == nil || !pp.due(per, d) {
		return
	}
	if per.protectOffered != 0 && d-per.protectOffered < models.Date(pp.ReofferDays) {
		return
	}
	if w.covered(per, pp.med, d) >= 0 || !w.allowed(per, pp.med, d, egfr, -1) {
		return // on one already (for heart failure, or the HbA1c), or barred
	}
	per.protectOffered = d
	s := distributions.NewStream(w.plan.Opts.Seed, uint64(per.index), purposeProtect, uint64(d))
	if s.Bernoulli(pp.Accept) {
		w.startCourse(per, pp.med, ci, -1, 0, d, nil, egfr, &s)
		return
	}
	w.codeReasonAt(per, encID, t, &pp.Declined)
}
