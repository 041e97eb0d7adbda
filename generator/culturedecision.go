package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// Every urine that grows an organism ends in a recorded decision (brief
// h74c, uticulture.yaml culture_result). NICE NG109 1.1.4: when a urine
// was sent and an antibiotic given, review it on the result and change it
// if the organism is resistant (switchOnResult); a sensitive organism keeps
// the course, and the call that gives the result codes the susceptibility
// to the drug given as Susceptible (sensitiveResult). A woman managed with
// self-care at the visit whose urine grows an organism, and who has not
// settled by the report, is started on the first choice at the call
// (treatOnResult; model: NG109 1.1.3 weighs previous culture results in the
// choice of an immediate antibiotic). Before, of 3,082 urines sent at a GP
// contact about a UTI that grew E. coli or Klebsiella, 255 had no
// antibiotic for the episode and the 2,617 sensitive ones no result in the
// record (generate -n 20000 -s 83). The call's day draws from a stream of
// its own.

// resultCall books the telephone call that gives a culture's result about
// episode condID on report (or the first free day up to by), writes it and
// returns its encounter and start.
func (w *worker) resultCall(per *person, condID string, report, by models.Date) (string, models.Timestamp, bool) {
	if report > per.lastDay || per.inEndOfLifeCare(report) {
		return "", 0, false
	}
	s := per.stream(w.plan.Opts.Seed, purposeCultureDecision, uint64(report))
	sl, ok := w.bookGP(per, report, encGPTelephone, contactOf(encGPTelephone), &s)
	if !ok {
		return "", 0, false
	}
	if sl.start.Date() > by {
		per.gpDays.remove(sl.start.Date())
		return "", 0, false
	}
	w.writeGP(per, &sl, condID)
	return w.slotID(&sl), sl.start, true
}

// reportDay is the day the culture sent on day is reported, drawn from
// the decision's stream.
func (w *worker) reportDay(per *person, cp *cultureResultPlan, day models.Date) models.Date {
	s := per.stream(w.plan.Opts.Seed, purposeCultureDecision, uint64(day), 1)
	return day + models.Date(cp.ReportDays[0]+s.IntN(cp.ReportDays[1]-cp.ReportDays[0]+1))
}

// sensitiveResult gives the result of a culture sent on day whose organism
// is sensitive to entry k's drug: the course goes on, the susceptibility
// coded Susceptible at the call. The call is about the episode, so it falls
// by the episode's resolution: a settled episode treated with a drug its
// organism is sensitive to needs no call (NICE NG109 1.1.4 reviews the
// course; nothing is changed), and a contact about a problem keeps it open
// (before, 3 calls of seed 11's tests fell the day after it resolved).
func (w *worker) sensitiveResult(per *person, cp *cultureResultPlan, k int, c *models.Condition, day models.Date) {
	report := w.reportDay(per, cp, day)
	encID, start, ok := w.resultCall(per, c.ConditionID, report, byResolution(c, report+models.Date(cp.ActWithin)))
	if !ok {
		return
	}
	res := w.observation(per, encID, start.AddMinutes(1), &cp.susceptibility[k])
	res.ValueCode, res.ValueDisplay = cp.Susceptible.Code, cp.Susceptible.Display
	w.b.Observations = append(w.b.Observations, res, w.observation(per, encID, start.AddMinutes(2), &cp.informed))
}

// treatOnResult decides on the grown culture of episode c sent at visit
// encID on day whose course is not of the resistance list: one issued at
// the visit (pivmecillinam where the first choices are ruled out,
// cefalexin in pregnancy) goes on, the result given at the call; with none
// issued by the report the call starts the problem's course, and one a
// later contact issued is withdrawn (it is started at the call instead).
// Nothing is done for an episode settled by the report (asymptomatic
// bacteriuria outside pregnancy is not treated, model), one treated at a
// contact between the visit and the report, or one the hospital saw by it.
func (w *worker) treatOnResult(per *person, cp *cultureResultPlan, c *models.Condition, encID string, day models.Date) {
	pi := slices.IndexFunc(w.plan.presentations, func(pp presPlan) bool { return pp.Key == cp.Problem }) // (the presentations are built after the plan resolves culture_result)
	condID, report := c.ConditionID, w.reportDay(per, cp, day)
	if pi < 0 || c.ResolvedDate != models.NoDate && c.ResolvedDate < report {
		return
	}
	atVisit, later := false, models.NoDate
	var withdraw []int
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		rx := &w.b.Prescriptions[j]
		switch {
		case rx.ConditionID != condID || rx.PrescriptionID.IsZero():
		case rx.EncounterID == encID:
			atVisit = true
		case rx.StartDate <= report:
			return // treated at a contact before the result
		default:
			later = min(later, rx.StartDate)
			withdraw = append(withdraw, j)
		}
	}
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		if x := &w.b.Encounters[e]; x.ReasonConditionID == condID && x.Setting != settingGP && x.StartTime.Date() <= report {
			return
		}
	}
	by := report + models.Date(cp.ActWithin)
	if later != models.NoDate {
		by = min(by, later-1) // the contact that treated it came first
	}
	if atVisit {
		by = byResolution(c, by) // the call starts nothing: it falls while the episode is open
	}
	callID, start, ok := w.resultCall(per, condID, report, by)
	if !ok {
		return
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, callID, start.AddMinutes(1), &cp.informed))
	if atVisit {
		return
	}
	for _, j := range withdraw {
		w.b.Prescriptions[j].PrescriptionID = models.ID{}
		w.withdrawn = true
	}
	s := per.stream(w.plan.Opts.Seed, purposeCultureDecision, uint64(day), 2)
	pr := &w.plan.presentations[pi]
	r0 := len(w.b.Prescriptions)
	for k := range pr.courses {
		if pr.courses[k].AtReviewDays != [2]int{} {
			continue
		}
		sc := pr.courses[k]
		sc.Probability = 1
		p0 := len(per.pendingChecks)
		w.shortCourse(per, &sc, callID, condID, start.Date(), models.NoDate, &s)
		for _, pc := range per.pendingChecks[p0:] {
			w.interactionCheck(per, pc.meds, pc.onset, false)
		}
	}
	row := w.conditionRow(per, condID) // (c may have moved: a course can write rows)
	for j := r0; j < len(w.b.Prescriptions); j++ {
		if rx := &w.b.Prescriptions[j]; row != nil && rx.ConditionID == condID && row.ResolvedDate != models.NoDate && rx.EndDate > row.ResolvedDate {
			row.ResolvedDate = rx.EndDate // not settled before the course is taken
		}
	}
}

// byResolution is the last day by which a call about episode c that starts
// no course may fall: by, or the episode's resolution when earlier (a
// contact about a problem falls while it is open).
func byResolution(c *models.Condition, by models.Date) models.Date {
	if c.ResolvedDate != models.NoDate {
		return min(by, c.ResolvedDate)
	}
	return by
}
