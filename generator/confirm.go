package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A diagnosis made on one reading is not one a GP believes. NICE NG136 asks
// for a raised clinic blood pressure to be confirmed by ambulatory (or home)
// monitoring before hypertension is diagnosed; NICE NG203 defines CKD as an
// eGFR below 60 for more than 3 months. The fourteenth review counted 1,590
// hypertension diagnoses with no ambulatory reading anywhere, and CKD coded
// on the first low eGFR. A condition with at_diagnosis.confirm now has its
// first reading past the threshold on the record before the diagnosis (one
// already there counts), and the out-of-clinic monitoring between the two.

// confirmPlan is a condition's at_diagnosis.confirm, resolved.
type confirmPlan struct {
	*datasets.Confirm
	slot  int                 // the defining observation
	def   *datasets.Threshold // and its threshold
	code  string              // its SNOMED CT code, to find readings on the record
	slots []int               // recorded at the first reading's visit
	ct    contact             // who takes that reading (workforce.yaml)
	amb   *ambulatoryPlan
	// reasons are the conditions, by catalogue index, whose monitoring the
	// first reading's visit is about (at_diagnosis.confirm reasons)
	reasons []int
	// symptoms are coded at a symptomatic diagnosis (no value)
	symptoms []datasets.ObservationCode
}

// ambulatoryPlan is a confirm's ambulatory monitoring, resolved.
type ambulatoryPlan struct {
	*datasets.Ambulatory
	code, companionCode datasets.ObservationCode
	companion           int
}

// resolveConfirm resolves the condition's at_diagnosis.confirm, if any.
func (p *Plan) resolveConfirm(cp *condPlan) error {
	c := cp.Condition
	if c.Diagnosis == nil || c.Diagnosis.Confirm == nil {
		return nil
	}
	f := c.Diagnosis.Confirm
	cf := &confirmPlan{Confirm: f, slot: p.obsIndex[c.DefinedBy.Observation], def: c.DefinedBy}
	cf.code = p.obsCodes[cf.slot].Snomed
	for _, k := range f.Observations {
		slot, ok := p.obsIndex[k]
		if !ok {
			return fmt.Errorf("catalogue: condition %s: at_diagnosis.confirm observation %q unknown", c.Key, k)
		}
		cf.slots = append(cf.slots, slot)
	}
	if !slices.Contains(cf.slots, cf.slot) {
		return fmt.Errorf("catalogue: condition %s: at_diagnosis.confirm observations must record %s", c.Key, c.DefinedBy.Observation)
	}
	ci := slices.Index(contactNames[:], f.Contact)
	if ci < 0 {
		return fmt.Errorf("catalogue: condition %s: at_diagnosis.confirm contact %q unknown", c.Key, f.Contact)
	}
	cf.ct = contact(ci)
	for _, k := range f.Reasons {
		ri, ok := p.condIndex[k]
		if !ok {
			return fmt.Errorf("catalogue: condition %s: at_diagnosis.confirm reason %q unknown", c.Key, k)
		}
		cf.reasons = append(cf.reasons, ri)
	}
	if f.ApartDays > 0 {
		if p.apartOf == nil {
			p.apartOf = make([][]int, len(p.obsKeys))
		}
		p.apartOf[cf.slot] = append(p.apartOf[cf.slot], cp.idx)
	}
	for _, k := range f.Symptoms {
		code, _ := datasets.ObservationByKey(k) // known: the catalogue check
		cf.symptoms = append(cf.symptoms, code)
	}
	if a := f.Ambulatory; a != nil {
		ap := &ambulatoryPlan{Ambulatory: a}
		ap.code, _ = datasets.ObservationByKey(a.Code) // known: the catalogue check
		ap.companionCode, _ = datasets.ObservationByKey(a.CompanionCode)
		slot, ok := p.obsIndex[a.Companion]
		if !ok {
			return fmt.Errorf("catalogue: condition %s: ambulatory companion %q unknown", c.Key, a.Companion)
		}
		ap.companion = slot
		cf.amb = ap
	}
	cp.confirm = cf
	return nil
}

