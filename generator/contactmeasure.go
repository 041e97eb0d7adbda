package generator

import (
	"iter"
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// contactMeasurements records, at a face-to-face GP contact about a
// long-term condition the person holds, what the clinician measures in the
// room for it when the contact has recorded nothing else: the condition's
// review observations marked at_contact in the catalogue (blood pressure
// for hypertension, peak flow for asthma, PHQ-9 for depression), or blood
// pressure for a condition with none (the commonest opportunistic
// measurement). Before this a GP read a check-up about hypertension with no
// blood pressure, nothing recorded (8,134 such check-ups and 20,800 other
// face-to-face contacts about a long-term condition on -n 20000 -s 5; tenth
// review).
func (w *worker) contactMeasurements(per *person, encID string, reason string, t models.Timestamp, obsFrom int, s *distributions.Stream) {
	k := heldRow(per, reason)
	if k < 0 {
		return
	}
	applies, took, own := w.assessAtContact(per, k, encID, t) // symptomcontact.go
	if took {
		return
	}
	if applies {
		s = &own // its blood tests all recent: the fallback below draws from the assessment's stream
	}
	for i := obsFrom; i < len(w.b.Observations); i++ {
		if w.b.Observations[i].EncounterID == encID {
			return // measured already
		}
	}
	slots := per.conds[k].plan.atContact
	if len(slots) == 0 {
		slots = []int{w.plan.slots.systolic, w.plan.slots.diastolic}
	}
	for _, slot := range slots {
		w.observe(per, encID, t, slot, s)
	}
}

// contactReadingPlan is a catalogue contact_readings entry resolved to its
// observation slot.
type contactReadingPlan struct {
	slot int
	*datasets.ContactReading
}

// buildContactReadings resolves the catalogue's contact readings.
func (p *Plan) buildContactReadings() {
	for i := range p.Cat.ContactReadings {
		r := &p.Cat.ContactReadings[i]
		p.contactReadings = append(p.contactReadings, contactReadingPlan{slot: p.obsIndex[r.Observation], ContactReading: r})
	}
}

// contactReadingFor is the contact reading of the slot whose moves other
// paths apply too, or nil.
func (p *Plan) contactReadingFor(slot int) *contactReadingPlan {
	for i := range p.contactReadings {
		if p.contactReadings[i].slot == slot && !p.contactReadings[i].OwnContactsOnly {
			return &p.contactReadings[i]
		}
	}
	return nil
}

// illness is reading v, taken on day d at a contact about condition c,
// moved by c's illness when it is one of r's problems: by the
// problem's move on the episode's first day, fading to nothing by its end,
// and on the day of an admission for it (admitting) by the further move an
// illness sent in has; at a contact that sends nobody in, kept on the safe
// side of the problem's home limit (a reading past it is mirrored back);
// and at the contact that diagnoses it (diagnosing), at least the reading
// that names the problem (a fever is 38 or more). A home limit given as a
// share of the predicted level (home_limit_predicted) reads pred, the
// person's predicted level that day. The value is kept within the
// observation's range, not rounded.
func (r *contactReadingPlan) illness(v float64, c *models.Condition, d models.Date, diagnosing, admitting bool, m *datasets.ObsModel, pred float64) float64 {
	move, ok := r.Problems[c.ConditionKey]
	return r.illnessMoved(v, move, ok, c, d, diagnosing, admitting, m, pred)
}

// illnessMoved is illness given r.Problems[c.ConditionKey] (move, and
// named: whether it is there), for a caller that knows already whether the
// key is there (contactReadings, from the entries its problem takes), so a
// key not named is not hashed (the lookup at every reading contactReadings
// moved was 0.8% of the CPU, stop 65).
func (r *contactReadingPlan) illnessMoved(v, move float64, named bool, c *models.Condition, d models.Date, diagnosing, admitting bool, m *datasets.ObsModel, pred float64) float64 {
	if !named {
		if r.Least > 0 && v < r.Least {
			v = 2*r.Least - v // a triage pulse no one can act on (h56c)
		}
		return v
	}
	move *= r.fade(c, d)
	if admitting {
		move += r.Admitted[c.ConditionKey]
	}
	switch {
	case r.Ratio && r.Lowers:
		v *= 1 - move
	case r.Ratio:
		v *= 1 + move
	case r.Lowers:
		v -= move
	default:
		v += move
	}
	if lim, ok := r.HomeLimit[c.ConditionKey]; ok && !admitting && (r.Lowers && v < lim || !r.Lowers && v > lim) {
		v = 2*lim - v // the guideline would have sent this one in
	}
	if sh, ok := r.HomeLimitPredicted[c.ConditionKey]; ok && !admitting && v < sh*pred {
		v = 2*sh*pred - v // life-threatening: the guideline would have sent this one in (h61d)
	}
	if least, ok := r.AtLeast[c.ConditionKey]; ok && diagnosing && v < least {
		v = 2*least - v // the reading that named the problem (a fever is 38 or more)
	}
	if m.SoftMin && v < m.Min {
		v = 2*m.Min - v // no pile on the meter's floor (an attack's peak flow, h54b)
	}
	if r.Least > 0 && v < r.Least {
		v = 2*r.Least - v // a triage pulse no one can act on (h56c)
	}
	return math.Min(m.Max, math.Max(m.Min, v))
}

// fade is the share of c's move left on day d: all of it on the episode's
// first day, none by its end; all of it to the end for a steady (fatal)
// illness.
func (r *contactReadingPlan) fade(c *models.Condition, d models.Date) float64 {
	if c.ResolvedDate == models.NoDate || c.ResolvedDate <= c.OnsetDate || slices.Contains(r.Steady, c.ConditionKey) {
		return 1
	}
	return max(0, 1-float64(d-c.OnsetDate)/float64(c.ResolvedDate-c.OnsetDate))
}

// keptHome is reading v, already spread, kept on the safe side of its
// problem's home limit at a contact that sends nobody in, as illnessMoved
// keeps the move: the spread could carry a child's UTI treated at home as
// a lower one over 38 again (h66d). An entry with no spread for the
// problem, or no home limit, is as it was.
func (r *contactReadingPlan) keptHome(v float64, c *models.Condition, admitting bool) float64 {
	if _, ok := r.Spread[c.ConditionKey]; !ok || admitting {
		return v
	}
	if lim, ok := r.HomeLimit[c.ConditionKey]; ok && (r.Lowers && v < lim || !r.Lowers && v > lim) {
		return 2*lim - v
	}
	return v
}

// keptHomeYoung is reading v of a baby ageDays old at a contact in setting
// kept on the safe side of the entry's young home limit when the contact
// sends nobody in (admitting: an emergency admission for the problem that
// day): under 3 months a temperature of 38 or more goes to hospital the
// same day (NG143), so a baby the practice keeps had none. A problem the
// reading defines (a Fever is coded on 38 or more: at_least) keeps it: its
// own route sends the baby in, and where that could not be written (a
// stay that would overlap a contact) the reading stands.
//
// A reading mirrored far below the limit, or a low one drawn, is folded
// back above the floor (h69a: a baby's 39.9 mirrored to 35.9, and under 5 a
// temperature below 36 is itself a high-risk sign, NICE NG51 table 1), so
// a baby sent home reads between floor and limit.
func (r *contactReadingPlan) keptHomeYoung(v float64, c *models.Condition, setting string, ageDays int, admitting bool) float64 {
	y := r.YoungHomeLimit
	if y == nil || admitting || setting != settingGP || ageDays >= y.UnderDays {
		return v
	}
	if _, defines := r.AtLeast[c.ConditionKey]; v > y.Limit && !defines {
		v = 2*y.Limit - v
	}
	if v < y.Floor {
		v = min(2*y.Floor-v, y.Limit)
	}
	return v
}

// spread is reading v moved further by the illness's own spread (catalogue
// spread: a half-normal draw from s, fading as the move does), within the
// observation's range: one fever is 38.2, another 39.6 (h58d). v as it was
// when c's problem has no spread, and then nothing is drawn.
func (r *contactReadingPlan) spread(v float64, c *models.Condition, d models.Date, m *datasets.ObsModel, s *distributions.Stream) float64 {
	sd, ok := r.Spread[c.ConditionKey]
	if !ok {
		return v
	}
	move := math.Abs(s.Normal()) * sd * r.fade(c, d)
	if r.Lowers {
		move = -move
	}
	return math.Min(m.Max, math.Max(m.Min, v+move))
}

// contactReadings records, at each face-to-face contact about an acute
// problem, what the clinician measures for it (catalogue contact_readings):
// the temperature of a child with a fever or an infection at the practice,
// raised on the episode's first day by its illness and less so as it
// passes; the respiratory rate and oxygen saturation of anyone with an
// acute chest illness at the practice, in A&E and on admission, worse on
// the day an illness is admitted. Before, 99.9% of children's GP contacts
// (95% under 5) recorded nothing at all (generate -n 20000 -s 5; eleventh
// review), and no pneumonia, COPD exacerbation, asthma attack or
// bronchiolitis ever had a respiratory rate or a saturation (twenty-fourth
// review). It runs once the person's contacts and stays are all written,
// so every path that books a contact (a referral, a follow-up, an acute
// episode, an admission) is measured alike. It measures entries from to to
// (not including to) of the catalogue's list: the first, the temperature,
// keeps its place before the home visits and the contacts that send a
// patient in are given what they record when they record nothing else, and
// its own random stream, so its readings did not move when others were
// added; the rest are measured once those contacts are written, so the
// contact that sends a pneumonia in records its breathing too.
func (w *worker) contactReadings(per *person, from, to int) {
	p := w.plan
	if from >= to {
		return
	}
	phone := p.encTypes[encGPTelephone].Code
	// its streams in the worker's memory: a list made at each of the two
	// calls a person was 7 MB of the 406 MB BenchmarkGenerate allocated over
	// 200 batches (issue 17, stop 51); every entry used is set below
	streams := slices.Grow(w.readingStreams[:0], to)[:to]
	w.readingStreams = streams
	for i := from; i < to; i++ {
		if i == 0 {
			streams[i] = per.stream(p.Opts.Seed, purposeContactReadings)
		} else {
			streams[i] = per.stream(p.Opts.Seed, purposeExtraReadings, uint64(i))
		}
	}
	// the spreads' draws (h58d): their own stream, so the readings drawn
	// before them did not move
	spreads := per.stream(p.Opts.Seed, purposeReadingSpread, uint64(from))
	admitted := w.admissionDays(per)
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		if enc := &w.b.Encounters[e]; enc.ReasonConditionID == "" || sameCode(enc.TypeCode, phone) {
			continue
		}
		w.measureContact(per, e, from, to, streams, &spreads, admitted)
	}
}

