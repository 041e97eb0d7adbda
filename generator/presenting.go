package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Cancer's route to diagnosis (twentieth review; datasets/cancer_routes.yaml).
// Before, every cancer was diagnosed through the GP's urgent suspected-cancer
// (two-week-wait) referral, and the consultation that referred recorded the
// referral alone, with no symptom. Now a share of each site's cancers,
// by the published Routes to Diagnosis figures, is diagnosed after an
// emergency presentation (an A&E attendance or an emergency admission on
// the onset day, for the cancer); the rest are referred by the GP, who
// records the presenting symptom of the site (NICE NG12) at the consultation
// that refers. Every draw here comes from the cancer's own stream
// (purposeCancerRoute, keyed by the condition), so no other draw moves.

// emergencyReviewDays: the GP sees someone diagnosed with cancer as an
// emergency this many days after discharge at the earliest (model: the
// discharge summary reaches the practice, which reviews the new diagnosis).
const emergencyReviewDays = 7

// siteRoute is a primary site's route to diagnosis, resolved.
type siteRoute struct {
	emergency float64 // the share diagnosed after an emergency presentation
	symptoms  []datasets.ObservationCode
	weights   []float64
	result    *datasets.PresentingResult // a result recorded with the symptom (a PSA), nil: none
	resultObs datasets.ObservationCode
	presents  *datasets.PresentingContact // the consultation that first sees the symptom, nil: the referring one
	// the test the diagnosis rests on, nil: the first clinic diagnoses
	// (diagnosingtest.go), and the days around it
	investigation *datasets.Investigation
	scanFirst     *datasets.Investigation // the scan before the first clinic (scanfirst.go), nil: none
	timing        *datasets.DiagnosisTiming
	noTreatment   *datasets.ObservationCode // the decision coded when no hospital treatment follows, nil: none
	watchful      *datasets.ObservationCode // the decision coded instead at the practice's watchful waiting age (markers.go), nil: none
	untreated     string                    // when no anti-cancer treatment stands (datasets.Untreated*; activetreatment.go)
	untreatedRule *datasets.CancerUntreated // the ages and frailty it reads
}

// route stream keys: the draw of the route, the emergency admission, the
// symptom.
const (
	routeDraw = iota
	routeAdmission
	routeSymptom
	routeResult    // the presenting result's value (forty-sixth session): a stream of its own
	routeTests     // the symptom's first-contact tests (forty-seventh review): a stream of their own
	routePresents  // the consultation that first sees the symptom (fifty-third session): a stream of its own
	routeDiagnosis // the test the diagnosis rests on and its result's clinic (brief h56b): a stream of its own
)

func (w *worker) routeStream(per *person, hc *heldCondition, key uint64) distributions.Stream {
	return per.stream(w.plan.Opts.Seed, purposeCancerRoute, uint64(hc.plan.idx), key)
}

// resolveRoute resolves a site's route to diagnosis (nil: the site has
// none, and every cancer of it is referred with no symptom recorded).
func resolveRoute(site string) (*siteRoute, error) {
	data, err := datasets.CancerRouteData()
	if err != nil {
		return nil, err
	}
	r := data.Route(site)
	if r == nil {
		return nil, nil
	}
	out := &siteRoute{emergency: r.Emergency.Share, presents: r.Presents, investigation: r.Investigation, scanFirst: r.ScanFirst, timing: &data.Diagnosis,
		untreated: r.Untreated, untreatedRule: &data.Untreated}
	for _, p := range r.Symptoms {
		o, ok := datasets.ObservationByKey(p.Observation)
		if !ok {
			return nil, fmt.Errorf("site %s: symptom %q has no code", site, p.Observation)
		}
		out.symptoms = append(out.symptoms, o)
		out.weights = append(out.weights, p.Weight)
	}
	if r.NoTreatment != "" {
		o, _ := datasets.ObservationByKey(r.NoTreatment) // checked at load
		out.noTreatment = &o
	}
	if r.WatchfulWaiting != "" {
		o, _ := datasets.ObservationByKey(r.WatchfulWaiting) // checked at load
		out.watchful = &o
	}
	if r.Result != nil {
		out.result = r.Result
		out.resultObs, _ = datasets.ObservationByKey(r.Result.Observation) // checked at load
	}
	return out, nil
}

// presentsAsEmergency draws whether held condition hc, which has an urgent
// pathway in the record, is diagnosed after an emergency presentation
// (its site's share).
func (w *worker) presentsAsEmergency(per *person, hc *heldCondition) bool {
	if hc.site == nil || hc.site.route == nil || hc.site.route.emergency <= 0 {
		return false
	}
	s := w.routeStream(per, hc, routeDraw)
	return s.Bernoulli(hc.site.route.emergency)
}

