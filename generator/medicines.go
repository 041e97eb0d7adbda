package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// course is one medicine a patient takes at one regimen, from start until
// stop: a titration or a renal dose change ends one course and starts the
// next. Its effects on the state apply from effectFrom.
type course struct {
	med        *datasets.Medicine
	reg        *datasets.Regimen
	meds       *medPlan
	cond       int // the owning condition, an index into per.conds
	line       int // the treatment line, -1 for a co-prescription
	start      models.Date
	stop       models.Date // NoDate while running
	effectFrom models.Date
	effects    []obsEffect
	response   float64     // this person's response to the drug (1 = typical)
	lastRx     int         // index in the batch of the latest prescription, -1 none
	issued     models.Date // the day of its first issue in the record (0: none yet)
	forced     bool        // a scenario's drug: kept whatever else starts
	// renalCapped: the dose was lowered to (or started at) the renal cap
	// (prescribing.yaml renal max_step); a dose step carries it on.
	renalCapped bool
	// slowCapped: a titration ladder's dose was halved for a slow heart;
	// that dose is kept (a step carries it on): not raised again.
	slowCapped bool
	// criteriaLowered: on its medicine's lower dose for its dose criteria
	// (dosecriteria.go); raised back when they no longer hold (h67b).
	criteriaLowered bool
	event           bool // an onset event's time-limited course (stop set at start)
	// companionOf: for a companion started at a review (prescribing.yaml
	// companions), the medicine it comes with; it stops when that stops.
	companionOf *medPlan
	// cover: started as cover while another medicine first starts
	// (startcover.go: colchicine beside new urate-lowering therapy)
	cover bool
	// stoppedFor: the result rule that stopped it (a potassium of 6.0 or
	// more: resultstop.go); nil none. settled: that stop has been acted on
	// (started again, or the reason coded once the result was back in
	// range); reasonCoded: the reason is on the record (rechallenge.go).
	stoppedFor           *resultStopPlan
	settled, reasonCoded bool
	// rechallenge: started again after a result stopped the medicine; a
	// second stop is not followed by a third course (rechallenge.go).
	rechallenge bool
}

func (c *course) running(d models.Date) bool {
	return c.start <= d && (c.stop == models.NoDate || d < c.stop)
}

// medPlan is a medicine with what the prescribing rules say about it,
// resolved once per plan.
type medPlan struct {
	// starter: the titration course a start's first issue is, for
	// starterDays (prescribing.yaml starters; starter.go); nil: none
	starter     *datasets.Regimen
	starterDays models.Date
	// progression: the dose steps that wait for the disease's years and
	// its specialist review (prescribing.yaml progression_steps)
	progression []datasets.ProgressionStep
	med         *datasets.Medicine
	classes     []string // its therapeutic classes, resolved once
	regimens    []datasets.Regimen
	exclusive   []string               // its classes of which one runs at a time
	replaces    []string               // classes stopped when it starts
	limits      []*datasets.ClassLimit // its classes' limits (classlimit.go)
	renal       *datasets.RenalRule
	contraCnd   []int        // conditions that rule it out
	contraAfter []episodeBar // presentations whose episodes rule it out, for a time or from then on (afterepisode.go)
	heldIn      []string     // presentations whose episodes pause its issues until the check after (episodehold.go)
	contraCls   []string     // running classes that rule it out
	// notInPregnancy: never started or issued while a pregnancy is known
	// (prescribing.yaml pregnancy; pregnancy.go)
	notInPregnancy bool
	// stopInPregnancy: its issues during a pregnancy are withdrawn (the
	// medicines above, and those issued only beside them: also_stop)
	stopInPregnancy bool
	// repeatStoppedInPregnancy: its repeats are stopped for a pregnancy,
	// paracetamol in their place (prescribing.yaml pregnancy repeats_stopped)
	repeatStoppedInPregnancy bool
	contraBoth               []classPair       // running class pairs that rule it out together (the triple whammy)
	startBars                []startBar        // ages from which it is not started (alone or beside a class: startbars.go)
	classBarred              bool              // one of startBars names a class (withdrawBarredStarts)
	alongside                []string          // classes it may join as an onset event's course (prescribing.yaml after_event)
	preventive               bool              // stopped at the end of life (medicine_classes.csv preventive)
	allergens                []int             // allergy-list entries (Plan.allergies) that rule it out
	companion                *companionPlan    // the medicine it comes with from an age (companions.go)
	monitor                  *monitorPlan      // the blood test it needs while it runs (monitoring.go)
	startTests               *startTestPlan    // the tests before it starts and in its first year (starttests.go), nil: none
	triedFirst               *triedFirstPlan   // the medicine given first from an age (triedfirst.go), nil: none
	stops                    []*resultStopPlan // results that stop it (resultstop.go)
	startLimit               []*resultStopPlan // results above whose start_above it is not started (resultstop.go)
	slowHeart                *slowHeartPlan    // the heart rate it needs (slowheart.go), nil: none
	lowerDose                *doseCriteriaPlan // the criteria for its lower dose (dosecriteria.go), nil: none
	maintenance              []maintenancePlan // its maintenance doses by condition (maintenancedose.go)
	effects                  []obsEffect       // its effects on the state whatever it treats (prescribing.yaml state_effects)
	ladder                   string            // its regimens are this regimens.csv ladder ("": the usual ones; ladders.go)
	from                     models.Date       // not started before this day: its launch (prescribing.yaml available_from) or the line's date (0: always)
	switches                 []classSwitch     // what its course becomes when a class that rules it out starts (classswitch.go)
	interactions             []interactionPlan // short courses beside a running class: checked or avoided (interactions.go)
}

