package generator

import (
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Tests recorded at a contact about a problem, from the catalogue's lists:
// at an A&E attendance (ae_tests, aetests.go), during a stay (stay_tests,
// staytests.go) and at an episode's first contact (first_contact_tests,
// firstcontacttests.go). Each list is applied by the same loop once the
// person's contacts are all written, so every path that books a contact is
// tested alike; each has a stream of its own.

// episodeTestPlan is a catalogue test entry resolved: a numeric slot
// (measured from the usual level) or a code with no value.
type episodeTestPlan struct {
	problem   string
	minAge    int
	underAge  int // 0: no upper age
	underDays int // 0: no upper age in days (a baby's test)
	sex       int // -1: either
	raise     float64
	raiseSD   float64                   // 0: raise is fixed
	infarct   float64                   // above 0: the raise is the heart attack's (infarct.go)
	unless    int                       // a condition index that keeps the person's level, -1 none
	slot      int                       // -1: a coded procedure
	code      *datasets.ObservationCode // when slot is -1
	anaemic   bool                      // held below the anaemia threshold of the person's sex
	below     float64                   // held below this level; 0: no limit
	withAnae  bool                      // below only beside an anaemic haemoglobin at the contact
	recurN    int                       // above 0: only the recurN-th episode of the problem within recurDays
	recurDays int
	inPerson  bool        // a coded test taken face to face only (catalogue face_to_face)
	pregnant  bool        // only in a known pregnancy (catalogue pregnant)
	referCode string      // a referral's SNOMED code: the result is at least referMin beside it (refer_at)
	from      models.Date // the day the test came into use (NoDate: always; inusefrom.go)
	referMin  float64     // the least result beside that referral
}

// buildEpisodeTests resolves the catalogue's test lists (checked on load).
func (p *Plan) buildEpisodeTests() {
	p.aeTests = p.resolveTests(p.Cat.AETests)
	p.serialSlot = -1
	if st := p.Cat.SerialTest; st != nil {
		p.serialSlot = p.obsIndex[st.Observation]
	}
	p.firstContactTests = p.resolveTests(p.Cat.FirstContactTests)
	if st := p.Cat.StayTests; st != nil {
		p.stayTests = p.resolveTests(st.Tests)
		p.stayHours = st.Hours
	}
	p.buildAfterInfarct() // infarct.go: reads the stay tests
	p.aeTestsBy = splitByProblem(p.aeTests)
	p.stayTestsBy = splitByProblem(p.stayTests)
	p.firstContactTestsBy = splitByProblem(p.firstContactTests)
	if pt := p.Cat.PersistingTests; pt != nil {
		p.persistingTests = p.resolveTests(pt.Tests)
		p.persistingDays = models.Date(pt.Days)
		p.persistingTestsBy = splitByProblem(p.persistingTests)
	}
}

// resolveTests resolves one list.
func (p *Plan) resolveTests(list []datasets.EpisodeTest) []episodeTestPlan {
	var out []episodeTestPlan
	for _, t := range list {
		tp := episodeTestPlan{problem: t.Problem, minAge: t.MinAge, underAge: t.UnderAge, underDays: t.UnderAgeDays, sex: -1,
			raise: t.Raise, raiseSD: t.RaiseSD, infarct: t.Infarct, unless: -1, slot: -1, anaemic: t.Anaemic, below: t.Below, withAnae: t.WithAnaemia, inPerson: t.FaceToFace, pregnant: t.Pregnant}
		if t.Sex != "" {
			tp.sex = sexIndex(t.Sex)
		}
		if r := t.Recurrent; r != nil {
			tp.recurN, tp.recurDays = r.Episodes, r.WithinDays
		}
		if r := t.ReferAt; r != nil {
			if code, ok := datasets.ObservationByKey(r.Observation); ok {
				tp.referCode, tp.referMin = code.Snomed, r.AtLeast
			}
		}
		if i, ok := p.condIndex[t.Unless]; ok && t.Unless != "" {
			tp.unless = i
		}
		if slot, ok := p.obsIndex[t.Observation]; ok {
			tp.slot, tp.from = slot, p.obsFrom[slot]
		} else if code, ok := datasets.ObservationByKey(t.Observation); ok {
			tp.code = &code
		}
		out = append(out, tp)
	}
	return out
}

// episodeTestLists are the plan's test lists, for what reads them all.
func (p *Plan) episodeTestLists() [][]episodeTestPlan {
	return [][]episodeTestPlan{p.aeTests, p.stayTests, p.firstContactTests, p.persistingTests}
}

// applies reports whether the test is the person's at a contact about
// problem on day d.
// The problem is compared first: most entries are another problem's, and
// the age on a day out of the order of the days before it is worked out
// again (person.ageOn), which made the age the cost of the lists' loops.
func (tp *episodeTestPlan) applies(per *person, problem string, d models.Date) bool {
	return tp.appliesAfter(per, problem, d, nil)
}

// appliesAfter is applies for an episode that follows earlier episodes of
// the problem begun on the days earlier holds: a recurrent entry is the
// person's when enough of them began within its days (none known: never).
func (tp *episodeTestPlan) appliesAfter(per *person, problem string, d models.Date, earlier []models.Date) bool {
	if tp.problem != problem || (tp.sex >= 0 && tp.sex != per.sex) || (tp.underDays > 0 && int(d-per.birth) >= tp.underDays) {
		return false
	}
	if tp.from != models.NoDate && d < tp.from {
		return false // not in use yet
	}
	age := per.ageOn(d)
	if age < tp.minAge || (tp.underAge > 0 && age >= tp.underAge) || (tp.pregnant && per.pregnancyDay(d) < 0) {
		return false
	}
	if tp.recurN == 0 {
		return true
	}
	n := 1 // this episode
	for _, o := range earlier {
		if o > d-models.Date(tp.recurDays) && o < d {
			n++
		}
	}
	return n >= tp.recurN
}

// earlierOnsets holds the onsets of the person's episodes of the problem of
// condition row c begun before it, when an entry of list counts them.
func (w *worker) earlierOnsets(per *person, list []episodeTestPlan, c *models.Condition, into []models.Date) []models.Date {
	into = into[:0]
	if !slices.ContainsFunc(list, func(tp episodeTestPlan) bool { return tp.recurN > 0 && tp.problem == c.ConditionKey }) {
		return into
	}
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		if r := &w.b.Conditions[i]; r.ConditionKey == c.ConditionKey && r.OnsetDate < c.OnsetDate {
			into = append(into, r.OnsetDate)
		}
	}
	return into
}

