package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// heldCondition is a chronic condition a patient has: when it was diagnosed,
// how it developed and progresses in this person, and where its care stands.
type heldCondition struct {
	plan    *condPlan
	id      string      // the current problem-list row (a new one per coded stage)
	row     int         // index of that row in the batch's conditions, -1 before it is written
	staged  []stagedRow // every row written for it, in time order, when it has stages
	onset   models.Date
	ramp    models.Date // days over which it developed before diagnosis
	rate    float64     // this person's progression rate multiplier
	effects []obsEffect // effects on the state at diagnosis (anchored ones included)
	treated bool        // treatment starts at diagnosis
	excused bool        // untreated, and the reason is on the record
	notDue  bool        // that reason is the gate's "not due": a decline may follow when it comes due
	waiting bool        // line 1 waits for its risk score (scoregate.go)
	// scoredOn, scoredAt: the day and value of the gate's risk score last
	// coded on the record (scorerecord.go; 0: never); nextReview: the day
	// of its next routine review, as its latest review in the record set it
	scoredOn, nextReview models.Date
	scoredAt             int
	forced               int    // last treatment line a scenario forces, or -2
	unmet                uint64 // a bit per line whose needs the reading at diagnosis does not meet (lineneeds.go), unless forced

	line       int         // highest treatment line started, -1 none
	missed     bool        // the previous review's reading missed the target
	planned    []plannedRx // lines of untargeted pathways: when each starts
	lastChange models.Date // of treatment, for the escalation interval
	lastReview models.Date // the previous review read against the target
	seenOn     models.Date // the day of its latest recorded review or diagnosis (recall.go: a later review is not brought before it)
	exhausted  bool        // every line used and titrated
	referred   uint32      // bit k: referral rule k done
	referredOn models.Date // the day of the latest again_after_years referral (resistant.go)
	codedOn    models.Date // the day of the latest referral coded at a review (severespecialist.go referredTo)
	againOn    models.Date // the latest review that missed the care target a second time in a row
	crossed    uint32      // bit k: referral rule k's reading crossed its threshold at the previous review
	coded      uint32      // bit k: referral rule k was coded on the record (made after the record opened)
	declinedAt uint32      // bit k: treatment stood declined at referral rule k's previous review
	unwritten  uint32      // bit k: referral rule k was declined before the record opened, not yet coded (renalreferral.go)
	changes    int         // times treatment was stepped up after it began (a dose raised, a drug added or switched)
	clinicFrom models.Date // a specialist clinic follows it up from this day (0: never; clinicshare.go)
	started    bool        // the diagnosis decision was made
	// alsoLater: bit k, also_prescribe entry k was decided at diagnosis
	// but the person was under its age then: started at the first review
	// from that age (a statin at 40 for diabetes diagnosed at 30).
	alsoLater uint32
	// alsoNot: bit k, also_prescribe entry k was not taken at diagnosis and
	// has reasons (not_taken) still to code; alsoWhy, which reason of it.
	alsoNot uint32
	alsoWhy uint8
	// lineNot: bit li, treatment line li was not reached by its chance and
	// has reasons (not_taken) still to code; lineWhy[li], which reason.
	lineNot uint8
	lineWhy [8]uint8
	// eventNot: bit li, line li's reason is the onset event's (a
	// beta-blocker not given after an MI; eventlines.go), not the line's.
	eventNot uint8
	// lineBarred: bit li, why line li was not started is coded already
	// (codeLineBarred: its grounds on the record).
	lineBarred uint8
	// awaitClinic: the first line is the specialist's (started_in_clinic),
	// and the clinic the diagnosis referred to has not been held yet.
	awaitClinic bool
	// clinicHeldBack: that clinic started nothing (a pulse under
	// donepezil's start bar, h67b): the practice starts none of the
	// condition's lines later on its own (merge of stop 67: donepezil, then
	// memantine, first issued at GP reviews; NICE NG97 1.5: specialist-
	// initiated).
	clinicHeldBack bool
	stage          int // coded stage index, -1 none
	// stageLow: the stage the last staging reading showed when it was past
	// the coded one (0: it was not; stageAfter).
	stageLow int
	// stageLowFrom: the day of the reading that set stageLow (a pair
	// advances the stage only at least the sustained days apart)
	stageLowFrom models.Date
	// stagedAt: the time of the last staging reading read (restage.go)
	stagedAt models.Timestamp
	// protectOffered: the day each of its protecting medicines (plan
	// protects) was last offered and taken or declined (protect.go); 0 none
	protectOffered [4]models.Date
	presented      bool // an onset event (admission) was written
	// admissionTo: the emergencies for its acute problem up to this day
	// have been acted on (catalogue after_admission; decompensation.go).
	admissionTo models.Date
	foundOn     models.Date // found early at another condition's review: diagnosed on this day (found.go)
	// foundVal and foundAt: the reading that found it and its time, read
	// again when the diagnosis is coded at that appointment (found.go)
	foundVal float64
	foundAt  models.Timestamp
	// startAt: the first line, held back at the diagnosis for lifestyle
	// advice, starts at the first review from this day (0: none; lifestyle.go).
	startAt models.Date
	// repeatPending: the first line waits for a repeat of the diagnosing
	// reading past its threshold (catalogue repeat_first; repeatfirst.go);
	// startAt is then the day of the repeat booked (0: none).
	repeatPending bool
	// diagnosedAt: the encounter that made the diagnosis when the GP's
	// consultation did not ("" when it did): the clinic attendance after an
	// urgent referral, or the A&E attendance or admission the onset event
	// presented at (presented).
	diagnosedAt string
	diagnosedOn models.Date // that attendance's day
	// presentingID: the problem the referring contact coded for a
	// condition the clinic diagnosed (catalogue presents_as;
	// presentsas.go), "" none; clinicDiagnosed: the clinic's day
	presentingID    string
	clinicDiagnosed models.Date
	// symptomID: the presenting symptom's problem, the reason of the
	// suspected-cancer clinic and the test before the diagnosis, allocated
	// when the clinic is booked ("" none: diagnosingtest.go);
	// symptomWritten: its row is written (presentingSymptom)
	symptomID      string
	symptomWritten bool
	// emergency: diagnosed after an emergency presentation (an A&E
	// attendance or an emergency admission) instead of an urgent referral;
	// emergencyEnd: the day that stay ended (presenting.go), or the day an
	// onset event's admission ended (hospital.go)
	emergency    bool
	emergencyEnd models.Date
	// wardEnc, wardEnd: the inpatient encounter of an onset event's
	// admission and its discharge, when the event starts the first line on
	// the ward (started_on_ward; wardstart.go)
	wardEnc string
	wardEnd models.Timestamp

	endStage     models.Date // the usual level passed the end stage (0: never)
	replacement  models.Date // replacement therapy (dialysis) started (0: none)
	conservative bool        // end stage managed conservatively
	site         *sitePlan   // the primary site (cancer; sites.go), nil for others
	// afterTreatment: the clinic attendance after an urgent pathway's
	// hospital treatment (the diagnosing one when there was none), which
	// starts an endocrine therapy; hormone: that therapy (hormone.go)
	afterTreatment *bookedClinic
	hormone        *hormoneCourse
	// radical: the first treatment of the urgent pathway with a marker
	// course (surgery, radiotherapy; markers.go), "" none; radicalEnd the
	// day that treatment ended
	radical    string
	radicalEnd models.Date
	// authorisedOn: its last review before the record opened (0: none),
	// which authorised its repeats until the next review, due on
	// authorisedTo (inforce.go)
	authorisedOn, authorisedTo models.Date
	// The end of an episode (catalogue remission; remission.go): days from
	// the diagnosis to the remission and from it to a relapse (0: none),
	// the review that saw it (0: not yet) and the day it was coded resolved
	// (0: open).
	remitDays, relapseDays  models.Date
	remissionSeen, resolved models.Date
	// A new episode after one was resolved (recurrentepisode.go): the
	// earlier episodes' spans, the day the current one began (0: the
	// onset) and the day a new one is due (0: none).
	past             []episodeSpan
	epStart, recurOn models.Date
	declinedStep     models.Date // a step up, or a first line offered again, last declined (declinedstep.go, untreated.go; 0: never)
	declinedScore    int         // the gate's risk score when its first line was last declined (reoffer.go)
	offeredOn        models.Date // a declined gated first line last offered again (reoffer.go; 0: never)
	offeredScore     int         // the gate's risk score then
	// stepOwed: exacerbations made a step up due at a review that neither
	// took it nor had it declined; the next review takes it up again
	// (nineteenth review: the exacerbations no longer counted a year on)
	stepOwed bool
	leadsTo  *condPlan // the condition this one came before (precursor.go), nil none
}

