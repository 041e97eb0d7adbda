package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// notGivenPlan is immunisations.yaml not_given resolved: the codes of a
// missed or declined schedule point, and its recalls.
type notGivenPlan struct {
	on           bool
	dna, decline datasets.ObservationCode
	declinePct   float64
	recalls      int
	recallDays   models.Date
	lateAfter    models.Date // a visit held later than this after its due age: its invitations coded
	thenEvery    models.Date // the recalls after `recalls`, until given (0: none)
	untilAge     models.Date
}

func (ip *immPlan) buildNotGiven(im *datasets.Immunisations) {
	ng := im.NotGiven
	if ng == nil {
		return
	}
	ip.notGiven.on = true
	ip.notGiven.dna, _ = datasets.ObservationByKey(ng.DidNotAttend)
	ip.notGiven.decline, _ = datasets.ObservationByKey(ng.Declined)
	ip.notGiven.declinePct, ip.notGiven.recalls = ng.DeclinedPct, ng.Recalls
	ip.notGiven.recallDays = models.Date(ng.RecallDays)
	ip.notGiven.lateAfter, ip.notGiven.thenEvery = models.Date(ng.LateAfterDays), models.Date(ng.ThenEveryDays)
	ip.notGiven.untilAge = models.Date(ng.UntilAgeDays)
}

// schedulePoint is one due age of the childhood schedule (a visit: the
// doses due at 8 weeks, at one year, ...) as it went for one child.
type schedulePoint struct {
	missed   bool        // a dose the child is offered here was not given at the visit
	never    bool        // ... of a course the child never has (not one caught up later)
	attended bool        // another dose was given at the visit
	held     models.Date // the day the visit's doses were given (attended)
	caught   models.Date // the day a missed dose of it was first given later (0: none)
}

// notePoint records a series' doses at their schedule points: due (in
// force for the child's birth, inside the schedule), and given at the
// visit or not (declined, or caught up later).
func (ip *immPlan) notePoint(points *[maxVisits]schedulePoint, per *person, sp *seriesPlan, atVisit, never bool) {
	if sp.school || (sp.sex >= 0 && per.sex != sp.sex) {
		return // not a practice visit, or not offered
	}
	for di := range sp.doses {
		d := &sp.doses[di]
		due := per.birth + models.Date(d.age)
		if due < ip.start || !d.sched.InForce(per.birth, due) {
			continue
		}
		if pt := &points[d.visit]; !atVisit {
			pt.missed, pt.never = true, pt.never || never
		}
	}
}

// schedulePointsNotGiven codes why a child missed each schedule point
// (brief h69a, after h68c's first visit: Green Book chapter 11 and the NHS
// routine schedule, each due immunisation given or its reason coded). The
// practice invites the child to the visit and recalls a child not brought:
// the invitation and each recall are coded not attended, or, for parents
// who decline what they never have (declined_pct), consent not given. A
// dose declined at a visit the child attended for the others is coded at
// that visit. A child caught up later has the late doses after these
// (childhoodImmunisations). A recall that falls with the next point's
// invitation is that invitation: one letter, one code.
func (w *worker) schedulePointsNotGiven(per *person, points *[maxVisits]schedulePoint, delay *[maxVisits]models.Date) {
	ip := &w.plan.imm
	ng := &ip.notGiven
	if !ng.on {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeImmunisationRecall)
	declines := s.Float64()*100 < ng.declinePct // parents who refuse what they refuse, rather than not come
	later := per.stream(w.plan.Opts.Seed, purposeImmRecallLater)
	var lastCoded, prevHeld models.Date
	for k := range ip.ages {
		pt := &points[k]
		due := per.birth + models.Date(ip.ageOf[k])
		if due < ip.start {
			continue
		}
		if !pt.missed {
			// invited at its due age, or four weeks after the visit before
			// if that was late (a dose is not offered sooner)
			invited := max(due, prevHeld+models.Date(ip.minGap))
			if pt.attended && ng.lateAfter > 0 && pt.held-due > ng.lateAfter {
				w.lateVisitInvitations(per, invited, pt.held, &later)
			}
			if pt.attended {
				prevHeld = pt.held
			}
			continue
		}
		code, ct := &ng.dna, contactScreeningResult
		if pt.attended || (pt.never && declines) {
			code, ct = &ng.decline, contactImmunisation
		}
		for r := 0; r <= ng.recalls; r++ {
			day := due + min(delay[k], lateVisit/2) + models.Date(r)*ng.recallDays
			if r == 0 && pt.attended {
				w.codeAtVisit(per, pt.held, code, &s)
				lastCoded = pt.held
				continue
			}
			if lastCoded >= due && day < lastCoded+ng.recallDays/2 {
				continue // the same invitation as the one coded
			}
			if w.immunisationNotGivenCode(per, day, encGPConsultation, ct, code, &s) {
				lastCoded = day
			}
		}
		if code == &ng.dna && ng.thenEvery > 0 { // recalled until given (or the next point's invitation)
			stop := per.birth + ng.untilAge
			if k+1 < ip.ages {
				stop = min(stop, per.birth+models.Date(ip.ageOf[k+1]))
			}
			if pt.caught > 0 {
				stop = min(stop, pt.caught)
			}
			from := due + min(delay[k], lateVisit/2) + models.Date(ng.recalls)*ng.recallDays
			for day := from + ng.thenEvery; day < stop-ng.recallDays/2; day += ng.thenEvery {
				if w.immunisationNotGivenCode(per, day, encGPConsultation, contactScreeningResult, &ng.dna, &later) {
					lastCoded = day
				}
			}
		}
	}
}

