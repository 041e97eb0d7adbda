package generator

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// realism holds a generated population indexed for the record-level checks.
type realism struct {
	p        *Plan
	b        *models.Batch
	patients map[string]*models.Patient
	encs     map[string]*models.Encounter
	obsByEnc map[string][]*models.Observation
	condsOf  map[string][]*models.Condition
	obsOf    map[string][]*models.Observation
	rxOf     map[string][]*models.Prescription
}

// conditionKeys maps each condition id of the population to its key.
func (r *realism) conditionKeys() map[string]string {
	keys := make(map[string]string, len(r.b.Conditions))
	for i := range r.b.Conditions {
		keys[r.b.Conditions[i].ConditionID] = r.b.Conditions[i].ConditionKey
	}
	return keys
}

// conditionByID maps each condition id of the population to its row.
func (r *realism) conditionByID() map[string]*models.Condition {
	rows := make(map[string]*models.Condition, len(r.b.Conditions))
	for i := range r.b.Conditions {
		rows[r.b.Conditions[i].ConditionID] = &r.b.Conditions[i]
	}
	return rows
}

func newRealism(t *testing.T, n int64) *realism {
	p := testPlan(t, n, nil)
	return realismOf(p, generateAll(t, p, 0, n))
}

// realismOf indexes a generated batch b of plan p (a scenario's population).
func realismOf(p *Plan, b *models.Batch) *realism {
	r := &realism{p: p, b: b, patients: map[string]*models.Patient{},
		encs: map[string]*models.Encounter{}, obsByEnc: map[string][]*models.Observation{},
		condsOf: map[string][]*models.Condition{}, obsOf: map[string][]*models.Observation{},
		rxOf: map[string][]*models.Prescription{}}
	for i := range r.b.Patients {
		r.patients[r.b.Patients[i].PatientID] = &r.b.Patients[i]
	}
	for i := range r.b.Encounters {
		r.encs[r.b.Encounters[i].EncounterID] = &r.b.Encounters[i]
	}
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		r.obsByEnc[o.EncounterID] = append(r.obsByEnc[o.EncounterID], o)
		r.obsOf[o.PatientID] = append(r.obsOf[o.PatientID], o)
	}
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		r.condsOf[c.PatientID] = append(r.condsOf[c.PatientID], c)
	}
	for i := range r.b.Prescriptions {
		x := &r.b.Prescriptions[i]
		r.rxOf[x.PatientID] = append(r.rxOf[x.PatientID], x)
	}
	return r
}

// personYears sums each patient's years in the history window, from the
// day from gives (birth, a 65th birthday) to the population date or death.
func (r *realism) personYears(from func(pt *models.Patient) models.Date) float64 {
	end := r.p.Opts.Population()
	py := 0.0
	for i := range r.b.Patients {
		pt := &r.b.Patients[i]
		last := end
		if pt.DeathDate != models.NoDate && pt.DeathDate < last {
			last = pt.DeathDate
		}
		if f := max(r.p.windowStart, from(pt)); last > f {
			py += float64(last-f) / 365.25
		}
	}
	return py
}

func (r *realism) has(patient, key string) *models.Condition {
	for _, c := range r.condsOf[patient] {
		if c.ConditionKey == key {
			return c
		}
	}
	return nil
}

func (r *realism) values(patient, snomed string) []*models.Observation {
	var out []*models.Observation
	for _, o := range r.obsOf[patient] {
		if o.SnomedCode == snomed && o.Value != nil {
			out = append(out, o)
		}
	}
	return out
}

// snomed is observation key's SNOMED CT code: the plan's slot, else the
// observation catalogue's (a referral or scan coded but not modelled as a
// state). A key in neither is a test's mistake: it used to give slot 0's
// code silently (stop 69: a test that could never pass).
func (r *realism) snomed(key string) string {
	if k, ok := r.p.obsIndex[key]; ok {
		return r.p.obsCodes[k].Snomed
	}
	if c, ok := datasets.ObservationByKey(key); ok {
		return c.Snomed
	}
	panic("realism.snomed: no observation " + key)
}