// joins reports whether the medicine, as an onset event's course, may run
// alongside a drug of the class.
func (m *medPlan) joins(class string) bool {
	for _, c := range m.alongside {
		if c == class {
			return true
		}
	}
	return false
}

// regimen picks the medicine's regimen for an age and step: the highest
// step not above the one asked for that suits the age; nil if none does.
func (m *medPlan) regimen(age, step int) *datasets.Regimen {
	var best *datasets.Regimen
	for i := range m.regimens {
		r := &m.regimens[i]
		if age < r.MinAge || age > r.MaxAge || r.Step > step {
			continue
		}
		if best == nil || r.Step > best.Step {
			best = r
		}
	}
	return best
}

// renalCeiling reports whether renal function caps the medicine below the
// regimen step (metformin no higher than 1 g a day at eGFR 30-44).
func (m *medPlan) renalCeiling(egfr float64, step int) bool {
	if m.renal == nil {
		return false
	}
	top, ok := m.renal.Ceiling(egfr)
	return ok && step > top
}

// renalCeiling is the medicine's renal ceiling for the course: a course once
// lowered to the cap stays under it when the rule holds it (cap_holds: one
// reading above cap_below does not raise metformin again).
func (c *course) renalCeiling(egfr float64, step int) bool {
	r := c.meds.renal
	return c.meds.renalCeiling(egfr, step) || (c.renalCapped && r.CapHolds && step > r.MaxStep)
}

// inClass reports whether the medicine belongs to the class.
func (m *medPlan) inClass(class string) bool {
	for _, c := range m.classes {
		if c == class {
			return true
		}
	}
	return false
}

// hasStep reports whether the medicine has a regimen at the step for the age.
func (m *medPlan) hasStep(age, step int) bool {
	r := m.regimen(age, step)
	return r != nil && r.Step == step
}

// latestEGFR is the eGFR a prescriber would look at on a day: the latest
// result on or before it within 15 months, whichever part of the record
// wrote it (a review, a hospital stay), else the person's usual level.
// Results are generated out of time order (hospital stays before reviews,
// acute episodes after both), so every one is searched.
// Of two results on one day the lower is read: the days carry no time, and
// a prescriber reading both acts on the worse (an acute kidney injury found
// in A&E the evening of a routine review: resultfall.go).
func (w *worker) latestEGFR(per *person, d models.Date) float64 {
	if v := egfrBefore(per, d+1, egfrSeenDays+1); v != noEGFR { // on or before d, at most egfrSeenDays old
		return v
	}
	return w.usualLevel(per, w.plan.slots.egfr, d)
}

// egfrSeenDays is how old a result a prescriber still reads (15 months).
const egfrSeenDays = 456

// egfrReading is one eGFR result and its day.
type egfrReading struct {
	day   models.Date
	value float64
}

// allowed reports whether the medicine may be started or continued for the
// person on day d at eGFR egfr: a regimen suits their age, no condition
// held or drug running rules it out, and renal function permits it.
func (w *worker) allowed(per *person, m *medPlan, d models.Date, egfr float64, ignore int) bool {
	return w.allowedAs(per, m, d, egfr, ignore, false)
}