// measureContact takes contactReadings' entries from to to at the
// encounter row e, on streams (one an entry) and spreads; admitted is
// admissionDays' list. A contact written after contactReadings ran (a
// febrile baby's admission from A&E, febrileinfant.go) is measured by it
// alike.
func (w *worker) measureContact(per *person, e, from, to int, streams []distributions.Stream, spreads *distributions.Stream, admitted []admissionDay) {
	p := w.plan
	enc := &w.b.Encounters[e]
	inSetting := p.readingTakes.inSetting(enc.Setting) // r.Measures(enc.Setting) of each entry
	if inSetting == nil {
		return
	}
	d := enc.StartTime.Date()
	age := per.ageOn(d)
	var c *models.Condition
	var forProblem []bool           // whether each entry's Problems name c's
	pulseRow, sat := -1, math.NaN() // the pulse and saturation written here (hypoxicpulse.go)
	triaged := false                // an A&E triage's readings, drawn with the pulse the saturation moves
	// the entries that name a problem first, then the every_problem ones
	// (A&E's triage): a problem's own reading is not taken by the fallback
	// listed before it (brief h73a: a DKA's pulse, listed last so that the
	// other entries keep their streams). No earlier named entry at A&E
	// followed an every_problem one, so the others' order is as before.
	for i := range readingOrder(p.contactReadings, from, to) {
		r := &p.contactReadings[i]
		if age > r.MaxAge || age < r.MinAge || !inSetting[i] {
			continue
		}
		if c == nil {
			if c = w.conditionRow(per, enc.ReasonConditionID); c == nil {
				break
			}
			forProblem = w.problemTakes(c.ConditionKey)
		}
		if !r.EveryProblem && (forProblem == nil || !forProblem[i]) || p.sepsis.measures(enc.Setting, c.ConditionKey) {
			continue // not its problem, or the sepsis vitals' contact (sepsisvitals.go)
		}
		if enc.Setting == settingGP && w.examinationStopped(per, r.slot, d) {
			continue // the last days of care: no routine pulse at the practice (an asthma attack's, h54b)
		}
		if w.measuredAt(per, enc.EncounterID, r.slot) {
			continue // another path took it at this contact (the pulse of a child the GP sends in)
		}
		n := len(w.b.Observations)
		w.anyAge = r.ChildShare != nil // a child's blood pressure at a blackout: the adult level, scaled below
		w.observe(per, enc.EncounterID, enc.StartTime.AddMinutes(5), r.slot, &streams[i])
		w.anyAge = false
		if len(w.b.Observations) == n {
			continue
		}
		v := w.b.Observations[n].Value
		if d < per.adultOn {
			*v *= r.ChildShare.At(float64(d-per.birth)/365.25, per.sex) // 1 without a child share
		}
		named, move := forProblem != nil && forProblem[i], 0.0 // forProblem[i]: r.Problems names c's key (contactreadingtakes.go)
		if named {
			move = r.Problems[c.ConditionKey]
		}
		admitting := admittedOn(admitted, c.ConditionID) == d
		x := r.illnessMoved(*v, move, named, c, d, enc.EncounterID == c.DiagnosisEncounterID, admitting, p.obsModels[r.slot], w.predictedLevel(per, r.slot, d))
		x = r.spread(x, c, d, p.obsModels[r.slot], spreads)
		x = r.keptHome(x, c, admitting)
		x = r.keptHomeYoung(x, c, enc.Setting, int(d-per.birth), admitting)
		*v = math.Round(x*p.obsScale[r.slot]) / p.obsScale[r.slot]
		if tv, ok := w.triageValue(per, enc.Setting, c, d, r.slot); ok {
			*v, triaged = tv, true // the readings the admission decision read (aetriagevitals.go)
		}
		switch r.slot {
		case p.hypoxicPulse.pulse:
			pulseRow = n
		case p.hypoxicPulse.sat:
			sat = *v
		}
	}
	if !triaged {
		w.raiseHypoxicPulse(per, pulseRow, sat, d)
	}
}