// stagedRow is one problem-list row of a staged condition and the day it
// took over.
type stagedRow struct {
	from  models.Date
	id    string
	stage int // the stage index it codes (-1 before the first reading staged it)
}

// stageOn is the stage index the condition was coded at on day d, -1 when
// none yet: planned care for CKD waits for stage 4 on the day, not at the
// end of the record (hospital.go heldOn).
func (hc *heldCondition) stageOn(d models.Date) int {
	st := -1
	for _, r := range hc.staged {
		if r.from <= d {
			st = r.stage
		}
	}
	return st
}

// plannedRx is a treatment line of a pathway without a measured target: it
// starts on a day decided at diagnosis.
type plannedRx struct {
	line  int
	start models.Date
}

// drawConditions decides which catalogue conditions the patient has, when
// each was diagnosed, how it developed, and whether treatment starts at
// diagnosis. Probability is the calibrated age/sex curve at the patient's age
// on their last day, multiplied by the risk links of conditions already drawn
// and by smoking, each divided by its expected value, so links correlate
// conditions without moving the population prevalence.
func (g *worker) drawConditions(per *person) {
	p := g.plan
	s := per.stream(p.Opts.Seed, purposeConditions)
	apart := per.stream(p.Opts.Seed, purposeConditions, 3) // drawn_apart conditions'
	per.conds = per.conds[:0]
	has := g.hasCond[:0]
	for range p.conds {
		has = append(has, false)
	}
	g.hasCond = has
	a := min(per.ageAtEnd, maxAge)
	decedent := per.death != models.NoDate && per.death <= per.anchor
	cp := per.cohort
	smoke := per.smoking.statusAtEnd
	var counted []int8 // a cohort's condition counts: 1 chosen, -1 not (counts.go)
	if cp != nil && len(cp.counts) > 0 {
		counted = make([]int8, len(p.conds))
		g.chooseCounted(per, counted)
	}
	for ci := range p.conds {
		if p.conds[ci].FromHealthCheck && (cp == nil || !cp.force[ci]) {
			continue // brought by a health check's score (checkstatin.go), never drawn unless a scenario asks
		}
		cs := &s
		if p.conds[ci].DrawnApart {
			cs = &apart // a condition added later: the others' draws stay where they were
		}
		u := cs.Float64() // drawn for every condition, so later draws never shift
		forced := cp != nil && (cp.force[ci] || (counted != nil && counted[ci] == 1))
		later := models.NoDate
		if !forced {
			if cp != nil {
				if cp.block[ci] || (counted != nil && counted[ci] == -1) {
					continue
				}
				u /= cp.boost[ci] // the condition's chance times the boost
			}
			if !p.hasCondition(ci, per.sex, a, per.ageAtEnd, decedent, smoke, has, u) {
				if per.lastDay <= per.anchor {
					continue
				}
				// A later diagnosis draws from its own stream: the
				// population date's conditions do not depend on the horizon.
				ls := per.stream(p.Opts.Seed, purposeConditions, 1, uint64(ci))
				if later = g.laterOnset(per, ci, has, &ls); later == models.NoDate {
					continue
				}
				per.conds = append(per.conds, g.heldCondition(per, ci, later, &ls))
				continue
			}
		}
		has[ci] = true
		per.conds = append(per.conds, g.heldCondition(per, ci, later, cs))
	}
	if per.lastDay > per.anchor {
		g.dropExcluded(per, has)
	}
	g.addPrecursors(per) // precursor.go
}