// allowedAs is allowed for a medicine given as an onset event's course when
// event is set: the running classes it may join do not rule it out.
func (w *worker) allowedAs(per *person, m *medPlan, d models.Date, egfr float64, ignore int, event bool) bool {
	age := per.ageOn(d)
	if m.regimen(age, 0) == nil && m.regimen(age, 99) == nil {
		return false
	}
	if per.cohort != nil && per.cohort.blockDrg[m.med.DMDCode] {
		return false
	}
	if ignore < 0 && d < m.from { // not yet recommended for the line's indication (a running course goes on)
		return false
	}
	if allergic(per, m, d) || barredOnRecord(per, m, d) {
		return false
	}
	if m.notInPregnancy && per.pregnantOn(d) {
		return false
	}
	// The last weeks of life stop preventive medicines; an acute event's
	// time-limited course goes on only beside a drug the review keeps
	// (clopidogrel with an anticoagulant; eventcourseeol.go), never a
	// ticagrelor left without its aspirin.
	if m.preventive && (!event || !keptBeside(per, m, d)) && per.deprescribe != 0 && d >= per.deprescribe && !per.cohort.forces(m.med) {
		return false
	}
	for _, ci := range m.contraCnd {
		for k := range per.conds {
			if per.conds[k].plan.idx == ci && per.conds[k].onset <= d {
				return false
			}
		}
	}
	if w.episodeBarFrom(per, m, d) != models.NoDate {
		return false
	}
	for _, cls := range m.contraCls {
		if event && m.joins(cls) {
			continue
		}
		if w.classRunning(per, cls, d, ignore) {
			return false
		}
	}
	if w.pairRunning(per, m, d, ignore) {
		return false
	}
	if r := m.renal; r != nil && r.StopBelow > 0 && egfr < r.StopBelow {
		return false
	}
	// not started on a recorded result below start_below (a running course
	// goes on): the prescriber reads the results on the record, not the
	// kidneys' usual level a person never tested has (renalstarts.go)
	if r := m.renal; ignore < 0 && r != nil && r.StartBelow > 0 && egfrBefore(per, d+1, egfrSeenDays) < r.StartBelow {
		return false
	}
	if ignore < 0 && w.startBarred(per, m, d, d) { // not started in the very old (a running course goes on)
		return false
	}
	if ignore < 0 && (w.slowHeartBars(per, m) || w.slowHeartStartBars(per, m, d)) { // not started on a slow heart (a running course: reviewSafety)
		return false
	}
	if ignore < 0 && startBarredByResult(per, m, d) { // not started on a high potassium (a running course: result_stops)
		return false
	}
	return !stoppedByResult(per, m, d)
}

// contraOnset is the earliest onset, on or before d, of a held condition
// that rules the medicine out; d when none does.
func (w *worker) contraOnset(per *person, m *medPlan, d models.Date) models.Date {
	at := d
	for _, ci := range m.contraCnd {
		if k := heldIndex(per, ci); k >= 0 && per.conds[k].onset <= d {
			at = min(at, per.conds[k].onset)
		}
	}
	if e := w.episodeBarFrom(per, m, d); e != models.NoDate {
		at = min(at, e)
	}
	return at
}

// classRunning reports whether a course of the class runs on day d (the
// course at index ignore excepted).
func (w *worker) classRunning(per *person, class string, d models.Date, ignore int) bool {
	for k := range per.courses {
		c := &per.courses[k]
		if k != ignore && c.running(d) && c.meds.inClass(class) {
			return true
		}
	}
	return false
}

// covered reports whether a course of one of the medicine's exclusive classes
// (or the medicine itself) already runs: then a second condition calling for
// it is treated by that course. It returns the course's index or -1.
func (w *worker) covered(per *person, m *medPlan, d models.Date) int {
	return w.coveredAs(per, m, d, false)
}

// coveredAs is covered for a medicine given as an onset event's course when
// event is set. An event course and the drugs of the classes it may join do
// not cover each other: aspirin for life and a P2Y12 inhibitor for a year
// after a heart attack run side by side.
func (w *worker) coveredAs(per *person, m *medPlan, d models.Date, event bool) int {
	for k := range per.courses {
		c := &per.courses[k]
		if !c.running(d) {
			continue
		}
		if c.med == m.med {
			return k
		}
		for _, cls := range m.exclusive {
			if c.meds.inClass(cls) && !(event && m.joins(cls)) && !(c.event && c.meds.joins(cls)) {
				return k
			}
		}
	}
	return -1
}