func TestChronicConditionsHaveReviewsWithTheirObservations(t *testing.T) {
	r := newRealism(t, 4000)
	byReason := map[string][]*models.Encounter{}
	reviewsOf := map[string][]*models.Encounter{} // by patient: GP reviews, whatever their reason
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		byReason[e.ReasonConditionID] = append(byReason[e.ReasonConditionID], e)
		if e.TypeCode == r.p.encTypes[encChronicReview].Code && e.Setting == settingGP {
			reviewsOf[e.PatientID] = append(reviewsOf[e.PatientID], e)
		}
	}
	checked := 0
	for _, c := range r.b.Conditions {
		if !c.Chronic {
			continue
		}
		pt := r.patients[c.PatientID]
		ci, ok := r.p.condIndex[c.ConditionKey]
		if !ok { // a problem that follows a catalogue condition (dialysis) is reviewed with it
			continue
		}
		cp := &r.p.conds[ci]
		if age := models.YearsBetween(pt.BirthDate, c.OnsetDate); age < cp.Onset.MinAge {
			t.Fatalf("%s diagnosed at %d, below its minimum age %d", c.ConditionKey, age, cp.Onset.MinAge)
		}
		last := r.p.Opts.AsOf
		if pt.DeathDate != models.NoDate {
			last = pt.DeathDate
		}
		if c.ResolvedDate != models.NoDate { // a coded stage superseded by the next
			last = c.ResolvedDate
		}
		for _, reg := range r.condsOf[c.PatientID] { // no routine review on the palliative care register
			if reg.ConditionKey == r.p.Cat.EndOfLife.Register.Key {
				last = min(last, reg.OnsetDate)
			}
		}
		from := max(c.OnsetDate, r.p.windowStart, pt.BirthDate)
		if a := cp.Reviews.FromAge; a > 0 { // reviews begin at that age (learning disability from 14, h57f)
			y, m, d := pt.BirthDate.YMD()
			from = max(from, models.DateFromYMD(y+a, time.Month(m), d))
		}
		if last-from < 550 { // needs 18 months of follow-up in the window
			continue
		}
		var reviews []*models.Encounter // the diagnosis and routine reviews, not other visits about it
		for _, e := range byReason[c.ConditionID] {
			if e.StartTime.Date() < r.p.windowStart {
				continue // the review before the window that authorised repeats in force: no readings (inforce.go)
			}
			// a child's type 1 diabetes is reviewed in the paediatric team's clinic
			// (not the eye screening programme's appointment about it: eyescreening.go)
			clinic := cp.Reviews.Paediatric != nil && e.Setting == "outpatient" && len(r.obsByEnc[e.EncounterID]) > 0 &&
				e.TypeCode != r.p.encTypes[encEyeScreening].Code
			// an urgent referral's clinic diagnosis (cancer) is not a review, nor
			// a hospital's (an admission or A&E attendance that found it; its
			// diagnosing encounter since the eighteenth review)
			// nor the memory or psychosis clinic's that the GP referred to (presents_as,
			// h59g: the practice's reviews follow the letter)
			diagnosis := e.EncounterID == c.DiagnosisEncounterID && (cp.UrgentPathway == nil && cp.PresentsAs == nil || e.Setting != settingOutpatient) &&
				e.Setting != settingInpatient && e.Setting != settingAE
			// a contact about an asymptomatic condition's treatment (h61g:
			// typed a follow-up, not a symptom) is not its review: one that
			// reads none of the review's observations; the reviews that do
			// are still counted against the condition's reviews a year
			treatment := cp.Asymptomatic && !diagnosis && !slices.ContainsFunc(cp.reviewSlots(models.YearsBetween(pt.BirthDate, e.StartTime.Date())), func(slot int) bool {
				return slices.ContainsFunc(r.obsByEnc[e.EncounterID], func(o *models.Observation) bool { return o.SnomedCode == r.p.obsCodes[slot].Snomed })
			})
			if e.TypeCode == r.p.encTypes[encChronicReview].Code && !treatment || diagnosis || clinic {
				reviews = append(reviews, e)
			}
		}
		// A review held at another condition's review appointment (due within
		// the recall window, prescribing.yaml repeats) takes its observations
		// there: an appointment in the follow-up that records all of them,
		// those its own reviews record for this person (pack-years are not
		// recorded for everyone).
		own := map[string]bool{}
		for _, e := range reviews {
			for _, o := range r.obsByEnc[e.EncounterID] {
				own[o.SnomedCode] = true
			}
		}
		for _, e := range reviewsOf[c.PatientID] {
			d := e.StartTime.Date()
			if e.ReasonConditionID == c.ConditionID || d < from || d > last {
				continue
			}
			slots := cp.reviewSlots(models.YearsBetween(pt.BirthDate, d))
			if len(slots) > 0 && !slices.ContainsFunc(slots, func(slot int) bool {
				if slices.Contains(cp.yearly, slot) {
					return false // once a year, not at every review
				}
				code := r.p.obsCodes[slot].Snomed
				if len(own) > 0 && !own[code] {
					return false // not recorded for this person at its own reviews either
				}
				return !slices.ContainsFunc(r.obsByEnc[e.EncounterID], func(o *models.Observation) bool { return o.SnomedCode == code })
			}) {
				reviews = append(reviews, e)
			}
		}
		years := float64(last-from) / 365.25
		if float64(len(reviews)) < math.Floor(years*float64(cp.Reviews.PerYear))-1 {
			t.Fatalf("%s: %d reviews over %.1f years, want about %d a year", c.ConditionKey, len(reviews), years, cp.Reviews.PerYear)
		}
		for _, e := range reviews {
			age := models.YearsBetween(pt.BirthDate, e.StartTime.Date())
			adult := age >= 18
			for _, slot := range cp.reviewSlots(age) {
				m := r.p.obsModels[slot]
				if m != nil && (m.AdultOnly && !adult || age < m.FromAge) {
					continue // a peak flow from 5 (observation from_age)
				}
				if m != nil && m.DerivedFrom == "smoking" {
					continue // recorded for smokers and ex-smokers only
				}
				if slot == r.p.slots.smoking && age < r.p.Cat.Smoking.StatusFromAge {
					continue // a child's review does not ask (QOF counts 15 and over; h56g)
				}
				if slices.Contains(cp.yearly, slot) {
					continue // once a year, not at every review (TestFootExaminationIsYearly)
				}
				if r.beforeConfirmedDiagnosis(pt.PatientID, slot, e.StartTime.Date()) {
					continue // not repeated days before the diagnosis's own (review17_diabetes_test.go)
				}
				code := r.p.obsCodes[slot].Snomed
				if m != nil && m.Retest != nil && r.readWithin(pt.PatientID, code, e.StartTime.Date(), m.Retest.MinDays) {
					continue // not repeated within its retest interval (HbA1c, 60 days; eighteenth review)
				}
				if !slices.ContainsFunc(r.obsByEnc[e.EncounterID], func(o *models.Observation) bool { return o.SnomedCode == code }) {
					t.Fatalf("%s review on %s lacks %s", c.ConditionKey, e.StartTime.Date(), r.p.obsKeys[slot])
				}
			}
		}
		checked++
	}
	if checked < 1000 {
		t.Fatalf("only %d chronic conditions checked", checked)
	}
}