// dropExcluded removes the conditions diagnosed after the population date
// that a condition held on it rules out.
func (g *worker) dropExcluded(per *person, has []bool) {
	kept := per.conds[:0]
	for _, hc := range per.conds {
		ok := true
		for _, x := range hc.plan.excludes {
			ok = ok && (hc.onset <= per.anchor || !has[x])
		}
		if ok {
			kept = append(kept, hc)
		}
	}
	per.conds = kept
}

// heldCondition draws how a held condition began and develops: its onset
// (fixed to later when it was diagnosed after the population date),
// whether it is treated, its progression and its planned treatment lines.
func (g *worker) heldCondition(per *person, ci int, later models.Date, s *distributions.Stream) heldCondition {
	p := g.plan
	c := &p.conds[ci]
	cp := per.cohort
	has := g.hasCond
	onset := g.recentOnset(per, ci, g.onsetDate(per, c, s)) // diagnosed.go
	if later != models.NoDate {
		onset = later
	}
	hc := heldCondition{plan: c, id: g.ids.row(tagCondition), onset: onset, row: -1, line: -1, stage: -1, forced: -2,
		effects: append([]obsEffect(nil), c.effects...), rate: 1}
	ts := per.stream(p.Opts.Seed, purposeTreatmentPlan, uint64(ci))
	if c.OwnStream {
		hc.treated = len(c.lines) > 0 && ts.Bernoulli(c.TreatedShare)
	} else {
		hc.treated = len(c.lines) > 0 && s.Bernoulli(c.TreatedShare)
	}
	g.spreadEffects(per, &hc) // scoregate.go
	g.setHeldLevel(&hc)       // infarct.go: before the lines' needs read it
	g.specialistFollowUp(per, &hc)
	rateU := s.Normal()
	marginU := s.Float64()
	if c.Progression != nil {
		hc.rate = math.Exp(c.Progression.RateSD * rateU)
		for _, f := range c.faster {
			if (f.given >= 0 && has[f.given]) || (f.given < 0 && per.smoking.statusOn(onset) == currentSmoker) {
				hc.rate *= f.times
			}
		}
		hc.rate = math.Min(hc.rate, maxProgressionRate)
	}
	if d := c.Diagnosis; d != nil {
		hc.ramp = models.Date(d.DevelopsOverYears * 365.25)
	}
	if c.DefinedBy != nil && c.Diagnosis != nil {
		// an exponential margin, capped: nobody is diagnosed far past the threshold
		margin := math.Min(-math.Log(1-marginU), maxMarginMeans) * c.Diagnosis.MarginMean
		if cp != nil && cp.stageHi > 0 && len(c.stages) > 0 && c.DefinedBy.Below != nil {
			margin = g.stagedMargin(cp, c, margin)
			hc.onset, hc.rate = g.stagedCourse(per, ci, onset, *c.DefinedBy.Below-margin, hc.rate)
			onset = hc.onset
		}
		hc.effects = append(hc.effects, g.anchor(per, c, onset, margin))
	}
	if cp != nil {
		for _, fd := range cp.drugs {
			if fd.cond == ci {
				hc.forced = max(hc.forced, fd.line)
				hc.treated = true
			}
			// A cohort chosen to be on a renally limited drug has kidneys
			// that allow it: slow progression of a staged kidney condition.
			if m := p.medPlans[fd.med.Key]; m != nil && m.renal != nil && m.renal.StopBelow > 0 {
				// and never fall below what it needs (two visit spreads above)
				per.egfrFloor = math.Max(per.egfrFloor, m.renal.StopBelow+2*p.obsModels[p.slots.egfr].Noise)
				if len(c.Stages) > 0 && cp.stageHi == 0 { // (a stage asked for sets its own course)
					hc.rate = math.Min(hc.rate, 0.3)
				}
			}
		}
	}
	g.drawRemission(per, ci, &hc) // remission.go
	hc.planned = g.planLines(per, &hc, onset, s, &ts, hc.planned[:0])
	g.pickSite(per, c, &hc)
	return hc
}