// startCourse starts a medicine for condition ci on day d at the step asked
// for (lowered to the renal dose when needed), stopping what it replaces. It
// returns the course index or -1 when no regimen suits.
func (w *worker) startCourse(per *person, m *medPlan, ci, line, step int, d models.Date, effects []obsEffect, egfr float64, s *distributions.Stream) int {
	age := per.ageOn(d)
	step = titratedBefore(per, m, step, d) // levelsteps.go: lithium started before the record
	if r := m.renal; r != nil {
		if rs, ok := r.DoseStep(egfr); ok {
			step = rs
		}
	}
	lowered := w.lowerDoseDue(per, m, d)
	if lowered { // dosecriteria.go: apixaban 2.5 mg at 80+ and 60 kg or less
		step = max(step, m.lowerDose.Step)
	}
	ce := ceilingRaiseEGFR(per, m, d, egfr) // renalsettled.go
	capped := m.renalCeiling(ce, step)
	if capped {
		step, _ = m.renal.Ceiling(ce)
	}
	step = w.slowHeartStep(per, m, age, step) // slowheart.go
	reg := m.regimen(age, step)
	if reg == nil {
		return -1
	}
	if !w.fitClassLimits(per, m, d) { // classlimit.go: no fourth glucose-lowering tablet
		return -1
	}
	for _, cls := range m.replaces {
		for k := range per.courses {
			if c := &per.courses[k]; c.running(d) && !c.forced && c.meds.inClass(cls) && !(c.event && joinsAny(c.meds, m.classes)) {
				w.stopCourse(per, k, d)
			}
		}
	}
	start := d
	if b := w.backdate; b != 0 && b < d && b >= per.birth && !startedInRecord(per, ci, b, d) { // begun before the first review seen
		start = max(b, m.from) // never before the indication's date
	}
	per.courses = append(per.courses, course{med: m.med, reg: reg, meds: m, cond: ci, line: line,
		start: start, stop: models.NoDate, effectFrom: start + drugEffectDays, effects: effects,
		response: math.Exp(s.NormalMS(0, drugResponseSD)), lastRx: -1, renalCapped: capped, criteriaLowered: lowered})
	k := len(per.courses) - 1
	if len(m.classes) > 0 {
		w.switchRuledOut(per, k, d, egfr, s) // classswitch.go: omeprazole becomes lansoprazole when clopidogrel starts
	}
	return k
}

// drugResponseSD is the log-scale spread of people's responses to a drug
// (model): some reach target on a starting dose, some never do.
const drugResponseSD = 0.3

// changeStep ends course k on day d and continues the same medicine at
// another regimen step from that day, its effect changing at once.
//
// A change made at another condition's review is issued at once, for what
// remained of the previous authorisation.
func (w *worker) changeStep(per *person, k int, reg *datasets.Regimen, d models.Date) int {
	old := per.courses[k]
	var prev models.Prescription
	if old.lastRx >= 0 {
		// the issue that ran out days before a review moved off its day runs
		// on to it, as at a review that renews it unchanged (issueRepeats):
		// the new dose starts the day after. Before (twenty-sixth review),
		// omeprazole 20 mg ended the day before a reflux review moved two
		// days, its 10 mg step-down began at the review, and naproxen was
		// issued on the day between (generate -n 100000 -s 7, index 84722).
		w.bridgeToReview(per, &w.b.Prescriptions[old.lastRx], d)
		prev = w.b.Prescriptions[old.lastRx]
	}
	w.stopCourse(per, k, d)
	nc := old
	nc.reg, nc.start, nc.stop, nc.lastRx = reg, d, models.NoDate, -1
	if old.stop != models.NoDate && old.stop > d {
		// a stop already decided for a later day (a monitoring result
		// planned before this review, a time-limited course's end) holds
		// at the new dose
		nc.stop = old.stop
	}
	nc.effectFrom = max(d, old.effectFrom)
	if w.curEnc != "" && old.lastRx >= 0 && (prev.EndDate == models.NoDate || prev.EndDate >= d) {
		w.issue(per, w.curEnc, prev.ConditionID, reg, d, prev.EndDate, models.PrescriptionRepeat)
		nc.lastRx = len(w.b.Prescriptions) - 1
	}
	per.courses = append(per.courses, nc)
	return len(per.courses) - 1
}

// stopCourse stops course k on day d and ends its latest prescription then.
func (w *worker) stopCourse(per *person, k int, d models.Date) {
	c := &per.courses[k]
	if c.stop != models.NoDate && c.stop <= d {
		return
	}
	c.stop = d
	if c.lastRx >= 0 {
		rx := &w.b.Prescriptions[c.lastRx]
		switch {
		case rx.StartDate >= d: // issued today, stopped today: withdrawn
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
		case rx.EndDate == models.NoDate || rx.EndDate >= d:
			rx.EndDate = d - 1
		}
	}
}

