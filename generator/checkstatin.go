package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The statin offered after an NHS Health Check (twenty-first review;
// catalogue cvd_risk health_check statin). Before, a primary-prevention
// statin could be offered only at a hypertension review, because every
// course belongs to a condition: someone with no condition scored at 10% or
// more at a health check was never offered one. Now the offer follows the
// score; taken, the risk is coded as a condition of its own (a
// from_health_check condition, raised_cvd_risk) at a results appointment
// weeks later, whose care starts atorvastatin 20 mg, checks the lipids at 3
// months and reviews them yearly with the repeats; declined, "Statin
// declined" is coded at the check. Someone whose own pathway offers a
// statin (a condition of cvd_risk not_with or at_reviews_of, held or
// diagnosed later in the record) is left to that pathway, so that two
// pathways never prescribe (or decline) one statin.

// offerAfterCheck offers the statin after the score just recorded at a
// health check (encounter encID, time t), when it is the statin's at_least
// or more: the decision is drawn from a stream of its own.
func (w *worker) offerAfterCheck(per *person, encID string, t models.Timestamp) {
	cp := w.plan.cvd
	hs := cp.checkStatin
	d := t.Date()
	if hs == nil || cp.riskCond < 0 || cp.statin == nil || per.riskValue < cp.Statin.AtLeast || w.statinPathway(per) {
		return
	}
	egfr := w.usualLevel(per, w.plan.slots.egfr, d)
	if !w.allowed(per, cp.statin, d, egfr, -1) {
		return // end-of-life care, or the statin ruled out
	}
	s := per.stream(w.plan.Opts.Seed, purposeCheckStatin, uint64(d))
	take := s.Bernoulli(hs.Accept)
	on := d + models.Date(hs.AfterDays[0]+s.IntN(hs.AfterDays[1]-hs.AfterDays[0]+1))
	if take && planned(per, on) && per.diagnosableOn(on) && w.allowed(per, cp.statin, on, egfr, -1) {
		per.checkStatinOn = on
		return
	}
	if !take && !w.codedAt(per, encID, cp.declined.Snomed) {
		w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(2), &cp.declined))
	}
}

// barsStatinLater reports whether a medicine that may not be given while a
// statin runs (prescribing.yaml contraindications class_running: statin,
// clarithromycin) is already issued in the record from day d on: the acute
// episodes and the background's attendances were written before this
// statin's care, when no statin ran, and the model cannot yet withhold the
// statin for the days of that course (as the BNF advises), so it is not
// started and the offer goes unrecorded (3 people in 20,000; the audit rule
// health-check-qrisk-10-without-statin-or-decline counts them).
func (w *worker) barsStatinLater(per *person, d models.Date) bool {
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.EndDate != models.NoDate && rx.EndDate < d {
			continue
		}
		g, ok := datasets.RegimenByDMD(rx.DMDCode)
		if !ok {
			continue
		}
		if m := w.plan.medPlans[g.Medicine]; m != nil && slices.ContainsFunc(m.contraCls, w.plan.cvd.statin.inClass) {
			return true
		}
	}
	return false
}

// statinPathway reports whether a condition the person holds, or is
// diagnosed with later, brings its own statin offer.
func (w *worker) statinPathway(per *person) bool {
	for k := range per.conds {
		if w.plan.cvd.pathway[per.conds[k].plan.idx] {
			return true
		}
	}
	return false
}

// careAfterCheck codes the risk a health check found, for a person who took
// the statin offered, and writes its care: the diagnosis at the results
// appointment that starts the statin, and the yearly reviews (careFrom's
// late pass, as a condition a fracture brings after the GP's care).
func (w *worker) careAfterCheck(per *person) {
	cp := w.plan.cvd
	if cp == nil || per.checkStatinOn == 0 || w.barsStatinLater(per, per.checkStatinOn) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeCheckStatin, 1)
	per.conds = append(per.conds, w.heldCondition(per, cp.riskCond, per.checkStatinOn, &s))
	k := len(per.conds) - 1
	per.conds[k].treated = true // the offer was taken
	care := per.stream(w.plan.Opts.Seed, purposeCheckStatin, 2)
	w.careFrom(per, k, true, &care)
}