func TestObservationValuesArePhysiologicalAndCoherent(t *testing.T) {
	r := newRealism(t, 6000)
	for _, o := range r.b.Observations {
		if o.Value == nil {
			continue
		}
		slot, ok := r.p.obsIndex[r.keyOf(o.SnomedCode)]
		pt := r.patients[o.PatientID]
		if !ok || (slot == r.p.slots.weight && o.EffectiveTime.Date() < pt.BirthDate+18*365) {
			continue // a child's growth measurement: TestChildHealthReviewsFollowTheGrowthStandard
		}
		m := r.p.obsModels[slot]
		if *o.Value < m.Min || *o.Value > m.Max || math.IsNaN(*o.Value) {
			t.Fatalf("%s = %v outside %v..%v", o.Description, *o.Value, m.Min, m.Max)
		}
	}
	// Weight and BMI recorded together agree through a height that is
	// fixed for each person.
	bmi, weight := r.snomed("bmi"), r.snomed("weight")
	for id, list := range r.obsOf {
		var h []float64
		for _, o := range list {
			if o.SnomedCode != weight {
				continue
			}
			for _, b := range r.obsByEnc[o.EncounterID] {
				if b.SnomedCode == bmi {
					h = append(h, math.Sqrt(*o.Value / *b.Value))
				}
			}
		}
		for _, x := range h {
			if math.Abs(x-h[0]) > 0.02 || x < 1.35 || x > 2.1 {
				t.Fatalf("patient %s: heights implied by weight/BMI vary: %v", id, h)
			}
		}
	}
}