// reviewSafety applies the prescribing rules to every running course on day
// d: a medicine no longer allowed is stopped, and one whose renal dose
// applies moves to it.
func (w *worker) reviewSafety(per *person, d models.Date, egfr float64, s *distributions.Stream) {
	age := per.ageOn(d)
	for k := 0; k < len(per.courses); k++ {
		c := &per.courses[k]
		if !c.running(d) {
			continue
		}
		// slowheart.go: halved or stopped; a scenario's medicine is halved
		// too (it goes on), the other rules leave it alone.
		if w.slowHeartReview(per, k, d) || c.forced {
			// a scenario's medicine goes on, at the lower dose its criteria
			// call for (dosecriteria.go: apixaban 2.5 mg at 80+ and 60 kg)
			if m := c.meds; c.forced && w.lowerDoseDue(per, m, d) && c.reg.Step < m.lowerDose.Step {
				if reg := m.regimen(age, m.lowerDose.Step); reg != nil && reg.Step == m.lowerDose.Step {
					w.changeStep(per, k, reg, d)
				}
			}
			continue
		}
		m := c.meds
		if !w.allowedAs(per, m, d, egfr, k, c.event) {
			// stopped from the day the condition that rules it out began
			w.stopCourse(per, k, max(w.contraOnset(per, m, d), c.start+1))
			// its line goes on with another option that suits now (a child's
			// inhaled steroid becomes an adult's combination inhaler at 18),
			// or with the line's if_ruled_out when the kidneys stopped it
			// (renalReplaced)
			if ci, line := c.cond, c.line; line >= 0 && (m.regimen(per.ageOn(d), 99) == nil || renalReplaced(m, line, egfr)) {
				w.startLine(per, ci, line, d, egfr, s)
			}
			continue
		}
		if c.companionOf != nil && !w.companionDue(per, c, d) {
			w.stopCourse(per, k, max(d, c.start+1))
			continue
		}
		// A renal dose band moves the course to its step (never back up: a
		// dose is not raised on one better reading).
		rs, reduce := 0, false
		if m.renal != nil {
			rs, reduce = m.renal.DoseStep(egfr)
		}
		lowered := w.lowerDoseDue(per, m, d)
		if lowered && max(rs, m.lowerDose.Step) > rs { // dosecriteria.go
			rs, reduce = m.lowerDose.Step, true
		}
		if reduce && c.reg.Step < rs {
			if reg := m.regimen(age, rs); reg != nil && reg.Step == rs {
				nk := w.changeStep(per, k, reg, d)
				per.courses[nk].criteriaLowered = lowered
			}
		} else if step, ok := w.lowerDoseLapsed(per, c, lowered, rs); ok { // dosecriteria.go
			if reg := m.regimen(age, step); reg != nil && reg.Step == step {
				nk := w.changeStep(per, k, reg, d)
				per.courses[nk].criteriaLowered = false
			}
		} else if step, ok := renalRaiseBack(per, m, c, d, egfr, lowered); ok { // renalraiseback.go
			if reg := m.regimen(age, step); reg != nil && reg.Step == step {
				w.changeStep(per, k, reg, d)
			}
		} else if m.renalCeiling(egfr, c.reg.Step) { // down to the highest dose the kidneys allow
			top, _ := m.renal.Ceiling(egfr)
			if reg := m.regimen(age, top); reg != nil {
				c.renalCapped = true // carried to the new step's course
				w.changeStep(per, k, reg, d)
			}
		}
	}
}

// joinsAny reports whether an event course's medicine may run alongside a
// drug of any of the classes.
func joinsAny(m *medPlan, classes []string) bool {
	for _, c := range classes {
		if m.joins(c) {
			return true
		}
	}
	return false
}

// renalReplaced reports whether a course of medicine m on line li that the
// kidneys stop (an eGFR below its stop_below) is replaced at once by the
// line's next choice (brief h64c: a thiazide stopped below 30 left the blood
// pressure above target with no diuretic; hypertension's third step gives
// furosemide in its place). A first line is left to renalswitch.go, which
// replaces it only when the condition's reading still calls for treatment.
func renalReplaced(m *medPlan, li int, egfr float64) bool {
	r := m.renal
	return li > 0 && r != nil && r.StopBelow > 0 && egfr < r.StopBelow
}