// episodeTests records the tests of a list (split by problem: lists) at each
// of the person's encounters in setting ("": any) about a problem that at accepts, from the
// time it gives (it may draw from s), one a minute apart. The setting is
// read first: the condition row is looked up only for the contacts a list
// can test. A coded test already recorded at the encounter (a urine culture
// sent for the haematuria the infection explains) is not coded again.
func (w *worker) episodeTests(per *person, lists testsByProblem, purpose uint64, setting string, at func(enc *models.Encounter, c *models.Condition, s *distributions.Stream) (models.Timestamp, bool)) {
	if len(lists) == 0 {
		return
	}
	s := &per.tests
	*s = per.stream(w.plan.Opts.Seed, purpose)
	var earlier []models.Date
	// The part of the last problem looked up: a person's contacts are mostly
	// about a few problems, so most contacts find their part without hashing
	// the key (the map lookup was 1% of the CPU, stop 65).
	var lastKey string
	var lastList []episodeTestPlan
	looked := false
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		row := &w.b.Encounters[e]
		if row.ReasonConditionID == "" || (setting != "" && row.Setting != setting) {
			continue
		}
		c := w.conditionRow(per, row.ReasonConditionID)
		if c == nil {
			continue
		}
		if !looked || c.ConditionKey != lastKey {
			lastKey, lastList, looked = c.ConditionKey, lists[c.ConditionKey], true
		}
		list := lastList // the entries of the contact's problem (testsbyproblem.go)
		if len(list) == 0 {
			continue // none applies (anyTestApplies would say so)
		}
		earlier = w.earlierOnsets(per, list, c, earlier)
		if !anyTestApplies(per, list, c.ConditionKey, row.StartTime.Date(), earlier) {
			continue
		}
		// The row itself, not a copy: a copy escaped to the heap at each
		// contact tested (through the callback). Nothing grows the batch
		// before recordTests, which is given the id and problem, not the rows.
		t, ok := at(row, c, s)
		if !ok {
			continue
		}
		if k := w.recordTests(per, list, c.ConditionKey, c.ConditionID, c.OnsetDate, earlier, row.EncounterID, t, s); k >= 0 {
			w.answerHeldAnaemia(per, k)
		}
	}
}

