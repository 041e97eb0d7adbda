package generator

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Frailty, falls and confusion in older people (twentieth review). A GP
// reading the histories of people over 65 found no frailty coded, although
// the GP contract has asked practices since 2017 to identify people of 65
// and over living with moderate and severe frailty with the electronic
// Frailty Index; no falls risk assessment after a fall; and no cognitive
// assessment after an episode of delirium. datasets/frailty.yaml holds the
// clinical facts; this file applies them once every contact is written.

// frailtyPlan is frailty.yaml resolved.
type frailtyPlan struct {
	*datasets.Frailty
	cats         []datasets.ObservationCode // per category
	since        models.Date
	deficitOf    map[string]int  // catalogue key -> index of its deficit in EFI.Conditions
	severeWith   map[string]bool // catalogue keys that hold the category at severe
	reviewFrom   int             // the category from which a structured medication review follows
	falls        datasets.ObservationCode
	fallsAfter   map[string]bool
	referral     map[string]bool // SNOMED CT of the referrals a fall's follow-up records (catalogue follow_up)
	cognition    datasets.ObservationCode
	delAfter     map[string]bool
	delUnless    map[string]bool
	fallAdmAfter map[string]bool // the reasons for an admission the practice follows up (falladmission.go)
	gpKinds      [5]string       // encounter type codes a category is coded at
	injuryAfter  map[string]bool // the injuries seen at A&E the practice follows up as a fall (injuryfollowup.go)
	injuryLike   *acutePlan      // the acute episode whose follow_up they follow
	clinicAfter  map[string]bool // the injuries from a fall assessed in hospital or at the falls service (fallsclinic.go)
}

func (p *Plan) resolveFrailty() error {
	f, err := datasets.LoadFrailty()
	if err != nil {
		return err
	}
	fp := &p.frailty
	fp.Frailty = f
	e := &f.EFI
	for _, c := range e.Categories {
		o, _ := datasets.ObservationByKey(c.Observation) // the loader checked it
		fp.cats = append(fp.cats, o)
	}
	fp.since = models.DateOf(e.Since)
	fp.deficitOf = map[string]int{}
	for i, c := range e.Conditions {
		for _, k := range c.Keys {
			fp.deficitOf[k] = i
		}
	}
	fp.severeWith = keySet(e.SevereWith)
	fp.reviewFrom = f.Category(e.MedicationReview)
	fp.falls, _ = datasets.ObservationByKey(f.FallsAssessment.Observation)
	fp.cognition, _ = datasets.ObservationByKey(f.Delirium.Observation)
	fp.fallsAfter = keySet(f.FallsAssessment.After)
	fp.delAfter = keySet(f.Delirium.After)
	fp.delUnless = keySet(f.Delirium.Unless)
	fp.fallAdmAfter = keySet(f.FallAdmission.After)
	fp.referral = map[string]bool{}
	fp.injuryAfter = keySet(f.InjuryFollowUp.After)
	fp.clinicAfter = keySet(f.FallsClinic.After)
	for i := range p.acute {
		a := &p.acute[i]
		if fp.fallsAfter[a.Key] && a.FollowUp != nil && a.followUpCode.Snomed != "" {
			fp.referral[a.followUpCode.Snomed] = true
		}
		if a.Key == f.InjuryFollowUp.Like && a.FollowUp != nil {
			fp.injuryLike = a
		}
	}
	if fp.injuryLike == nil {
		return fmt.Errorf("frailty.yaml: injury_follow_up like %q is not an acute episode with a follow_up", f.InjuryFollowUp.Like)
	}
	for i, k := range []encKind{encGPConsultation, encGPProblem, encGPTelephone, encGPHomeVisit, encChronicReview} {
		fp.gpKinds[i] = p.encTypes[k].Code
	}
	return p.checkStepDownFrailty() // stepdown.go
}

