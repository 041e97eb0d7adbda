package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Cardiovascular risk assessment and the primary-prevention statin
// (eighteenth review; catalogue cvd_risk). Before, no risk score was ever
// recorded and primary prevention reached only diabetes and CKD. The score
// is the QRISK3-2017 equation (datasets/qrisk3.go) of what the model holds
// for the person on the day: their usual blood pressure, cholesterol and
// BMI, smoking, ethnicity and conditions; it is recorded at hypertension
// reviews (yearly) and at the blood pressure check an adult of 40-74 has
// every 5 years (the NHS Health Check's), with a cholesterol reading. At a
// hypertension review after the diagnosis, a score of 10% or more offers
// atorvastatin 20 mg: taken, or declined and coded "Statin declined", and
// offered again at a review reoffer_days later. The statin is a decision of
// its own, beside the antihypertensive treatment.

// cvdRiskPlan is the catalogue's cvd_risk resolved.
type cvdRiskPlan struct {
	*datasets.CVDRisk
	score      datasets.ObservationCode
	declined   datasets.ObservationCode // "Statin declined", coded as itself
	reviewedBy []bool                   // by condition index: its reviews assess the risk
	notWith    []int                    // condition indices that rule the assessment out
	checkObs   []int                    // slots measured at a health check's assessment
	chol, bmi  int                      // slots
	hdl        int                      // slot: the HDL cholesterol the total:HDL ratio divides by
	sbpSD      float64                  // the visit-to-visit spread of systolic readings
	statin     *medPlan
	effects    []obsEffect
	af, ra     int // condition indices, -1 none
	smi        int
	migraine   [2]int // migraine, and migraine with aura (session 49)
	// the statin offer after a health check (twenty-first review):
	// checkStatin, the catalogue's; riskCond, the condition it codes (-1
	// none); pathway, by condition index: its own pathway offers a statin
	checkStatin *datasets.CVDRiskCheckStatin
	riskCond    int
	pathway     []bool
	// the statin offered whatever the score (twenty-sixth review):
	// offeredIn, by condition index: its reviews offer it; offeredNotWith,
	// condition indices whose own pathways give it instead
	offeredIn      []bool
	offeredNotWith []int
}

// resolveCVDRisk resolves the catalogue's cvd_risk (checked by the loader).
func (p *Plan) resolveCVDRisk() error {
	r := p.Cat.CVDRisk
	if r == nil {
		return nil
	}
	cp := &cvdRiskPlan{CVDRisk: r, reviewedBy: make([]bool, len(p.conds)), statin: p.medPlans[r.Statin.Drug],
		chol: p.obsIndex["total_cholesterol"], bmi: p.slots.bmi, af: -1, ra: -1, smi: -1, migraine: [2]int{-1, -1}}
	cp.score, _ = datasets.ObservationByKey(r.Score)
	cp.declined = datasets.ObservationCode{Key: "statin_declined", Snomed: r.Statin.DeclinedCode, Term: r.Statin.DeclinedTerm}
	for _, k := range r.AtReviewsOf {
		cp.reviewedBy[p.condIndex[k]] = true
	}
	for _, k := range r.NotWith {
		cp.notWith = append(cp.notWith, p.condIndex[k])
	}
	for _, k := range r.HealthCheck.Observations {
		cp.checkObs = append(cp.checkObs, p.obsIndex[k])
	}
	hdl, ok := p.obsIndex["hdl_cholesterol"]
	if !ok {
		return fmt.Errorf("catalogue: cvd_risk needs the hdl_cholesterol observation (the total:HDL ratio)")
	}
	cp.hdl = hdl
	cp.sbpSD = p.obsModels[p.slots.systolic].Noise
	for _, k := range sortedKeys(r.Statin.Effects) { // as a treatment line's: a fraction of the level above HDL (drug_ratio)
		slot := p.obsIndex[k]
		cp.effects = append(cp.effects, obsEffect{obs: slot, delta: r.Statin.Effects[k], ratio: p.drugRatio(slot)})
	}
	look := func(k string) int {
		if i, ok := p.condIndex[k]; ok {
			return i
		}
		return -1
	}
	cp.af, cp.ra, cp.smi = look("atrial_fibrillation"), look("rheumatoid_arthritis"), look("smi")
	cp.migraine = [2]int{look("migraine"), look("migraine_with_aura")}
	cp.checkStatin, cp.riskCond, cp.pathway = r.HealthCheck.Statin, -1, make([]bool, len(p.conds))
	if cp.checkStatin != nil {
		cp.riskCond = look(cp.checkStatin.Condition)
	}
	for _, k := range append(append([]string{}, r.NotWith...), r.AtReviewsOf...) {
		cp.pathway[p.condIndex[k]] = true
	}
	cp.offeredIn = make([]bool, len(p.conds))
	for _, k := range r.Statin.OfferedIn {
		cp.offeredIn[p.condIndex[k]] = true
	}
	for _, k := range r.Statin.OfferedNotWith {
		cp.offeredNotWith = append(cp.offeredNotWith, p.condIndex[k])
	}
	p.cvd = cp
	return nil
}