// lastWeeksDays: chronic diagnoses are not new in the last weeks of a life.
const lastWeeksDays = 60

// maxMarginMeans caps the diagnostic margin at this many times its mean.
const maxMarginMeans = 2.5

// maxProgressionRate caps a person's progression multiplier (model): the
// fastest decliners progress a few times faster than typical, not tens.
const maxProgressionRate = 2.5

// anchor is the effect on a condition's defining observation that puts the
// person's usual level past the diagnostic threshold by margin at onset,
// whatever their level would have been without the condition.
func (g *worker) anchor(per *person, c *condPlan, onset models.Date, margin float64) obsEffect {
	p := g.plan
	slot := p.obsIndex[c.DefinedBy.Observation]
	// Without the scenario's shift: the shift is how much further the
	// condition has taken this person, so the anchor must not absorb it.
	without := g.unshiftedLevel(per, slot, onset)
	if c.DefinedBy.AtLeast != nil {
		return obsEffect{obs: slot, delta: *c.DefinedBy.AtLeast + margin - without}
	}
	return obsEffect{obs: slot, delta: *c.DefinedBy.Below - margin - without}
}

// usualLevel is the person's usual level of a numeric observation on a day
// from age, sex, their own offset and the state so far, before any
// diagnostic cap and without visit noise.
func (g *worker) usualLevel(per *person, slot int, day models.Date) float64 {
	return g.unshiftedLevel(per, slot, day) + g.shiftOn(per, slot, levelDay(per, slot, day))
}