// recordTests records the tests of list that are the person's at a contact
// (encID) about problem, from t, one a minute apart: a numeric one read
// from the person's state (raised, and held below its limit, as the entry
// says; an infarct test's raise is the heart attack's of day event), a coded
// one unless already coded at the contact. A test read from a referral
// (refer_at) is not taken when the episode (a condition id) was referred
// at another contact already (episodereferral.go). It returns the
// index of a haemoglobin it held below the anaemia threshold, for the
// caller to answer once the contact's problem row is written (-1: none).
func (w *worker) recordTests(per *person, list []episodeTestPlan, problem, episode string, event models.Date, earlier []models.Date, encID string, t models.Timestamp, s *distributions.Stream) int {
	held := -1
	defer func(was bool) { w.ferritinFollows = was }(w.ferritinFollows)
	w.ferritinFollows = w.readsFerritin(per, list, problem, t.Date()) // the list's own confirms a low count (confirmferritin.go)
	for k := range list {
		tp := &list[k]
		if !tp.appliesAfter(per, problem, t.Date(), earlier) {
			continue
		}
		if tp.slot >= 0 {
			if w.takenAt(per, encID, tp.slot) {
				continue // a blood test booked that day took it already (a low count's repeat, a stores recheck; h57d)
			}
			if tp.referCode != "" && !w.codedAt(per, encID, tp.referCode) && w.episodeReferred(per, episode, tp.referCode, encID, t) {
				continue // fast-tracked already (a call the day before): the clinic investigates, no FIT
			}
			o := len(w.b.Observations)
			w.anaemiaHeld = tp.anaemic // the diagnosis's own problem row, or its caller, answers it
			w.observe(per, encID, t, tp.slot, s)
			w.anaemiaHeld = false
			if raise := w.testRaise(per, tp, t.Date(), event, s); raise != 0 && o < len(w.b.Observations) {
				w.raiseResult(&w.b.Observations[o], tp.slot, raise)
			}
			if tp.referCode != "" && o < len(w.b.Observations) && w.codedAt(per, encID, tp.referCode) {
				w.holdAtLeast(&w.b.Observations[o], tp.slot, tp.referMin) // referred on it (refer_at)
			} else if lim := w.testLimit(per, tp, encID); lim > 0 && o < len(w.b.Observations) {
				w.holdBelow(&w.b.Observations[o], tp.slot, lim)
				if tp.anaemic {
					held = o
				}
			}
			if tp.slot == w.plan.serialSlot && o < len(w.b.Observations) {
				w.serialSample(per, tp, o) // a raised troponin is repeated hours later (serialtest.go)
			}
		} else if tp.code != nil {
			if w.codedAt(per, encID, tp.code.Snomed) {
				continue
			}
			w.b.Observations = append(w.b.Observations, w.observation(per, encID, t, tp.code))
		}
		t = t.AddMinutes(1)
	}
	return held
}

// anyTestApplies reports whether a test of list is the person's at a
// contact about problem on day d.
func anyTestApplies(per *person, list []episodeTestPlan, problem string, d models.Date, earlier []models.Date) bool {
	for k := range list {
		if list[k].appliesAfter(per, problem, d, earlier) {
			return true
		}
	}
	return false
}