// qriskEthnicity is QRISK3's ethnicity category of an NHS ethnic category
// code: 1 White or not stated, 2 Indian, 3 Pakistani, 4 Bangladeshi, 5
// other Asian, 6 Black Caribbean, 7 Black African, 8 Chinese, 9 other
// (mixed and other Black backgrounds included).
func qriskEthnicity(code string) int {
	switch code {
	case "H":
		return 2
	case "J":
		return 3
	case "K":
		return 4
	case "L":
		return 5
	case "M":
		return 6
	case "N":
		return 7
	case "R":
		return 8
	case "D", "E", "F", "G", "P", "S":
		return 9
	}
	return 1
}

// heldOn reports whether the person holds condition ci (catalogue index)
// on day d: diagnosed by then and not resolved.
func heldOn(per *person, ci int, d models.Date) bool {
	if ci < 0 {
		return false
	}
	for k := range per.conds {
		hc := &per.conds[k]
		if hc.plan.idx == ci && hc.onset <= d && (hc.resolved == 0 || d < hc.resolved) {
			return true
		}
	}
	return false
}

// riskAssessable reports whether a person's cardiovascular risk is assessed
// on day d: of the ages, with none of the conditions that rule it out, and
// not already on a statin (the score then no longer decides anything).
func (w *worker) riskAssessable(per *person, d models.Date, lo, hi int) bool {
	cp := w.plan.cvd
	if age := per.ageOn(d); age < lo || age > hi {
		return false
	}
	for _, ci := range cp.notWith {
		if heldOn(per, ci, d) || foundBy(per, ci, d) {
			return false
		}
	}
	return w.statinRunning(per, d) < 0
}

// foundBy reports whether condition ci (catalogue index) was found by day d
// at a review and is about to be coded (found.go): CKD found at the
// hypertension review that also assesses the risk rules the score out
// there (twentieth review).
func foundBy(per *person, ci int, d models.Date) bool {
	k := heldIndex(per, ci)
	return k >= 0 && per.conds[k].foundOn != 0 && per.conds[k].foundOn <= d
}

// statinRunning is the index of a course of a statin running on day d, or -1.
func (w *worker) statinRunning(per *person, d models.Date) int {
	for k := range per.courses {
		if c := &per.courses[k]; c.running(d) && c.meds.inClass("statin") {
			return k
		}
	}
	return -1
}

// qrisk3 is the person's 10-year cardiovascular risk on day d, in percent:
// QRISK3 of their usual levels and their record that day. Townsend, family
// history, lupus, erectile dysfunction and steroids are not in the model and
// count as absent, as the calculator counts them when unrecorded; migraine
// (either kind) counts since session 49, when the model gained it.
func (w *worker) qrisk3(per *person, d models.Date) float64 {
	cp := w.plan.cvd
	in := datasets.QRISK3Input{
		Male:         per.sex == 1,
		Age:          float64(d-per.birth) / 365.25,
		Ethnicity:    per.qriskEth,
		BMI:          w.usualLevel(per, cp.bmi, d),
		CholHDLRatio: w.cholHDLRatio(per, d), // lipidratio.go
		SBP:          w.usualLevel(per, w.plan.slots.systolic, d),
		SBPSD:        cp.sbpSD,
		AF:           heldOn(per, cp.af, d),
		RA:           heldOn(per, cp.ra, d),
		SMI:          heldOn(per, cp.smi, d),
		Migraine:     heldOn(per, cp.migraine[0], d) || heldOn(per, cp.migraine[1], d),
	}
	switch per.smoking.statusOn(d) {
	case exSmoker:
		in.Smoking = 1
	case currentSmoker:
		switch n := per.smoking.perDay; {
		case n < 10:
			in.Smoking = 2
		case n < 20:
			in.Smoking = 3
		default:
			in.Smoking = 4
		}
	}
	for k := range per.courses {
		c := &per.courses[k]
		if c.cond >= 0 && c.running(d) && !c.meds.inClass("statin") && per.conds[c.cond].plan.targetSlot == w.plan.slots.systolic && per.conds[c.cond].plan.CareTarget != nil {
			in.TreatedHyp = true
		}
	}
	return datasets.QRISK3(in)
}