// unshiftedLevel is usualLevel without a scenario cohort's shift.
func (g *worker) unshiftedLevel(per *person, slot int, day models.Date) float64 {
	day = levelDay(per, slot, day)
	return g.treatedLevel(per, slot, day, g.wellLevel(per, slot, day)+medicineEffects(g.plan.Opts.Seed, per, slot, day))
}

// personalLevel is the level of a numeric observation a person of their age
// and sex would have on a day with no condition and no treatment: the
// population mean plus their own persistent offset.
func (g *worker) personalLevel(per *person, slot int, day models.Date) float64 {
	return g.formulaLevel(per, slot, day) + g.ownOffset(per, slot) + g.drift(per, slot, day)
}

// ownOffset is the person's own persistent offset of a numeric
// observation from the population's level, drawn once from its own stream
// (with tracks, correlated with another's: ownoffset.go).
func (g *worker) ownOffset(per *person, slot int) float64 {
	if per.hasBase[slot] {
		return per.baseline[slot]
	}
	p := g.plan
	m := p.obsModels[slot]
	b := per.stream(p.Opts.Seed, purposeObservationBaseline, uint64(slot))
	v := b.NormalMS(0, m.SD)
	if m.SDBelow > 0 && v < 0 { // the same draw, on the low side's spread
		v *= m.SDBelow / m.SD
	}
	if m.Tracks != nil {
		v = g.trackedOffset(per, m, v)
	}
	per.baseline[slot], per.hasBase[slot] = v, true
	return v
}

// predictedLevel is the level predicted for the person's age and sex on a
// day: the population's, without their own offset (spirometry's "predicted").
func (g *worker) predictedLevel(per *person, slot int, day models.Date) float64 {
	m := g.plan.obsModels[slot]
	return g.formulaLevel(per, slot, day) * m.ChildShare.At(float64(day-per.birth)/365.25, per.sex) // a child's predicted peak flow
}

// formulaLevel is predictedLevel before a child's growth share (which
// numericValue applies to the whole reading).
func (g *worker) formulaLevel(per *person, slot int, day models.Date) float64 {
	m := g.plan.obsModels[slot]
	v := m.MeanAt(float64(day-per.birth) / 365.25)
	if per.sex == 1 {
		v += m.MaleShift
	}
	return v
}

// hasCondition decides condition ci for a person of the sex and age (a
// capped at maxAge) and smoking status who has the conditions marked in has,
// given a uniform u.
func (p *Plan) hasCondition(ci, sex, a, age int, decedent bool, smoke int, has []bool, u float64) bool {
	c := &p.conds[ci]
	// most draws are above the highest chance the person could have: the
	// bound answers them without the risk links (chancebound.go)
	if age < c.Onset.MinAge || u >= c.chanceAbove[sex][a]*c.correction+chanceSlack || u >= p.conditionChance(ci, sex, a, decedent, smoke, has) {
		return false
	}
	for _, x := range c.excludes {
		if has[x] {
			return false
		}
	}
	return true
}