func (r *realism) keyOf(snomed string) string {
	for i, c := range r.p.obsCodes {
		if c.Snomed == snomed {
			return r.p.obsKeys[i]
		}
	}
	return ""
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func TestValuesDifferWithDiseaseAndTreatment(t *testing.T) {
	r := newRealism(t, 15000)
	hba1c, sbp, egfr := r.snomed("hba1c"), r.snomed("systolic_bp"), r.snomed("egfr")
	var diabetic, other []float64
	var beforeMet, afterMet []float64
	var untreatedHTN, treatedHTN, noHTN []float64
	var egfrChange []float64
	for id := range r.patients {
		dm := r.has(id, "type2_diabetes")
		for _, o := range r.values(id, hba1c) {
			switch {
			case dm != nil && o.EffectiveTime.Date() >= dm.OnsetDate:
				diabetic = append(diabetic, *o.Value)
			case dm == nil && r.has(id, "type1_diabetes") == nil && r.has(id, "non_diabetic_hyperglycaemia") == nil:
				other = append(other, *o.Value)
			}
		}
		if dm != nil {
			var metStart models.Date
			for _, x := range r.rxOf[id] {
				if x.Medication == "Metformin 500mg tablets" && (metStart == 0 || x.StartDate < metStart) {
					metStart = x.StartDate
				}
			}
			if metStart != 0 && dm.OnsetDate >= r.p.windowStart {
				for _, o := range r.values(id, hba1c) {
					if d := o.EffectiveTime.Date(); d <= metStart && d >= dm.OnsetDate {
						beforeMet = append(beforeMet, *o.Value)
					} else if d > metStart+90 {
						afterMet = append(afterMet, *o.Value)
					}
				}
			}
		}
		// Blood pressure in the year before the first antihypertensive (from
		// diagnosis) against the year after it has taken effect.
		htn := r.has(id, "hypertension")
		var bpStart models.Date
		for _, x := range r.rxOf[id] {
			if htn != nil && htn.OnsetDate >= r.p.windowStart && x.ConditionID == htn.ConditionID && (bpStart == 0 || x.StartDate < bpStart) {
				bpStart = x.StartDate
			}
		}
		for _, o := range r.values(id, sbp) {
			d := o.EffectiveTime.Date()
			switch {
			case htn == nil:
				noHTN = append(noHTN, *o.Value)
			case bpStart != 0 && d >= htn.OnsetDate && d <= bpStart && d > bpStart-365:
				untreatedHTN = append(untreatedHTN, *o.Value)
			case bpStart != 0 && d > bpStart+90 && d <= bpStart+455:
				treatedHTN = append(treatedHTN, *o.Value)
			}
		}
		if ckd := r.has(id, "ckd"); ckd != nil {
			var after []*models.Observation
			for _, o := range r.values(id, egfr) {
				if o.EffectiveTime.Date() > ckd.OnsetDate {
					after = append(after, o)
				}
			}
			if len(after) >= 4 {
				egfrChange = append(egfrChange, *after[len(after)-1].Value-*after[0].Value)
			}
		}
	}
	// Without the diagnosis, diagnostic readings are rare: a person's usual
	// level stays on the healthy side and only visit noise crosses.
	bmiCode := r.snomed("bmi")
	var obeseReadings, bmiReadings, highBP, bpReadings int
	for id := range r.patients {
		for _, o := range r.values(id, bmiCode) {
			if r.has(id, "obesity") == nil {
				bmiReadings++
				if *o.Value >= 30 {
					obeseReadings++
				}
			}
		}
		for _, o := range r.values(id, sbp) {
			if r.has(id, "hypertension") == nil {
				bpReadings++
				if *o.Value >= 140 {
					highBP++
				}
			}
		}
	}
	if f := float64(obeseReadings) / float64(bmiReadings); f > 0.03 {
		t.Errorf("%.1f%% of BMI readings of people without obesity are 30 or more", 100*f)
	}
	if f := float64(highBP) / float64(bpReadings); f > 0.06 {
		t.Errorf("%.1f%% of systolic readings of people without hypertension are 140 or more", 100*f)
	}
	slices.Sort(diabetic)
	slices.Sort(other)
	if len(diabetic) < 200 || diabetic[len(diabetic)/2] < 48 {
		t.Errorf("diabetics' median HbA1c %v (n=%d), want >= 48 mmol/mol", diabetic[len(diabetic)/2], len(diabetic))
	}
	if len(other) < 200 || other[len(other)*9/10] >= 42 {
		t.Errorf("90th centile HbA1c without diabetes %v (n=%d), want < 42", other[len(other)*9/10], len(other))
	}
	if len(beforeMet) < 30 || mean(afterMet) >= mean(beforeMet)-3 {
		t.Errorf("HbA1c should fall after metformin: before %.1f (n=%d), after %.1f (n=%d)", mean(beforeMet), len(beforeMet), mean(afterMet), len(afterMet))
	}
	if !(mean(untreatedHTN) > mean(treatedHTN)+5 && mean(treatedHTN) > mean(noHTN)) {
		t.Errorf("systolic BP: hypertension before treatment %.0f, on treatment %.0f, no hypertension %.0f", mean(untreatedHTN), mean(treatedHTN), mean(noHTN))
	}
	if len(egfrChange) < 50 || mean(egfrChange) >= 0 {
		t.Errorf("eGFR should decline in CKD: mean change %.1f over %d patients", mean(egfrChange), len(egfrChange))
	}
}

// Pack-years come from one smoking history: recorded only beside a current or
// ex-smoker status, and never falling for a person.
func TestPackYearsFollowTheSmokingHistory(t *testing.T) {
	r := newRealism(t, 5000)
	py, never := r.snomed("pack_years"), "266919005"
	seen := 0
	for id := range r.patients {
		last := -1.0
		for _, o := range r.values(id, py) {
			seen++
			if *o.Value < last {
				t.Fatalf("patient %s: pack-years fall from %v to %v", id, last, *o.Value)
			}
			last = *o.Value
			for _, s := range r.obsOf[id] {
				if s.EffectiveTime == o.EffectiveTime && s.ValueCode == never {
					t.Fatalf("patient %s: %v pack-years recorded beside 'never smoked'", id, *o.Value)
				}
			}
		}
	}
	if seen < 50 {
		t.Fatalf("only %d pack-year readings", seen)
	}
}

// A visit is about a problem the patient has by then: never before its
// onset, and not long after it resolved (a coded stage superseded, an acute
// episode over).
func TestVisitsFollowTheirReason(t *testing.T) {
	r := newRealism(t, 3000)
	byID := map[string]*models.Condition{}
	for i := range r.b.Conditions {
		byID[r.b.Conditions[i].ConditionID] = &r.b.Conditions[i]
	}
	checked := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		c := byID[e.ReasonConditionID]
		if c == nil {
			continue
		}
		checked++
		day := e.StartTime.Date()
		if day < c.OnsetDate {
			t.Fatalf("%s encounter on %s for %s, which starts on %s", e.Setting, day, c.Description, c.OnsetDate)
		}
		if c.ResolvedDate != models.NoDate && day > c.ResolvedDate+90 {
			t.Fatalf("%s encounter on %s for %s, which resolved on %s", e.Setting, day, c.Description, c.ResolvedDate)
		}
	}
	if checked < 100000 {
		t.Fatalf("only %d encounters with a reason", checked)
	}
}