// testRaise is what the test adds to its result on day d: its raise, or
// one drawn about it (never of the other sign; an infarct test's from the
// heart attack of day event), and nothing while the person's unless
// condition is developing or held, whose level the result keeps (a heart
// failure's ejection fraction, its type read from it).
func (w *worker) testRaise(per *person, tp *episodeTestPlan, d, event models.Date, s *distributions.Stream) float64 {
	raise := tp.raise
	if tp.infarct > 0 {
		raise = w.infarctRaise(per, tp, event) // from the event's streams: the contact's draws stay as they were
	} else if tp.raiseSD > 0 {
		v := s.NormalMS(raise, tp.raiseSD) // drawn whatever follows: one draw a test
		raise = math.Copysign(math.Max(0, v*math.Copysign(1, raise)), raise)
	}
	if tp.unless >= 0 {
		for ci := range per.conds {
			if hc := &per.conds[ci]; hc.plan.idx == tp.unless && developing(hc, d) > 0 {
				return 0
			}
		}
	}
	return raise
}

// raiseResult adds raise to result o of observation slot, on the slot's
// scale (multiplying a log-scale one by e^raise), rounded and held within
// its limits as a reading is.
func (w *worker) raiseResult(o *models.Observation, slot int, raise float64) {
	if o.Value == nil {
		return
	}
	m := w.plan.obsModels[slot]
	v := *o.Value + raise
	if m.LogScale {
		v = *o.Value * math.Exp(raise)
	}
	v = math.Min(m.Max, math.Max(m.Min, v))
	*o.Value = math.Round(v*w.plan.obsScale[slot]) / w.plan.obsScale[slot]
}

// testLimit is the level the test's result at encounter encID is held
// below: the anaemia threshold of the person's sex for a haemoglobin that
// diagnoses iron deficiency anaemia, or the test's own (a ferritin below
// 30), with_anaemia only beside a haemoglobin below that threshold; 0: none.
func (w *worker) testLimit(per *person, tp *episodeTestPlan, encID string) float64 {
	a := &w.plan.anaemia
	if tp.anaemic && tp.slot == a.slot {
		return a.threshold(per)
	}
	if !tp.withAnae || a.slot < 0 {
		return tp.below
	}
	code := w.plan.obsCodes[a.slot].Snomed
	for k := len(w.b.Observations) - 1; k >= 0 && w.b.Observations[k].PatientID == per.id; k-- {
		if o := &w.b.Observations[k]; o.EncounterID == encID && o.SnomedCode == code && o.Value != nil {
			if *o.Value < a.threshold(per) {
				return tp.below
			}
			return 0
		}
	}
	return 0
}

// holdBelow reflects result o of observation slot below lim when it is not
// below it already (on the log scale for a log-scale slot: a ferritin of 40
// against 30 reads 22.5), so the results that make a diagnosis spread
// below its threshold instead of piling on the last value under it.
func (w *worker) holdBelow(o *models.Observation, slot int, lim float64) {
	if o.Value == nil || *o.Value < lim {
		return
	}
	m, sc := w.plan.obsModels[slot], w.plan.obsScale[slot]
	v := 2*lim - *o.Value
	if m.LogScale {
		v = lim * lim / *o.Value
	}
	v = math.Min(math.Round(math.Max(m.Min, v)*sc), math.Ceil(lim*sc)-1) / sc
	*o.Value = v
}

// holdAtLeast reflects result o of observation slot to lim or above when it
// is below it (on the log scale for a log-scale slot: a FIT of 2 against 10
// reads 50), held within the slot's limits: the result a referral beside it
// was made on (refer_at).
func (w *worker) holdAtLeast(o *models.Observation, slot int, lim float64) {
	if o.Value == nil || *o.Value >= lim {
		return
	}
	m, sc := w.plan.obsModels[slot], w.plan.obsScale[slot]
	v := 2*lim - *o.Value
	if m.LogScale {
		v = lim * lim / math.Max(*o.Value, 1/sc) // a result read as 0 reflects from the last unit shown
	}
	v = math.Max(math.Round(math.Min(m.Max, v)*sc), math.Ceil(lim*sc)) / sc
	*o.Value = v
}