// lateVisitInvitations codes the invitations to a visit held more than
// late_after_days after its due age (brief h70e): the invitation (on the due
// day, or four weeks after a late visit before it) and each recall after
// it, recall_days apart, that came a recall's interval before the visit was
// held and found the child well (one unwell was postponed, not missed). A
// visit held soon after its invitation, late only because the one before it
// was, has none.
func (w *worker) lateVisitInvitations(per *person, invited, held models.Date, s *distributions.Stream) {
	ng := &w.plan.imm.notGiven
	for day := invited; day+ng.recallDays <= held; day += ng.recallDays {
		if w.afterFebrile(per, day) != day {
			continue // unwell on the day: postponed
		}
		w.immunisationNotGivenCode(per, day, encGPConsultation, contactScreeningResult, &ng.dna, s)
	}
}

// lateVisit: a visit held more than these days after its due age (illnesses
// postponed it again and again) was missed, its doses a catch-up (model: two
// months' delay and the recall after it, immunisations.yaml not_given).
const lateVisit = 120

// codeAtVisit codes a dose declined at the immunisation visit of day, at
// which the child had the others.
func (w *worker) codeAtVisit(per *person, day models.Date, code *datasets.ObservationCode, s *distributions.Stream) {
	var enc string
	var at models.Timestamp
	if !per.visitOn(day, &enc, &at) {
		w.immunisationNotGivenCode(per, day, encGPConsultation, contactImmunisation, code, s)
		return
	}
	o := w.observation(per, enc, at.AddMinutes(4), code)
	o.ValueCode, o.ValueDisplay = code.Snomed, code.Term
	w.b.Observations = append(w.b.Observations, o)
}

// immunisationNotGivenCode books the practice contact on day (inside the
// record) and codes the finding at it: the nurse's visit at which parents
// declined, or the missed appointment filed by the practice (seen by no
// one, as a screening programme's missed invitation is). It reports
// whether the code was written.
func (w *worker) immunisationNotGivenCode(per *person, day models.Date, kind encKind, ct contact, code *datasets.ObservationCode, s *distributions.Stream) bool {
	if day < per.firstDay || day > per.lastDay {
		return false
	}
	sl, ok := w.bookGP(per, day, kind, ct, s)
	if !ok {
		return false
	}
	w.writeGP(per, &sl, "")
	o := w.observation(per, sl.id, sl.start.AddMinutes(5), code)
	o.ValueCode, o.ValueDisplay = code.Snomed, code.Term // the finding, coded as present
	w.b.Observations = append(w.b.Observations, o)
	return true
}