// past reports whether v is on the diagnostic side of the threshold.
func (cf *confirmPlan) past(v float64) bool { return cf.def.Past(v) }

// confirmDiagnosis writes, before the visit on day d that diagnoses
// condition hc, the first reading past the threshold that the diagnosis
// confirms (unless the record already holds one uses_from to uses_within
// days before, with no reading on the healthy side since) and the
// ambulatory monitoring between. Each is a visit of its own, with no
// condition yet to name as its reason; one before the record opens, or
// that cannot be booked, is not written. A symptomatic diagnosis has its
// symptoms coded at the diagnosing visit encID, at t. Its draws come from a
// stream of its own, so no other draw moves.
func (w *worker) confirmDiagnosis(per *person, hc *heldCondition, d models.Date, encID string, t models.Timestamp) {
	cf := hc.plan.confirm
	if cf == nil {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeConfirm, uint64(hc.plan.idx))
	if cf.SymptomaticShare > 0 && s.Bernoulli(cf.SymptomaticShare) {
		// classic symptoms: one reading, the diagnosis's own, is enough,
		// and the record says why (seventeenth review)
		for i := range cf.symptoms {
			w.b.Observations = append(w.b.Observations, w.observation(per, encID, t, &cf.symptoms[i]))
		}
		return
	}
	first := d - models.Date(between(cf.FirstDaysBefore, &s))
	confirmed, healthy := w.confirmedBy(per, cf, d)
	if healthy != models.NoDate && first <= healthy {
		// after the last reading on the healthy side, if the interval allows
		first = min(healthy+1+(d-models.Date(cf.FirstDaysBefore[0])-healthy)/2, d-models.Date(cf.FirstDaysBefore[0]))
	}
	read := models.NoDate
	if first = lastWorkingDay(first); !confirmed && first >= per.firstDay {
		read = w.firstReading(per, hc, cf, first, d-models.Date(max(cf.ApartDays-1, 0)), &s)
	}
	if a := cf.amb; a != nil {
		day := lastWorkingDay(d - models.Date(between(a.DaysBefore, &s)))
		if day >= per.firstDay && (read == models.NoDate || day > read) {
			w.ambulatory(per, a, cf, day, d, &s)
		}
		w.whiteCoat(per, hc, cf, d) // whitecoat.go
	}
}

// tooCloseToDiagnosis reports whether a reading of slot on day d, at a
// visit that diagnoses nothing, would fall within a confirm's apart_days
// before the diagnosis of a condition the person will have: the test is
// not repeated days before the one that confirms it (WHO 2011: a repeat
// test, in practice weeks later; seventeenth review). The diagnosing
// reading and the first one the confirm writes are taken while
// w.diagnosing is set.
func (w *worker) tooCloseToDiagnosis(per *person, slot int, d models.Date) bool {
	if w.plan.apartOf == nil || w.diagnosing != nil {
		return false
	}
	for _, ci := range w.plan.apartOf[slot] {
		k := heldIndex(per, ci)
		if k < 0 {
			continue
		}
		hc := &per.conds[k]
		if hc.onset > d && hc.onset-d < models.Date(hc.plan.confirm.ApartDays) {
			return true
		}
	}
	return false
}

// visitBefore books a visit of the confirm's contact on day d about
// reason (a condition's id, or none), dropped when the booking moved it to
// day before or later; its encounter and time, and whether it was booked.
func (w *worker) visitBefore(per *person, cf *confirmPlan, d, before models.Date, reason string, s *distributions.Stream) (string, models.Timestamp, bool) {
	id, start, ok := w.gpVisitFor(per, d, encGPConsultation, cf.ct, reason, s)
	if ok && start.Date() >= before {
		w.b.Encounters, ok = w.b.Encounters[:len(w.b.Encounters)-1], false
	}
	return id, start, ok
}

