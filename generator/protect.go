package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A medicine offered for the organ it protects (catalogue protect; brief
// h54e): dapagliflozin beside the ACE inhibitor or ARB in CKD with an ACR
// of 22.6 mg/mmol or more (NICE TA775). Before, an SGLT2 inhibitor came only
// for heart failure or as a second or third diabetes drug, so albuminuric
// CKD never had one. The condition's review offers it from the guidance's
// date to someone the data calls for (the ACR, the eGFR, the first line
// running or a reason for none coded) with none of its class running, whom
// the prescribing rules allow, under the age limit and outside end-of-life
// care. A decline is coded only at a review held for the condition itself
// (a review joined to another condition's appointment names that one, and
// "Drug declined by patient" there would read as declining its own step),
// and the offer is made again reoffer_days later.

// protectPlan is a condition's protect, resolved.
type protectPlan struct {
	*datasets.Protect
	med     *medPlan
	from    models.Date
	with    []int // condition indices
	acrSlot int   // -1: no urine ACR observation
	also    bool  // one of also_protect
	effects []obsEffect
}

// resolveProtect resolves a condition's protect (checked by the loader);
// nil for none.
func (p *Plan) resolveProtect(pr *datasets.Protect) *protectPlan {
	if pr == nil {
		return nil
	}
	pp := &protectPlan{Protect: pr, med: p.medPlans[pr.Drug], from: pr.From.Date(), acrSlot: -1}
	if k, ok := p.obsIndex["urine_acr"]; ok {
		pp.acrSlot = k
	}
	for _, k := range pr.With {
		pp.with = append(pp.with, p.condIndex[k])
	}
	return pp
}

// calledFor reports whether the data calls for the medicine on day d: the
// latest urine ACR recorded at its level or more, or one of its conditions
// held.
func (pp *protectPlan) calledFor(per *person, d models.Date) bool {
	if k := pp.acrSlot; pp.AcrAtLeast > 0 && k >= 0 && per.hasLast[k] && per.lastAt[k].Date() <= d && per.lastVal[k] >= pp.AcrAtLeast {
		return true
	}
	for _, ci := range pp.with {
		if heldOn(per, ci, d) {
			return true
		}
	}
	return false
}

// offerProtect offers condition ci's protecting medicine at its review on
// day d (encounter encID, time t; egfr the latest eGFR): taken by the
// accept share, as a course of the condition, else declined and coded. The
// draw is the person's and the day's, from a stream of its own.
func (w *worker) offerProtect(per *person, ci int, encID string, t models.Timestamp, d models.Date, egfr float64) {
	for i, pp := range per.conds[ci].plan.protects {
		w.offerOneProtect(per, ci, i, pp, encID, t, d, egfr)
	}
}

// offerOneProtect offers the condition's protecting medicine pp, the i-th
// of its protects, as offerProtect says.
func (w *worker) offerOneProtect(per *person, ci, i int, pp *protectPlan, encID string, t models.Timestamp, d models.Date, egfr float64) {
	hc := &per.conds[ci]
	if pp == nil || pp.med == nil || d < pp.from || d < per.firstDay || per.inEndOfLifeCare(d) ||
		pp.UnderAge > 0 && per.ageOn(d) >= pp.UnderAge || egfr < pp.EgfrAtLeast || !pp.calledFor(per, d) {
		return
	}
	if hc.protectOffered[i] != 0 && d-hc.protectOffered[i] < models.Date(pp.ReofferDays) {
		return
	}
	if pp.BesideClass != "" && !w.besideClass(per, pp.BesideClass, d) {
		return
	}
	// beside the first line (an ACE inhibitor or ARB), or a reason for none coded
	if pp.Beside && len(hc.plan.lines) > 0 && !lineTaken(per, &hc.plan.lines[0], d) && !(hc.excused && !hc.notDue) {
		return
	}
	if w.covered(per, pp.med, d) >= 0 || !w.allowed(per, pp.med, d, egfr, -1) {
		return // on one already (for heart failure or the HbA1c), or barred
	}
	if startedFor(per, ci, d) {
		return // one change at a time: offered at the next review (protectstart.go)
	}
	own := w.reasonOf(per, encID) == hc.id
	s := per.stream(w.plan.Opts.Seed, purposeProtect, uint64(d))
	if pp.also { // a stream of its own: the condition's protect keeps its draws
		s = per.stream(w.plan.Opts.Seed, purposeProtect, uint64(d), uint64(ci), uint64(i))
	}
	if s.Bernoulli(pp.Accept) {
		hc.protectOffered[i] = d
		w.startCourse(per, pp.med, ci, -1, 0, d, pp.effects, egfr, &s)
		return
	}
	if own { // declined, coded where the review is the condition's own
		hc.protectOffered[i] = d
		w.codeReasonAt(per, encID, t, &pp.Declined)
	}
}

// besideClass reports whether a medicine of the class runs on day d,
// started before it (not one the same review has just started).
func (w *worker) besideClass(per *person, class string, d models.Date) bool {
	for k := range per.courses {
		if c := &per.courses[k]; c.running(d) && c.start < d && c.meds.inClass(class) {
			return true
		}
	}
	return false
}
