package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// causeOfDeath draws a decedent's underlying cause of death, coherent with
// their conditions and age: each chronic condition held offers its cause
// with its weight, against the background causes of the age band (ONS
// leading causes by age) that fit the person (old age only at 80+ and only
// when no condition explains the death). A condition's cause points at that
// condition, and is expected unless it is one of the condition's sudden
// deaths (a cardiac arrest); a background cause with a clinical code is
// written as the final problem (a pneumonia, a heart attack) a few days
// before death, and one that needs a history (alcohol dependence before
// alcoholic cirrhosis) writes that history years before.
func (w *worker) causeOfDeath(per *person) {
	per.causeCode, per.causeText, per.causeID, per.expectedDeath, per.causeOnset, per.eolStart = "", "", "", false, 0, 0
	per.diesInHospital = false
	per.congenital, per.congenitalOn = nil, 0
	per.wasting = nil
	per.causeBackground = -1
	if per.death == models.NoDate {
		return
	}
	p := w.plan
	s := per.stream(p.Opts.Seed, purposeDeath)
	ageAtDeath := per.ageOn(per.death)
	band := p.Cat.BandOf(ageAtDeath)                     // the age at death (after the population date, older than ageAtEnd)
	weights := w.causeWeights(per, per.death, per.death) // causefit.go
	var explained float64
	for _, wt := range weights {
		explained += wt
	}
	total := explained
	for i := range p.Cat.BackgroundCauses {
		total += backgroundWeight(per, &p.Cat.BackgroundCauses[i], band, ageAtDeath, per.death, explained)
	}
	u := s.Float64() * total
	for k := range per.conds {
		hc := &per.conds[k]
		if weights[k] <= 0 {
			continue
		}
		if cd := w.offeredCause(per, hc, per.death); cd != nil {
			if u -= weights[k]; u < 0 {
				per.causeCode, per.causeText, per.causeID = cd.ICD10, cd.Description, hc.id
				per.expectedDeath = expectedFrom(cd, &s)
				if !per.expectedDeath { // a sudden death: admitted, if at all, on the day
					per.causeOnset = per.death
				}
				if wa := cd.Wasting; wa != nil && per.expectedDeath {
					per.wasting, per.wastingSlot = wa, w.plan.obsIndex[wa.Observation]
					per.wastingFrom = wa.From(hc.onset, per.death)
				}
				w.endOfLifeBegins(per, cd.Trajectory, careMayBegin(per, hc, cd, per.death))
				return
			}
		}
	}
	for i := range p.Cat.BackgroundCauses {
		bc := &p.Cat.BackgroundCauses[i]
		if u -= backgroundWeight(per, bc, band, ageAtDeath, per.death, explained); u >= 0 {
			continue
		}
		per.causeCode, per.causeText = bc.ICD10, bc.Description
		per.diesInHospital = bc.InHospital || inUnitFromBirth(p.Cat, per)
		per.causeBackground = i
		if bc.FromBirth != nil { // a malformation: on the record from birth (congenital.go)
			w.congenitalDiagnosis(per, bc.FromBirth)
			return
		}
		for _, h := range []*datasets.CauseHistory{bc.History, bc.Diagnosed} {
			if h == nil {
				continue
			}
			years := h.YearsBefore[0] + s.IntN(h.YearsBefore[1]-h.YearsBefore[0]+1)
			onset := min(max(per.death-models.Date(years*365), per.birth+models.Date(14*365)), per.death)
			id := w.ids.row(tagCondition)
			w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: id, PatientID: per.id,
				ConditionKey: h.Key, SnomedCode: h.Snomed, ICD10Code: h.ICD10, Description: h.Description,
				Chronic: true, OnsetDate: onset, ResolvedDate: models.NoDate}) // a long-term problem
			if h == bc.Diagnosed && bc.Trajectory != "" {
				// a decline the GP sees (old age, cirrhosis): expected, and
				// its end-of-life care is for the disease diagnosed
				per.causeID, per.expectedDeath = id, true
				w.endOfLifeBegins(per, bc.Trajectory, onset+1)
			}
		}
		if per.expectedDeath {
			return
		}
		if bc.Snomed != "" {
			per.causeID = w.ids.row(tagCondition)
			// a sudden cause (a heart attack, sepsis) begins on the day of death
			// or just before it
			onset := max(per.death-models.Date(s.IntN(3)), per.firstDay, per.birth)
			if per.diesInHospital { // a neonate in the unit from birth (prematurity, an early sepsis)
				onset = max(per.birth, per.firstDay)
			}
			per.causeOnset = onset
			w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: per.causeID, PatientID: per.id,
				ConditionKey: bc.RowKey(), SnomedCode: bc.Snomed, ICD10Code: bc.ICD10,
				Description: bc.RowTerm(), OnsetDate: onset, ResolvedDate: per.death})
		}
		return
	}
}