// conditionChance is the chance that a person of the sex and age (a,
// capped at maxAge) with the conditions in has holds condition ci.
func (p *Plan) conditionChance(ci, sex, a int, decedent bool, smoke int, has []bool) float64 {
	c := &p.conds[ci]
	prob := c.base[sex][a] * c.correction
	for _, r := range c.risks {
		if has[r.given] {
			prob *= r.rr
		}
	}
	prob /= c.norm[sex][a]
	if c.SmokingRR != nil {
		prob *= c.smokingRR(smoke) / c.smokeNorm[a]
	}
	if decedent && c.MortalityRR > 0 {
		prob *= c.MortalityRR
	}
	return prob
}

// onsetDate draws the diagnosis date: an exponential number of years before
// the patient's last day, no earlier than the condition's minimum age.
func (g *worker) onsetDate(per *person, c *condPlan, s *distributions.Stream) models.Date {
	if len(c.Onset.RecognisedAt) > 0 {
		return recognisedOnset(per, c.Onset.RecognisedAt, s.Float64())
	}
	earliest := models.DateOf(per.birth.Time().AddDate(c.Onset.MinAge, 0, 0))
	var years float64
	if sv := c.Onset.Survival; sv != nil && per.death != models.NoDate {
		// dies with it: diagnosed the published survival before the death
		// (one draw, as the exponential's, so no later draw moves), at an
		// age weighed as the cohort's new diagnoses are (diagnosisage.go)
		years = sv.YearsBeforeDeathWeighted(float64(per.death-per.birth)/365.25, float64(c.Onset.MinAge), s.Float64(), diagnosisRate(c, int(per.sex)))
	} else {
		years = s.Exponential(1 / max(c.Onset.MeanYears, 0.1))
	}
	onset := per.anchor - models.Date(years*365.25)
	last := per.anchor
	if per.death != models.NoDate { // no new long-term diagnosis in the last weeks of life
		last = min(last, per.death-lastWeeksDays)
	}
	onset = min(onset, last)
	if onset < earliest && earliest < last {
		// drawn before the youngest age: diagnosed within the year after it,
		// not on the birthday itself (139 diagnoses fell on one, asthma on
		// the third and depression on the sixteenth; twelfth review)
		onset = earliest + models.Date(s.IntN(int(min(last-earliest, 365))+1))
	}
	return max(onset, earliest)
}

// recognisedOnset is the day a condition present from birth is recognised:
// an age drawn by u from the bands' weights (uniform within a band), among
// the ages the person has reached on the population date (or by death), so
// that who holds it, and the prevalence, do not change.
func recognisedOnset(per *person, bands []datasets.AgeBand, u float64) models.Date {
	last := per.anchor
	if per.death != models.NoDate { // no new long-term diagnosis in the last weeks of life
		last = max(min(last, per.death-lastWeeksDays), per.birth)
	}
	age := float64(last-per.birth) / 365.25
	reached := func(b datasets.AgeBand) float64 { // the share of the band's ages reached, by weight
		return b.Weight * min(max((age-b.Ages[0])/(b.Ages[1]-b.Ages[0]), 0), 1)
	}
	total := 0.0
	for _, b := range bands {
		total += reached(b)
	}
	if total <= 0 {
		return per.birth
	}
	u *= total
	years := 0.0
	for _, b := range bands {
		w := reached(b)
		if w <= 0 {
			continue
		}
		years = b.Ages[0] + (b.Ages[1]-b.Ages[0])*min(u/b.Weight, 1)
		if u < w {
			break
		}
		u -= w
	}
	return min(per.birth+models.Date(years*365.25), last)
}