// measuredAt reports whether the contact encID already has a reading in
// slot: a second entry for an observation (a feverish young child's pulse
// and breathing, forty-ninth review) must not write it twice. It reads the
// slot's rows from the person's reading index (readingindex.go), newest
// first, rather than every observation of the record. It compares the
// encounter ids the index keeps beside the rows (an observation's encounter
// is never changed once written): reading each row's own, a long struct
// apiece, took a cache miss per row and was 2% of the CPU (stop 57).
func (w *worker) measuredAt(per *person, encID string, slot int) bool {
	w.readingsOf(per, slot)
	encs := per.readings.encs[slot]
	k := rowSeq(encID)
	if k < 0 || k > math.MaxInt32 { // no row id: its rows' ids are compared
		for i := len(encs) - 1; i >= 0; i-- {
			if sameRowID(encs[i], encID) {
				return true
			}
		}
		return false
	}
	// a row id: the ids of its rows have its sequence number, so the numbers
	// are compared first (one int32 a row, no read of the id's bytes: the
	// string compares were 2% of one worker's CPU, stop 60)
	seqs := per.readings.seqs[slot]
	for i := len(seqs) - 1; i >= 0; i-- {
		if seqs[i] == int32(k) && sameRowID(encs[i], encID) {
			return true
		}
	}
	return false
}