// backgroundWeight is a background cause's weight for the person's death
// on day death at an age: none under its minimum age, and none for an
// unexplained cause (old age) when the person's conditions offer causes of
// their own; a man's times male_relative, and times raised_by's relative
// for a person diagnosed with one of its conditions by then.
func backgroundWeight(per *person, bc *datasets.BackgroundCause, band, age int, death models.Date, explained float64) float64 {
	days := death - per.birth
	if age < bc.MinAge || (bc.Unexplained && explained > 0) || (bc.MaxAgeDays > 0 && days >= models.Date(bc.MaxAgeDays)) || days < models.Date(bc.MinAgeDays) {
		return 0
	}
	wt := bc.Weight[band]
	if bc.InfantWeight != nil && age == 0 {
		wt = *bc.InfantWeight
	}
	if bc.MaleRelative > 0 && per.sex == sexIndex("male") {
		wt *= bc.MaleRelative
	}
	if r := bc.RaisedBy; r != nil && holdsBefore(per, r.Conditions, death+1) { // diagnosed by the day (causefit.go)
		wt *= r.Relative
	}
	return wt
}

// expectedFrom draws whether a death from cause cd is expected: never for
// a cause that gives no warning (no illness trajectory: hypertension,
// asthma), else unless it is one of the cause's sudden deaths.
func expectedFrom(cd *datasets.DeathCause, s *distributions.Stream) bool {
	return cd.Trajectory != "" && (cd.SuddenShare == 0 || !s.Bernoulli(cd.SuddenShare))
}

// endOfLifeBegins dates the start of end-of-life care for an expected death
// on an illness trajectory whose last weeks fall in the record: the time on
// the palliative care register before death of the trajectory
// (catalogue end_of_life trajectories), never before the condition that
// causes it was diagnosed. From then no routine review or planned operation
// is booked.
func (w *worker) endOfLifeBegins(per *person, trajectory string, causeOnset models.Date) {
	eol := w.plan.Cat.EndOfLife
	if eol == nil || !declines(per) {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeDeath, 3)
	per.eolStart = max(per.death-registerDays(eol, trajectory, &s), causeOnset, per.firstDay)
}

// registerDays draws how long before a death on an illness trajectory its
// end-of-life care begins: log-normal by the trajectory, truncated to the
// catalogue's care_days_before (drawn within it, not clamped to its ends: a
// clamp put a fifth of cancer deaths exactly 42 days after the register
// entry; fifteenth review, second reading).
func registerDays(eol *datasets.EndOfLife, trajectory string, s *distributions.Stream) models.Date {
	lo, hi := eol.CareDaysBefore[0], eol.CareDaysBefore[1]
	t, ok := eol.Trajectories[trajectory]
	if !ok {
		return models.Date(lo + s.IntN(hi-lo+1))
	}
	// inverse CDF of the log-normal between the ends' cumulative shares
	cdf := func(x float64) float64 { return 0.5 * math.Erfc(-math.Log(x/t.MedianDays)/(t.Sigma*math.Sqrt2)) }
	p := cdf(float64(lo)) + s.Float64()*(cdf(float64(hi))-cdf(float64(lo)))
	days := t.MedianDays * math.Exp(t.Sigma*math.Sqrt2*math.Erfinv(2*p-1))
	return models.Date(min(max(int(days), lo), hi))
}

// diagnosedBy is the first day end-of-life care may begin for a death from
// hc: its onset, or for a condition referred urgently the day after the
// clinic due to diagnose it (diagnosisDue), when that comes before the death.
func diagnosedBy(hc *heldCondition, death models.Date) models.Date {
	if hc.diagnosedOn != 0 && hc.diagnosedOn < death {
		return max(hc.onset, hc.diagnosedOn+1)
	}
	return max(hc.onset, seenAfterDiagnosis(hc, death))
}

// seenAfterDiagnosis is the day by which the clinic a new diagnosis is
// referred to (a referral at_diagnosis: the memory service for dementia)
// has seen it, when that leaves the last six weeks before death: the
// register entry does not come before the specialist's assessment, which
// end-of-life care would cancel (fifteenth review: register times of months
// put it there).
func seenAfterDiagnosis(hc *heldCondition, death models.Date) models.Date {
	for _, r := range hc.plan.Referral {
		if seen := hc.onset + models.Date(r.Days[1]+28); r.AtDiagnosis && seen < death-42 {
			return seen
		}
	}
	return 0
}

// declines reports whether the person's death is expected and its last
// weeks fall in the record: a terminal decline the GP sees.
func declines(per *person) bool {
	return per.death != models.NoDate && per.expectedDeath && per.death-per.firstDay >= 90
}