// recordRisk writes the score at encounter encID (time t) and notes its day.
func (w *worker) recordRisk(per *person, encID string, t models.Timestamp, v float64) {
	o := w.observation(per, encID, t, &w.plan.cvd.score)
	v = float64(int(v*10+0.5)) / 10 // one decimal, as the calculator shows it
	o.Value, o.Unit = &v, w.plan.cvd.score.Unit
	w.b.Observations = append(w.b.Observations, o)
	per.riskScored = append(per.riskScored, t.Date())
	per.riskValue = v
}

// scoredWithin reports whether a score is recorded within days of day d,
// before it or (a year's contacts are drawn in no order) after it.
func scoredWithin(per *person, d models.Date, days int) bool {
	for _, x := range per.riskScored {
		if x > d-models.Date(days) && x < d+models.Date(days) {
			return true
		}
	}
	return false
}

// riskAtReview assesses the risk at a review of condition ci on day d
// (encounter encID, time t) and, after the diagnosis (diag false), offers
// the statin at a score of at_least or more: called after the review's own
// treatment and coded reasons, before its repeats are issued.
func (w *worker) riskAtReview(per *person, ci int, diag bool, encID string, t models.Timestamp, d models.Date, egfr float64) {
	cp := w.plan.cvd
	if cp == nil {
		return
	}
	if cp.offeredIn[per.conds[ci].plan.idx] {
		w.offerAtReview(per, ci, encID, t, d, egfr) // ckdstatin.go
	}
	if !cp.reviewedBy[per.conds[ci].plan.idx] {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeCVDRisk, uint64(d))
	if k := w.statinRunning(per, d); k >= 0 && per.courses[k].cond == ci {
		// the statin this condition's reviews offered: its lipid profile
		// yearly (NICE NG238 1.6: at 3 months, prescribing.yaml monitoring,
		// then at the annual review)
		if !w.recordedWithin(per, cp.chol, d, cp.EveryDays) {
			w.observeOnce(per, encID, t, cp.chol, &s)
		}
		return
	}
	if !w.riskAssessable(per, d, cp.MinAge, cp.MaxAge) {
		return
	}
	if !scoredWithin(per, d, cp.EveryDays) {
		if !w.recordedWithin(per, cp.chol, d, 365) {
			w.observeOnce(per, encID, t, cp.chol, &s) // the lipid profile the score reads
		}
		w.recordRisk(per, encID, t.AddMinutes(1), w.qrisk3(per, d))
	}
	// the offer reads the score on the record, not one recalculated unseen
	// (a drug for blood pressure started today adds QRISK3's treated term)
	if diag || per.riskValue < cp.Statin.AtLeast {
		return
	}
	w.offerStatin(per, ci, encID, t, d, egfr, cp.Statin.Accept, &s)
}

// offerStatin offers the statin at a review of condition ci on day d
// (encounter encID, time t), unless one was offered within reoffer_days or
// the rules bar it: taken with chance accept, as a course of the condition;
// else "Statin declined" is coded.
func (w *worker) offerStatin(per *person, ci int, encID string, t models.Timestamp, d models.Date, egfr, accept float64, s *distributions.Stream) {
	cp := w.plan.cvd
	st := &cp.Statin
	if (per.statinOffered != 0 && d-per.statinOffered < models.Date(st.ReofferDays)) ||
		cp.statin == nil || !w.allowed(per, cp.statin, d, egfr, -1) {
		return
	}
	per.statinOffered = d
	if s.Bernoulli(accept) {
		w.startCourse(per, cp.statin, ci, -1, 0, d, cp.effects, egfr, s)
		return
	}
	if w.codedAt(per, encID, cp.declined.Snomed) {
		return
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(2), &cp.declined))
}

// riskAtHealthCheck assesses the risk at an adult's blood pressure check
// (encounter encID, time t) of the health check's ages with no score within
// its every_days, for the health check's share of them: the cholesterol
// reading, then the score.
func (w *worker) riskAtHealthCheck(per *person, encID string, t models.Timestamp) {
	cp := w.plan.cvd
	d := t.Date()
	if cp == nil || per.checkStatinOn != 0 || !w.riskAssessable(per, d, cp.HealthCheck.Ages[0], cp.HealthCheck.Ages[1]) || scoredWithin(per, d, cp.HealthCheck.EveryDays) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeCVDRisk, uint64(d), 1)
	if !s.Bernoulli(cp.HealthCheck.Share) {
		return // a blood pressure check only
	}
	for _, slot := range cp.checkObs {
		w.observeOnce(per, encID, t, slot, &s)
	}
	w.recordRisk(per, encID, t.AddMinutes(1), w.qrisk3(per, d))
	w.offerAfterCheck(per, encID, t) // checkstatin.go
}