// newPatientWorker is a worker of the plan that simulates patients one at a
// time (worker.patient) into a batch of its own, which it returns.
func newPatientWorker(p *Plan) (*worker, *models.Batch) {
	w := newWorker(p)
	b := &models.Batch{}
	b.Reset(0)
	w.b = b
	w.values = make([]float64, 0, 1024)
	return w, b
}

// encountersWithRecords is the set of encounters at which an observation,
// a prescription or an immunisation was recorded.
func (r *realism) encountersWithRecords() map[string]bool {
	used := map[string]bool{}
	for i := range r.b.Observations {
		used[r.b.Observations[i].EncounterID] = true
	}
	for i := range r.b.Prescriptions {
		used[r.b.Prescriptions[i].EncounterID] = true
	}
	for i := range r.b.Immunisations {
		used[r.b.Immunisations[i].EncounterID] = true
	}
	return used
}

// inSettingOn reports whether the patient had an encounter in one of the
// settings running over day d (a hospital stay or A&E attendance on the day
// of death, say).
func (r *realism) inSettingOn(id string, d models.Date, settings ...string) bool {
	for _, e := range r.b.Encounters {
		if e.PatientID == id && slices.Contains(settings, e.Setting) && e.StartTime.Date() <= d && e.EndTime.Date() >= d {
			return true
		}
	}
	return false
}

// aeAfter is the patient's first A&E attendance listed that begins later on
// the day of observation o (nil when none): the same-day assessment a
// result sends the patient to. A result taken in A&E (its repeat of a
// potassium sent in, h70a) is already there: its own attendance.
func (r *realism) aeAfter(o *models.Observation) *models.Encounter {
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.PatientID == o.PatientID && e.Setting == settingAE && (e.EncounterID == o.EncounterID || e.StartTime.Date() == o.EffectiveTime.Date() && e.StartTime > o.EffectiveTime) {
			return e
		}
	}
	return nil
}

// readWithin reports whether the patient has a reading of code dated fewer
// than days days from day d, other than on d itself.
func (r *realism) readWithin(id, code string, d models.Date, days int) bool {
	for _, o := range r.obsOf[id] {
		if od := o.EffectiveTime.Date(); o.SnomedCode == code && od != d && od > d-models.Date(days) && od < d+models.Date(days) {
			return true
		}
	}
	return false
}

// condPlan is the plan of catalogue condition key; the test stops when the
// catalogue has none.
func (r *realism) condPlan(t *testing.T, key string) *condPlan {
	t.Helper()
	i, ok := r.p.condIndex[key]
	if !ok {
		t.Fatalf("no %s in the catalogue", key)
	}
	return &r.p.conds[i]
}