// planLines decides, for a pathway without a measured target, the day each
// later line starts: each follows the previous after an exponential delay,
// if at all; a line marked from_diagnosis starts at the diagnosis by its own
// chance, and is not one of the chain (the line after it follows the line
// before it). Line 1 (index 0) starts at diagnosis when treated. lastForced
// (hc.forced, or -2) is the last line a scenario cohort forces: every line up
// to it is reached. A line (or condition) marked own_stream draws from ts,
// the condition's treatment stream, instead of s. A line whose needs the
// person's reading does not meet is not reached (lineneeds.go).
func (g *worker) planLines(per *person, hc *heldCondition, onset models.Date, s, ts *distributions.Stream, out []plannedRx) []plannedRx {
	c, lastForced := hc.plan, hc.forced
	if c.CareTarget != nil {
		// A pathway with a target steps up when the target is missed; only
		// the lines that always follow the first from diagnosis (asthma's
		// inhaled steroid: probability 1, no delay) are planned, undrawn.
		for li := 1; li < len(c.lines) && c.lines[li].Probability >= 1 && c.lines[li].AfterYears == 0; li++ {
			out = append(out, plannedRx{line: li, start: onset})
		}
		return out
	}
	start := onset
	ended := false // a line of the chain not reached: none after it is (but a line from the diagnosis)
	for li := range c.lines {
		line := &c.lines[li]
		if ended && !line.FromDiagnosis {
			// not reached, and still held by its needs (h62f): a drug of
			// it running for another condition is neither taken over nor
			// titrated for this one. Heart failure at an ejection fraction
			// above 40% ends the chain at the ACE inhibitor, and bisoprolol
			// for AF was still stepped up to 10 mg as heart failure
			// treatment. No draw: the chain's draws stay where they were.
			if li > lastForced && li < 64 && !g.needsMet(per, hc, line, onset) {
				hc.unmet |= 1 << li
			}
			continue
		}
		s := s
		if c.OwnStream || line.OwnStream {
			s = ts
		}
		drawn := li == 0 || s.Bernoulli(line.Probability) // drawn for every line, so forcing never shifts later draws
		reach := drawn
		met := g.needsMet(per, hc, line, onset)
		if !drawn && met && li > lastForced && len(line.NotTaken) > 0 {
			g.lineNotTaken(per, hc, li) // linenottaken.go: why, coded at a review
		}
		if !met {
			reach = false
			if li > lastForced && li < 64 {
				hc.unmet |= 1 << li // not started, taken over nor titrated for this condition (needsHold)
			}
		}
		// beside the chain: from the diagnosis, by its own chance
		if line.FromDiagnosis {
			if reach || li <= lastForced {
				out = append(out, plannedRx{line: li, start: onset})
			}
			continue
		}
		if !reach && li > lastForced { // (the first line: its needs unmet)
			ended = ended || !(line.Skippable && met) // skippable: the chain goes on past it
			continue
		}
		if li > 0 && line.AfterYears > 0 {
			start += models.Date(s.Exponential(1/line.AfterYears) * 365.25)
		}
		if li <= lastForced { // a forced line starts early enough to be current at the end
			interval := models.Date(365 / max(c.Reviews.PerYear, 1))
			start = max(min(start, per.anchor-interval-45), onset)
		}
		out = append(out, plannedRx{line: li, start: start})
	}
	return out
}

// needsHold reports whether line li of the condition is held back by its
// needs (seventeenth review): not started, a drug running for another
// condition is not taken over onto its ladder nor titrated for it (ramipril
// for hypertension is not stepped up as heart failure treatment when the
// ejection fraction is preserved).
func (hc *heldCondition) needsHold(li int) bool {
	return li >= 0 && li < 64 && hc.unmet&(1<<li) != 0
}

// needsMet reports whether the person's reading at the diagnosis calls for
// a line with needs (a mineralocorticoid receptor antagonist at an ejection
// fraction of 40% or less): their usual level of the observation with the
// condition's own effect on it (lineneeds.go).
func (g *worker) needsMet(per *person, hc *heldCondition, line *linePlan, day models.Date) bool {
	if line.needs < 0 {
		return true
	}
	v := g.personalLevel(per, line.needs, day)
	for _, e := range hc.effects {
		if e.obs == line.needs {
			v += e.delta
		}
	}
	scale := g.plan.obsScale[line.needs] // as the report shows it (40.4% reads 40%: reduced)
	return line.Needs.Met(math.Round(v*scale) / scale)
}