// endOfLifeReview plans the medicines review of a terminal decline
// (catalogue end_of_life): its day, and the condition the death is
// attributed to (-1 when there is none). On the palliative care register
// it follows the entry (deprescribe_after_entry), for the living on it too
// (prognosis.go); a death with no entry has it in its last weeks. A decline
// from a background cause (old age, cirrhosis: a disease written at death,
// not held) has its review among the reviews of the first condition held,
// the one that carries it, at a visit about the cause (endOfLifeMedicines):
// its statin stops too.
func (w *worker) endOfLifeReview(per *person) int {
	per.deprescribe = 0
	eol := w.plan.Cat.EndOfLife
	living := per.death == models.NoDate && per.eolStart != 0
	if eol == nil || !declines(per) && !living {
		return -1
	}
	ci := heldRow(per, per.causeID)
	if ci < 0 && per.causeBackground >= 0 && len(per.conds) > 0 {
		ci = 0
	}
	if ci < 0 {
		return -1
	}
	s := per.stream(w.plan.Opts.Seed, purposeDeath, 2)
	lo, hi := eol.DeprescribeDaysBefore[0], eol.DeprescribeDaysBefore[1]
	day := per.death - models.Date(lo+s.IntN(hi-lo+1))
	if a := eol.DeprescribeAfterEntry; per.eolStart != 0 && a[1] > 0 {
		day = per.eolStart + models.Date(a[0]+s.IntN(a[1]-a[0]+1))
		if !living {
			day = min(day, per.death-1)
		}
	}
	per.deprescribe = max(day, per.conds[ci].onset+1, per.firstDay, per.eolStart+1)
	if living && per.deprescribe > per.lastDay {
		per.deprescribe = 0 // after the record ends
		return -1
	}
	return ci
}

// terminalDecline writes the contacts of the last weeks of a life ended by a
// chronic condition: from the start of end-of-life care (a home visit that
// puts the patient on the palliative care register), GP home or practice
// visits about it, more often as death nears (palliative care in the
// community).
func (w *worker) terminalDecline(per *person) {
	if !declines(per) || per.eolStart == 0 {
		return // a sudden death (a heart attack, an accident) has no decline
	}
	s := per.stream(w.plan.Opts.Seed, purposeDeath, 1)
	span := max(int(per.death-per.eolStart), 1)
	n := 2 + s.IntN(4)
	regID := ""
	for k := 0; k < n; k++ {
		d := per.eolStart
		if k > 0 {
			d += models.Date(s.IntN(span))
		}
		kind := encGPHomeVisit
		if per.ageOn(per.death) < w.plan.Cat.EndOfLife.HomeVisitsFromAge && k > 0 && s.Bernoulli(0.5) {
			kind = encGPProblem
		}
		enc, start, ok := w.gpVisit(per, d, kind, per.causeID, &s)
		if k == 0 && ok {
			enc, start = w.firstEndOfLifeContact(per, enc, start)
		}
		if k == 0 && ok { // the register entry, dated by the visit that begins the care
			regID = w.registerEntry(per, enc, start)
			w.symptomControl(per, enc, start)
		}
	}
	per.eolRegistered = regID != ""
	w.anticipatoryMedicines(per, regID)
	w.syringeDriver(per, regID)
	w.lastDaysReview(per, regID) // lastdaysstop.go: the people the syringe driver was drawn for who had none
	if regID != "" {
		rs := per.stream(w.plan.Opts.Seed, purposeDeath, 7)
		w.registerReviews(per, per.death, &rs)
	}
}

// registerEntry writes the palliative care register entry on the problem
// list, dated by the contact (enc at start) that begins end-of-life care,
// and returns its id.
func (w *worker) registerEntry(per *person, enc string, start models.Timestamp) string {
	reg := &w.plan.Cat.EndOfLife.Register
	id := w.ids.row(tagCondition)
	w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: id, PatientID: per.id,
		ConditionKey: reg.Key, SnomedCode: reg.Snomed, ICD10Code: reg.ICD10, Description: reg.Description,
		Chronic: true, OnsetDate: start.Date(), ResolvedDate: models.NoDate, DiagnosisEncounterID: enc}) // a register entry: the problem list
	w.resuscitationDecision(per, enc, start)
	return id
}

// firstEndOfLifeContact is the contact that begins end-of-life care: the
// register visit (enc at start), or an earlier GP contact about the
// condition the person is dying of from the day the care begins, when the
// register visit was moved past days already taken. Such a contact
// records no routine measurement (activity.go), so the register must date
// from it: 3 of 54,405 adults' contacts about a long-term condition
// recorded nothing outside the register once contacts rose with
// multimorbidity (eleventh review).
func (w *worker) firstEndOfLifeContact(per *person, enc string, start models.Timestamp) (string, models.Timestamp) {
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		e := &w.b.Encounters[i]
		if e.Setting == settingGP && e.ReasonConditionID == per.causeID && e.StartTime.Date() >= per.eolStart && e.StartTime < start {
			enc, start = e.EncounterID, e.StartTime
		}
	}
	return enc, start
}

// monitoringStops reports whether a running medicine's blood monitoring
// (monitoring.go) is no longer taken on day d: in end-of-life care in the
// last 90 days of life. Earlier on the register, which now begins months
// before death (fifteenth review), a drug still taken is still monitored:
// methotrexate went unmonitored for half a year.
func (per *person) monitoringStops(d models.Date) bool {
	return per.inEndOfLifeCare(d) && per.death != models.NoDate && d > per.death-90
}