// admissionDay is a condition admitted as an emergency and the day its
// first admission began.
type admissionDay struct {
	cond string
	day  models.Date
}

// admissionDays lists each of the person's conditions admitted as an
// emergency with the day its first admission began: the worker's scratch,
// valid until the next call. A list, not a map: most people have none or a
// few, and a map made for each person was 3% of the generator's allocation
// (stop 49).
func (w *worker) admissionDays(per *person) []admissionDay {
	days := w.admitted[:0]
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		enc := &w.b.Encounters[e]
		if !emergencyAdmission(enc) || enc.ReasonConditionID == "" {
			continue
		}
		k := slices.IndexFunc(days, func(a admissionDay) bool { return a.cond == enc.ReasonConditionID })
		switch {
		case k < 0:
			days = append(days, admissionDay{enc.ReasonConditionID, enc.StartTime.Date()})
		case enc.StartTime.Date() < days[k].day:
			days[k].day = enc.StartTime.Date()
		}
	}
	w.admitted = days
	return days
}

// admittedOn is the day condition id's first emergency admission began, of
// the list admissionDays made; 0 if it was not admitted (as a map read).
func admittedOn(days []admissionDay, id string) models.Date {
	for _, a := range days {
		if a.cond == id {
			return a.day
		}
	}
	return 0
}

// readingOrder yields the indices from to to of the entries that name
// problems, then those of the every_problem entries.
func readingOrder(list []contactReadingPlan, from, to int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for _, every := range [2]bool{false, true} {
			for i := from; i < to; i++ {
				if list[i].EveryProblem == every && !yield(i) {
					return
				}
			}
		}
	}
}