// alsoNotTaken notes that also_prescribe entry k of condition ci was not
// taken at diagnosis, and draws which of its reasons (not_taken) it was,
// from a stream of its own: none of the diagnosis's draws moves.
func (w *worker) alsoNotTaken(per *person, ci, k int) {
	hc := &per.conds[ci]
	s := per.stream(w.plan.Opts.Seed, purposeCVDRisk, uint64(hc.plan.idx), uint64(k), 2)
	hc.alsoNot |= 1 << k
	hc.alsoWhy = uint8(pickReason(hc.plan.also[k].NotTaken, &s)) // linenottaken.go
}

// codeAlsoNotTaken codes, at the condition's first review in the record
// with the medicine not running (for any condition), why a co-prescription
// not taken at diagnosis is not given: "Statin declined" in coronary heart
// disease, for one. Eighteenth review: 110 of 881 people with CHD, stroke or
// PAD had no statin and nothing on the record to say why.
func (w *worker) codeAlsoNotTaken(per *person, ci int, encID string, t models.Timestamp) {
	hc := &per.conds[ci]
	if hc.alsoNot == 0 {
		return
	}
	for k := range hc.plan.also {
		a := &hc.plan.also[k]
		if hc.alsoNot&(1<<k) == 0 {
			continue
		}
		hc.alsoNot &^= 1 << k
		if a.meds == nil || w.covered(per, a.meds, t.Date()) >= 0 {
			continue // given after all (for another condition): nothing to say
		}
		// its grounds on the record (h68b): "Lipid lowering therapy
		// contraindicated" beside an ALT above three times the upper limit,
		// else the reason needing none, declined (linenottaken.go)
		w.codeReasonAt(per, encID, t, w.groundedReason(per, a.NotTaken, int(hc.alsoWhy), t.Date()))
	}
}

// codePendingAlsoNotTaken codes, once the person's care is written, a
// co-prescription's reason still waiting for a review in the record: a
// condition diagnosed (and its first line issued) before the record opens,
// whose first review in it never came (end-of-life care began first), had a
// bisphosphonate in the record with no vitamin D and nothing to say why
// (twenty-sixth review: 1 of 2,135 in the 100,000-patient audit). The
// reason goes on the condition's first contact about it in the record, else
// the first with a clinician there.
func (w *worker) codePendingAlsoNotTaken(per *person) {
	for ci := range per.conds {
		hc := &per.conds[ci]
		if hc.alsoNot == 0 {
			continue
		}
		// in the record only (nothing is coded before it): the first contact
		// about the condition, else the first with a clinician (a medication
		// review at the palliative care visit, for that man)
		first := -1 // (the batch is ordered at the end)
		for pass := 0; pass < 2 && first < 0; pass++ {
			for k := per.encFrom; k < len(w.b.Encounters); k++ {
				e := &w.b.Encounters[k]
				about := e.ReasonConditionID == hc.id || pass == 1 && e.PractitionerID != ""
				if about && e.Setting == settingGP && e.StartTime.Date() >= per.firstDay && (first < 0 || e.StartTime < w.b.Encounters[first].StartTime) {
					first = k
				}
			}
		}
		if first >= 0 {
			e := &w.b.Encounters[first]
			w.codeAlsoNotTaken(per, ci, e.EncounterID, e.StartTime.AddMinutes(2))
		}
	}
}

// codeReasonAt codes reason r for a medicine not taken, coded alone as a
// situation, at encounter encID, unless it is coded there already (for
// another condition at a joint review).
func (w *worker) codeReasonAt(per *person, encID string, t models.Timestamp, r *datasets.UntreatedReason) {
	if w.codedAt(per, encID, r.Snomed) {
		return
	}
	code := datasets.ObservationCode{Snomed: r.Snomed, Term: r.Description}
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, t.AddMinutes(2), &code))
}

// codedAt reports whether the code is already recorded at encounter encID.
func (w *worker) codedAt(per *person, encID, snomed string) bool {
	for i := len(w.b.Observations) - 1; i >= per.obsFrom; i-- {
		if o := &w.b.Observations[i]; sameRowID(o.EncounterID, encID) && o.SnomedCode == snomed {
			return true
		}
	}
	return false
}