// emergencyPresentations writes the emergency that diagnoses each cancer
// drawn to present as one: an admission for it on the onset day, through
// A&E or sent in by the GP (the catalogue's share through A&E), whose first
// encounter makes the diagnosis. It runs before every other stay, so only a
// second emergency cancer on the same day can be in its way; that one is
// referred after all.
func (w *worker) emergencyPresentations(per *person) {
	for k := range per.conds {
		hc := &per.conds[k]
		if !hc.emergency {
			continue
		}
		s := w.routeStream(per, hc, routeAdmission)
		first := w.emergencyAdmissionVia(per, hc.onset, per.ageOn(hc.onset), hc.id, false, &s)
		if first == "" {
			hc.emergency = false
			if day, _, ok := w.urgentClinicDay(per, hc); ok {
				hc.diagnosedOn = w.diagnosisDay(per, hc, day)
			}
			continue
		}
		hc.presented, hc.diagnosedAt = true, first
		hc.emergencyEnd = per.stays[len(per.stays)-1].end.Date()
	}
}

// presentingSymptom records, at the GP consultation encID that refers held
// condition hc urgently (time t), the symptom of its site that made the GP
// refer (NICE NG12), drawn by weight. When the site's route first sees the
// symptom at an earlier consultation (presents: colorectal, lung), the
// symptom and its first-contact tests are recorded there too, and the
// referring consultation refers on the investigation it started (a FIT).
// It returns the symptom's problem (symptomProblem), the reason of every
// consultation about it; "" when the site has no route.
func (w *worker) presentingSymptom(per *person, hc *heldCondition, encID string, t models.Timestamp) string {
	if hc.site == nil || hc.site.route == nil || len(hc.site.route.symptoms) == 0 {
		return ""
	}
	r := hc.site.route
	s := w.routeStream(per, hc, routeSymptom)
	i := max(s.PickBy(len(r.symptoms), func(i int) float64 { return r.weights[i] }), 0)
	prob := hc.symptomID // allocated with the clinic about it (diagnosingtest.go)
	if prob == "" {
		prob = w.ids.row(tagCondition)
	}
	hc.symptomWritten = true
	first, firstEnc := t.Date(), encID
	testsEnc, testsAt := encID, t
	if id, at, ok := w.presentingContact(per, hc, &r.symptoms[i], t.Date(), prob); ok {
		testsEnc, testsAt = id, at
		first, firstEnc = at.Date(), id
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, t, &r.symptoms[i]))
	// the bloods that made the symptom, as at a referral that finds no
	// cancer (catalogue first_contact_tests: the low haemoglobin and
	// ferritin of iron deficiency anaemia; forty-seventh review)
	ts := w.routeStream(per, hc, routeTests)
	if k := w.recordTests(per, w.plan.firstContactTests, r.symptoms[i].Key, prob, testsAt.Date(), nil, testsEnc, testsAt.AddMinutes(1), &ts); k >= 0 {
		w.answerHeldAnaemia(per, k)
	}
	if id, at, ok := w.presentingResult(per, hc, encID, t, prob); ok && at.Date() < first {
		first, firstEnc = at.Date(), id
	}
	sym := &r.symptoms[i]
	if id := w.problemCodedAt(per, sym.Snomed, testsEnc, encID); id != "" {
		// the bloods coded it as a problem there (iron deficiency anaemia):
		// that problem is the reason, not a second row of the same code
		w.renameReason(per, prob, id)
		return id
	}
	per.symptomRows = append(per.symptomRows, prob) // its tests are recorded above, not again by firstContactTests
	w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: prob, PatientID: per.id, ConditionKey: sym.Key,
		SnomedCode: sym.Snomed, Description: sym.Term, OnsetDate: first, ResolvedDate: max(t.Date(), hc.diagnosedOn), DiagnosisEncounterID: firstEnc})
	return prob
}

// The symptom's problem (brief h56b): the consultations of a cancer's
// urgent referral (the one that first sees the symptom, the blood test, the
// one that refers) had no reason, the symptom an observation alone: 209
// fast-track referral consultations with a null reason at generate -n 5000
// -s 5. Now the symptom is coded as the problem of each, as at a referral
// that finds no cancer (notcancer.go), from its first consultation to the
// clinic that diagnoses the cancer that explains it.