// confirmedBy reports whether the person's record holds a reading of the
// defining observation past the threshold uses_from to uses_within days
// before day d, with none on the healthy side after it, and the day of the
// last reading on the healthy side in uses_within days (NoDate: none).
func (w *worker) confirmedBy(per *person, cf *confirmPlan, d models.Date) (bool, models.Date) {
	lastHealthy, lastPast := models.NoDate, models.NoDate
	obs := w.b.Observations
	for i := len(obs) - 1; i >= 0 && obs[i].PatientID == per.id; i-- { // the person's rows end the batch
		o := &obs[i]
		day := o.EffectiveTime.Date()
		if o.SnomedCode != cf.code || o.Value == nil || day >= d || day < d-models.Date(cf.UsesWithin) {
			continue
		}
		if cf.past(*o.Value) {
			if day <= d-models.Date(cf.UsesFrom) && (lastPast == models.NoDate || day > lastPast) {
				lastPast = day
			}
		} else if lastHealthy == models.NoDate || day > lastHealthy {
			lastHealthy = day
		}
	}
	return lastPast != models.NoDate && (lastHealthy == models.NoDate || lastHealthy < lastPast), lastHealthy
}

// confirmReason is the id of the first of the confirm's reasons the
// person holds on day d, on the record by then ("" for none): the
// monitoring whose blood test found the first reading.
func (w *worker) confirmReason(per *person, cf *confirmPlan, d models.Date) string {
	for _, ci := range cf.reasons {
		if k := heldIndex(per, ci); k >= 0 {
			if hc := &per.conds[k]; hc.row >= 0 && hc.onset <= d && !hc.over(d) {
				return hc.id
			}
		}
	}
	return ""
}

// firstReading is the visit on day d whose reading, past the threshold,
// the diagnosis confirms. The latest reading of each slot stays the one
// the record already had after it.
func (w *worker) firstReading(per *person, hc *heldCondition, cf *confirmPlan, d, before models.Date, s *distributions.Stream) models.Date {
	id, start, ok := w.visitBefore(per, cf, d, before, w.confirmReason(per, cf, d), s)
	if !ok {
		return models.NoDate
	}
	t := start.AddMinutes(5)
	type last struct {
		v   float64
		at  models.Timestamp
		has bool
	}
	kept := make([]last, len(cf.slots))
	for i, slot := range cf.slots {
		kept[i] = last{per.lastVal[slot], per.lastAt[slot], per.hasLast[slot]}
	}
	w.diagnosing = hc.plan.DefinedBy
	for _, slot := range cf.slots {
		w.observe(per, id, t, slot, s)
	}
	w.diagnosing = nil
	for i, slot := range cf.slots {
		if k := kept[i]; k.has && k.at > t {
			per.lastVal[slot], per.lastAt[slot], per.hasLast[slot] = k.v, k.at, true
		}
	}
	return start.Date()
}

// ambulatory is the visit on day d that reads the monitoring's daytime
// averages: the usual clinic level less the ambulatory offset, plus noise;
// the defining average at least its threshold (it confirmed the diagnosis:
// one below is mirrored above it, a quarter of its distance in).
func (w *worker) ambulatory(per *person, a *ambulatoryPlan, cf *confirmPlan, d, before models.Date, s *distributions.Stream) {
	id, start, ok := w.visitBefore(per, cf, d, before, "", s)
	if !ok {
		return
	}
	t := start.AddMinutes(5)
	v := w.usualLevel(per, cf.slot, d) - a.Below + s.NormalMS(0, a.Noise)
	if v < a.AtLeast {
		v = a.AtLeast + (a.AtLeast-v)/4
	}
	c := w.usualLevel(per, a.companion, d) - a.CompanionBelow + s.NormalMS(0, a.Noise)
	w.averages(per, a, id, t, v, c)
}

// averages writes the monitoring's daytime averages v (the defining
// measurement) and c (its companion) at the visit id, at t.
func (w *worker) averages(per *person, a *ambulatoryPlan, id string, t models.Timestamp, v, c float64) {
	for _, r := range []struct {
		code *datasets.ObservationCode
		v    float64
	}{{&a.code, v}, {&a.companionCode, c}} {
		o := w.observation(per, id, t, r.code)
		o.Value = w.value(float64(int(r.v + 0.5)))
		o.Unit = r.code.Unit
		w.b.Observations = append(w.b.Observations, o)
	}
}