func keySet(keys []string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// olderPeopleCare writes the twentieth review's care of older people, once
// every other contact is written: the cognitive assessment after delirium
// (which books a visit), the falls risk assessment at the contact after a
// fall, and the yearly frailty category with the structured medication
// review severe frailty asks for (which books one).
func (w *worker) olderPeopleCare(per *person) {
	fp := &w.plan.frailty
	if per.ageOn(per.lastDay) < min(fp.EFI.FromAge, fp.FallsAssessment.MinAge, fp.Delirium.MinAge, fp.FallAdmission.MinAge, fp.injuryLike.FollowUp.MinAge, fp.FallsClinic.MinAge) {
		return // never old enough inside the record
	}
	w.deliriumFollowUps(per)
	w.fallAdmissionFollowUps(per) // before the falls assessment, which may be recorded at it
	w.injuryFollowUps(per)        // the same
	w.fallsAssessments(per)
	w.fallsClinics(per) // where the practice recorded none
	w.frailtyCoding(per)
}

// clinicianContact reports whether encounter e is a contact at the practice
// with a clinician at which the record is read and coded (a consultation,
// telephone call, home visit or review; not a vaccination or a screening
// test).
func (fp *frailtyPlan) clinicianContact(e *models.Encounter) bool {
	return e.Setting == settingGP && e.PractitionerID != "" && slices.Contains(fp.gpKinds[:], e.TypeCode)
}

// deliriumFollowUps books, after an episode of delirium at 65 and over, a
// GP consultation some weeks later at which cognition is assessed (NICE
// CG103; frailty.yaml delirium_follow_up). The draws are a stream of their
// own keyed by the episode's day.
func (w *worker) deliriumFollowUps(per *person) {
	fp := &w.plan.frailty
	dl := &fp.Delirium
	n := len(w.b.Conditions)
	for r := per.condFrom; r < n; r++ {
		c := &w.b.Conditions[r]
		if !fp.delAfter[c.ConditionKey] || per.ageOn(c.OnsetDate) < dl.MinAge {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeDeliriumFollowUp, uint64(c.OnsetDate))
		if !s.Bernoulli(dl.Share) {
			continue
		}
		day := c.OnsetDate + models.Date(s.Range(dl.DaysAfter[0], dl.DaysAfter[1]))
		if day > per.lastDay || day < w.plan.windowStart || per.inEndOfLifeCare(day+eolReviewMargin) || w.heldBy(per, fp.delUnless, day) {
			continue
		}
		enc, start, ok := w.gpVisit(per, day, encGPConsultation, "", &s)
		if !ok {
			continue
		}
		w.b.Observations = append(w.b.Observations, w.observation(per, enc, start.AddMinutes(6), &fp.cognition))
	}
}

// heldBy reports whether a condition row of a key in keys began on or
// before day d.
func (w *worker) heldBy(per *person, keys map[string]bool, d models.Date) bool {
	for r := per.condFrom; r < len(w.b.Conditions); r++ {
		if c := &w.b.Conditions[r]; keys[c.ConditionKey] && c.OnsetDate <= d {
			return true
		}
	}
	return false
}

// fallsAssessments records the multifactorial falls risk assessment at the
// first GP contact about a fall at 65 and over (NICE NG249; frailty.yaml
// falls_assessment): always when that contact refers to the falls service,
// otherwise by the share, on a stream keyed by the fall's day.
func (w *worker) fallsAssessments(per *person) {
	fp := &w.plan.frailty
	fa := &fp.FallsAssessment
	b := w.b
	for r := per.condFrom; r < len(b.Conditions); r++ {
		c := &b.Conditions[r]
		if !fp.fallsAfter[c.ConditionKey] || per.ageOn(c.OnsetDate) < fa.MinAge {
			continue
		}
		first := -1
		for k := per.encFrom; k < len(b.Encounters); k++ {
			e := &b.Encounters[k]
			if e.ReasonConditionID == c.ConditionID && fp.clinicianContact(e) && e.StartTime.Date() >= c.OnsetDate &&
				(first < 0 || e.StartTime < b.Encounters[first].StartTime) {
				first = k
			}
		}
		if first < 0 {
			continue
		}
		e := &b.Encounters[first]
		referred := false
		for o := per.obsFrom; o < len(b.Observations); o++ {
			if b.Observations[o].EncounterID == e.EncounterID && fp.referral[b.Observations[o].SnomedCode] {
				referred = true
				break
			}
		}
		s := per.stream(w.plan.Opts.Seed, purposeFallsAssessment, uint64(c.OnsetDate))
		if s.Bernoulli(fa.Share) || referred {
			b.Observations = append(b.Observations, w.observation(per, e.EncounterID, e.StartTime.AddMinutes(4), &fp.falls))
		}
	}
}

// frailtyContact is a clinician's contact frailtyCoding may code the eFI at.
type frailtyContact struct {
	t  models.Timestamp
	id string
}

// frailtyCoding codes the eFI category yearly from 65 (from the GP contract
// of 2017) at the first contact with a clinician once it is due; fit is not
// coded. Severe frailty books the year's structured medication review with
// the practice's clinical pharmacist unless one was held or booked within
// its interval.
func (w *worker) frailtyCoding(per *person) {
	fp := &w.plan.frailty
	e := &fp.EFI
	b := w.b
	due := max(per.birthday(e.FromAge), fp.since, w.plan.windowStart)
	if due > per.lastDay {
		return
	}
	// The contacts, in time order (the batch is ordered at the end), in
	// the worker's scratch slice: a new one for each person aged 65 or more
	// was 5% of the generator's allocation.
	contacts := w.frailtyContacts[:0]
	defer func() { w.frailtyContacts = contacts[:0] }()
	for k := per.encFrom; k < len(b.Encounters); k++ {
		// not on the day of death: the visit that verifies an expected death
		// is a clinician's contact, not one that grades frailty (twenty-sixth
		// review: 5 people coded mildly frail at it, generate -n 20000 -s 9)
		// nor in the last 60 days of end-of-life care: the category changes
		// nothing of comfort care (NICE NG31; session 50: 93 of 843 register deaths
		// coded frail at a home visit then, generate -n 20000 -s 5)
		// nor at all once on the palliative care register (brief fx65c:
		// a housebound 93-year-old with dementia coded mildly frail months
		// after her register entry and DNACPR; 153 categories coded on the
		// register, 74 of them mild, generate -n 20000 -s 83): her care is
		// planned for the end of life, and the yearly eFI search
		// identifies people for proactive frailty care (frailty.yaml efi)
		if x := &b.Encounters[k]; fp.clinicianContact(x) && x.StartTime.Date() >= due && (per.death == models.NoDate || x.StartTime.Date() < per.death) && !per.inEndOfLifeCare(x.StartTime.Date()) {
			contacts = append(contacts, frailtyContact{x.StartTime, x.EncounterID})
		}
	}
	if len(contacts) == 0 {
		return
	}
	slices.SortStableFunc(contacts, func(a, c frailtyContact) int { return cmp.Compare(a.t, c.t) })
	var st frailtyState // its own: a start bar judged below asks frailtyCategory, which fills w.efi
	w.frailtyState(per, &st)
	mr := &w.plan.medReviews
	every := models.Date(mr.Structured.EveryDays)
	var smr []models.Date // structured medication reviews held or booked
	var done []int        // the routine medication reviews coded (observation rows)
	for o := per.obsFrom; o < len(b.Observations); o++ {
		switch b.Observations[o].SnomedCode {
		case mr.structured.Snomed:
			smr = append(smr, b.Observations[o].EffectiveTime.Date())
		case mr.done.Snomed:
			done = append(done, o)
		}
	}
	coded := -1 // the category last coded (-1: none)
	for _, c := range contacts {
		d := c.t.Date()
		if d < due {
			continue
		}
		due = d + models.Date(e.EveryDays)
		// never below the category last coded: the eFI counts a deficit
		// once it is on the record (frailty.yaml efi), so its score does
		// not fall; here the polypharmacy deficit would, as medicines stop
		// in end-of-life care (brief fx65c: mild frailty coded on the
		// palliative register after moderate and severe)
		k := max(st.category(w, per, d), coded)
		coded = k
		if k < 0 {
			continue // fit: not coded
		}
		b.Observations = append(b.Observations, w.observation(per, c.id, c.t.AddMinutes(4), &fp.cats[k]))
		if k < fp.reviewFrom || d < mr.structuredFrom {
			continue
		}
		// One structured review within its interval either side covers
		// the year (one booked for many medicines, or last year's).
		held := false
		for _, x := range smr {
			if x > d-every && x < d+every+models.Date(mr.Structured.DaysAfter[1]+14) {
				held = true
				break
			}
		}
		if held || !w.bookStructuredReview(per, d, purposeFrailtyReview) { // medicationreview.go
			continue
		}
		x := per.structuredOn
		smr = append(smr, x)
		// It counts as the year's medication review (as a structured
		// review for many medicines does): the routine review coded within
		// its interval either side is withdrawn.
		for _, o := range done {
			if od := b.Observations[o].EffectiveTime.Date(); od > x-every && od < x+every && !b.Observations[o].ObservationID.IsZero() {
				b.Observations[o].ObservationID = models.ID{}
				w.obsWithdrawn = true
			}
		}
	}
}

// frailtyState is what the eFI reads of a person: the first day of each
// recorded deficit, the severe frailty row's first day, and the ages from
// which the deficits the model does not record are present.
type frailtyState struct {
	first    []models.Date // per EFI.Conditions; 0: never
	severeOn models.Date   // 0: never
	from     []float64     // per EFI.Unmodelled: the age it is present from (+Inf: never)
}

// frailtyState fills st with what the eFI reads of the person now, reusing
// st's memory: a start bar asks it at every start it judges, and making it
// new each time was 9 MB of the 406 MB BenchmarkGenerate allocated over 200
// batches (issue 17, stop 51).
func (w *worker) frailtyState(per *person, st *frailtyState) {
	fp := &w.plan.frailty
	e := &fp.EFI
	st.first = slices.Grow(st.first[:0], len(e.Conditions))[:len(e.Conditions)]
	clear(st.first)
	st.severeOn = 0
	for r := per.condFrom; r < len(w.b.Conditions); r++ {
		c := &w.b.Conditions[r]
		if i, ok := fp.deficitOf[c.ConditionKey]; ok && (st.first[i] == 0 || c.OnsetDate < st.first[i]) {
			st.first[i] = c.OnsetDate
		}
		if fp.severeWith[c.ConditionKey] && (st.severeOn == 0 || c.OnsetDate < st.severeOn) {
			st.severeOn = c.OnsetDate
		}
	}
	st.from = w.unmodelledFrom(per)
}

// unmodelledFrom is the ages from which the person's deficits the model does
// not record are present (per EFI.Unmodelled; +Inf: never). They depend
// only on the person's own stream, so they are drawn at the person's first
// ask and kept (w.efiFrom, for person w.efiFor) until another person asks:
// the search below ran again at every start bar (2.5% of the benchmark's
// CPU time with the state's making).
func (w *worker) unmodelledFrom(per *person) []float64 {
	if w.efiFor == per.index+1 {
		return w.efiFrom
	}
	e := &w.plan.frailty.EFI
	from := slices.Grow(w.efiFrom[:0], len(e.Unmodelled))[:len(e.Unmodelled)]
	// A Gaussian copula: one shared factor, so the deficits gather in the
	// same people. The age each begins at is where its share reaches the
	// person's quantile.
	s := per.stream(w.plan.Opts.Seed, purposeFrailty)
	z := s.Normal()
	rho := e.Loading
	for i := range e.Unmodelled {
		u := &e.Unmodelled[i]
		q := normalCDF(rho*z + math.Sqrt(1-rho*rho)*s.Normal())
		from[i] = math.Inf(1)
		for a := 60.0; a <= 110; a += 0.25 {
			if q < u.UnmodelledShare(a) {
				from[i] = a
				break
			}
		}
	}
	w.efiFrom, w.efiFor = from, per.index+1
	return from
}

// category is the eFI category on day d (an index into the categories; -1
// fit).
func (st *frailtyState) category(w *worker, per *person, d models.Date) int {
	fp := &w.plan.frailty
	e := &fp.EFI
	n := 0
	for _, f := range st.first {
		if f != 0 && f <= d {
			n++
		}
	}
	age := float64(d-per.birth) / 365.25
	for _, a := range st.from {
		if age >= a {
			n++
		}
	}
	if polypharmacySince(per, per.birthday(e.FromAge), d, e.Polypharmacy) {
		n++
	}
	k := e.CategoryOf(float64(n) / float64(e.Deficits))
	if st.severeOn != 0 && st.severeOn <= d {
		k = max(k, len(fp.cats)-1)
	}
	return k
}

// polypharmacySince reports whether n or more repeat medicines ran on some
// day from from to d. The eFI counts a deficit once it is on the record,
// polypharmacy too (frailty.yaml efi polypharmacy), so the category care
// reads does not fall when medicines stop and is the one the practice codes
// (brief h74g: care read the day's count, so a severe frailty coded in the
// record relaxed the HbA1c target only on the days five medicines ran). The
// count rises only on a course's first day, so those days and d are enough.
func polypharmacySince(per *person, from, d models.Date, n int) bool {
	if repeatMedicines(per, d) >= n {
		return true
	}
	for i := range per.courses {
		cr := &per.courses[i]
		if s := max(cr.start, from); !cr.event && s < d && cr.running(s) && repeatMedicines(per, s) >= n {
			return true
		}
	}
	return false
}

func normalCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