// presentingContact writes the GP consultation that first sees symptom sym
// of held condition hc, some days (its route's presents) before the
// consultation on day referral that refers it, about the symptom's problem
// prob, and records the symptom there; false when the route has none or no
// day before the referral is free in the record. Before (fifty-third
// session), a colorectal cancer's symptom, bloods and referral were all at
// one consultation, with no FIT, and a GP reading the record saw the cancer
// appear from nowhere.
func (w *worker) presentingContact(per *person, hc *heldCondition, sym *datasets.ObservationCode, referral models.Date, prob string) (string, models.Timestamp, bool) {
	p := hc.site.route.presents
	if p == nil || !p.Applies(sym.Key) {
		return "", 0, false
	}
	s := w.routeStream(per, hc, routePresents)
	d := referral - models.Date(between(p.DaysBefore, &s))
	if d < per.firstDay {
		return "", 0, false
	}
	sl, ok := w.bookGP(per, d, encGPProblem, contactGPProblem, &s)
	if !ok {
		return "", 0, false
	}
	if sl.start.Date() >= referral { // no free day before the referral
		per.gpDays.remove(sl.start.Date())
		return "", 0, false
	}
	w.writeGP(per, &sl, prob)
	id, at := w.slotID(&sl), sl.start.AddMinutes(5)
	w.b.Observations = append(w.b.Observations, w.observation(per, id, at, sym))
	return id, at, true
}

// answerHeldAnaemia answers the haemoglobin a test held below the anaemia
// threshold (observation index k) once the contact's own anaemia row is
// written: iron and a repeat blood count (anaemia.go). Before (forty-seventh
// session), an iron deficiency anaemia at a referral that found no cancer
// started no iron, and the next blood count months later read 20 g/L or
// more higher with nothing to explain it (30 of 31, generate -n 20000 -s 5).
func (w *worker) answerHeldAnaemia(per *person, k int) {
	o := w.b.Observations[k]
	w.holdDeficiency(per, o.EffectiveTime.Date(), *o.Value) // the held value is the person's state from here (irondeficiency.go)
	w.answerLowHaemoglobin(per, o.EncounterID, o.EffectiveTime, *o.Value)
	w.lowerWrittenCounts(per, k) // once its iron is known
}

// presentingResult records the site's result that refers (a PSA above the
// age-specific threshold: NICE NG12), drawn from its own stream, taken at a
// blood test some days before the consultation that refers (encID at t):
// the GP requested it, and refers on the result. When no day is free for
// that test in the record before the referral, the result is recorded at
// the consultation that refers. Before (forty-sixth session), a prostate
// cancer was referred with no PSA value on the record. The blood test's
// consultation is about the symptom's problem prob; it returns that
// consultation and its time, false when none was written for it.
func (w *worker) presentingResult(per *person, hc *heldCondition, encID string, t models.Timestamp, prob string) (string, models.Timestamp, bool) {
	r := hc.site.route
	if r.result == nil || !w.plan.inUse(w.plan.obsIndex[r.result.Observation], t.Date()) {
		return "", 0, false // none, or not in use yet (the FIT before 2017): the referral rests on the symptom
	}
	s := w.routeStream(per, hc, routeResult)
	above := math.Log(r.result.Threshold(per.ageOn(t.Date())))
	x := s.NormalMS(math.Log(r.result.Median), r.result.LogSD)
	if x <= above { // reflected above the threshold: every value refers
		x = 2*above - x
	}
	v := math.Max(math.Round(math.Exp(x)*10)/10, math.Ceil(math.Exp(above)*10+1)/10) // one decimal, still above it
	if r.result.Most > 0 {
		v = math.Min(v, r.result.Most) // the analyser's upper reporting limit
	}
	at, own := t, false
	if d := t.Date() - models.Date(between(r.result.SampleDaysBefore, &s)); d >= per.firstDay && d < t.Date() {
		if sl, ok := w.bookGP(per, d, encGPConsultation, contactMonitoringBloods, &s); ok {
			if sl.start.Date() < t.Date() {
				w.writeGP(per, &sl, prob) // about the symptom (as the referral)
				encID, at, own = w.slotID(&sl), sl.start.AddMinutes(5), true
			} else {
				per.gpDays.remove(sl.start.Date()) // no free day before the referral: taken at it
			}
		}
	}
	o := w.observation(per, encID, at, &r.resultObs)
	o.Value, o.Unit = w.value(v), r.resultObs.Unit
	w.b.Observations = append(w.b.Observations, o)
	return encID, at, own
}
