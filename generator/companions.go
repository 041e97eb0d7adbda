package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Companion medicines (prescribing.yaml companions): a medicine issued from
// an age, or beside a medicine of another class, comes with another for as
// long, a PPI with an NSAID from 65 or with an SSRI (NICE CKS), unless one
// of the companion's class already runs. Writers never
// invent it: the rule is data, and only its medicine is issued here.

// companionPlan is a resolved datasets.Companion.
type companionPlan struct {
	fromAge   int
	orRunning []string // classes that call for it at any age
	with, alt *medPlan // the medicine, and the one given when it is ruled out
	unless    string   // class
	share     float64  // of the people it is due for (0: all)
	idx       int      // its place in prescribing.yaml (its own draw)
}

func (p *Plan) resolveCompanions(cs []datasets.Companion) {
	for i, c := range cs {
		with := p.medPlans[c.With]
		if with == nil {
			continue // no verified product: never prescribed
		}
		cp := &companionPlan{fromAge: c.FromAge, orRunning: c.OrRunning, with: with, alt: p.medPlans[c.IfRuledOut], unless: c.UnlessRunning, share: c.Share, idx: i}
		for _, m := range p.medPlans {
			if m.inClass(c.Class) {
				m.companion = cp
			}
		}
	}
}

// calledFor reports whether the companion is due on day d for someone of
// that age: from its age, or at any age while a medicine of one of its
// or_running classes runs beside the one it comes with, course self (-1: an
// acute course, not among the courses, for which a for_episode medicine
// counts too: episodeClassRuns) (a PPI with an antiplatelet and an
// SSRI, or with a second antiplatelet), and for the person's share (one
// draw per person and companion, so a person given it at one review is
// given it at the next).
func (w *worker) calledFor(per *person, cp *companionPlan, age int, d models.Date, self int) bool {
	due := age >= cp.fromAge
	for _, cls := range cp.orRunning {
		if due {
			break
		}
		due = w.classRunning(per, cls, d, self) || self < 0 && w.episodeClassRuns(per, cls, d)
	}
	if !due || cp.share <= 0 || cp.share >= 1 {
		return due
	}
	s := per.stream(w.plan.Opts.Seed, purposeCompanion, uint64(cp.idx))
	return s.Bernoulli(cp.share)
}

// episodeClassRuns reports whether a for_episode medicine of the class runs
// on day d: its repeat, authorised after the GP contacts, or an issue
// already written other than the last (the acute course the companion is
// for). An anxiety's sertraline is one: not among the courses, it left 44
// acute NSAID courses under 65 beside it without their PPI (brief h63g,
// generate -n 20000 -s 83).
func (w *worker) episodeClassRuns(per *person, class string, d models.Date) bool {
	return w.issuedClassOver(per, class, d, d, len(w.b.Prescriptions)-1) // startbars.go
}

// choice is the companion the rules allow on day d: its medicine, else the
// one named for when it is ruled out (lansoprazole beside clopidogrel);
// nil when neither is.
func (w *worker) choice(per *person, cp *companionPlan, d models.Date, egfr float64) *medPlan {
	for _, m := range [...]*medPlan{cp.with, cp.alt} {
		if m != nil && w.allowed(per, m, d, egfr, -1) {
			return m
		}
	}
	return nil
}

// acuteCompanion issues, beside an acute course of m just written (the last
// prescription), its companion as an acute course of the same days.
func (w *worker) acuteCompanion(per *person, m *medPlan, age int) {
	cp := m.companion
	if cp == nil {
		return
	}
	rx := w.b.Prescriptions[len(w.b.Prescriptions)-1]
	if !w.calledFor(per, cp, age, rx.StartDate, -1) || w.classRunning(per, cp.unless, rx.StartDate, -1) || w.issuedAtVisit(rx.EncounterID, cp.unless) {
		return
	}
	with := w.choice(per, cp, rx.StartDate, w.latestEGFR(per, rx.StartDate))
	if with == nil {
		return
	}
	reg := with.regimen(age, 0)
	if reg == nil {
		return
	}
	// one PPI at a time: an acute one already written for these days (an
	// indigestion's course) is cut, or cuts this one (companions.go stepAcute)
	// (an open end, beside an open repeat of co-codamol for lasting pain,
	// stays open unless something cuts it)
	end := w.untilCourse(per, with, rx.StartDate, rx.EndDate) // a repeat PPI starting takes over
	if end = w.stepAcute(per, with, rx.StartDate, end); end != models.NoDate && end < rx.StartDate {
		return
	}
	rx.EndDate = end
	rx.PrescriptionID = w.ids.rowID(tagPrescription)
	rx.DMDCode, rx.Medication, rx.DoseText = reg.DMDCode, reg.Name, reg.DoseText
	w.b.Prescriptions = append(w.b.Prescriptions, rx)
}

// issuedAtVisit reports whether a medicine of the class was already
// prescribed at the encounter (the prescriptions of one visit are the last
// rows written).
func (w *worker) issuedAtVisit(encID, class string) bool {
	if encID == "" {
		return false
	}
	for i := len(w.b.Prescriptions) - 1; i >= 0 && sameRowID(w.b.Prescriptions[i].EncounterID, encID); i-- {
		if g, ok := datasets.RegimenByDMD(w.b.Prescriptions[i].DMDCode); ok && datasets.InClass(g.Medicine, class) {
			return true
		}
	}
	return false
}

// repeatCompanions starts, at a review of condition k, the companion of
// each of its running medicines that needs one on day d (a PPI beside the
// naproxen of rheumatoid arthritis from 65), as a course of that condition.
func (w *worker) repeatCompanions(per *person, k int, d models.Date, egfr float64, s *distributions.Stream) {
	age := per.ageOn(d)
	for i := range per.courses {
		cr := &per.courses[i]
		cp := cr.meds.companion
		if cp == nil || cr.cond != k || !cr.running(d) {
			continue
		}
		if w.classRunning(per, cp.unless, d, -1) {
			if w.curEnc != "" && w.calledFor(per, cp, age, d, i) { // (a review before the window writes nothing)
				w.issueUnseen(per, cp.unless, w.curEnc, d) // companionseen.go: the PPI it relies on, in the record
			}
			continue
		}
		if !w.calledFor(per, cp, age, d, i) {
			continue
		}
		if with := w.choice(per, cp, d, egfr); with != nil {
			// it runs while the medicine it comes with runs (reviewSafety stops it)
			if j := w.startCourse(per, with, k, -1, 0, d, nil, egfr, s); j >= 0 {
				per.courses[j].companionOf = per.courses[i].meds
			}
		}
		// (per.courses may have grown; cr is not used again) a condition may
		// hold two such medicines: folic acid with methotrexate and a PPI
		// with naproxen in rheumatoid arthritis
	}
}

// companionDue reports whether the medicine a companion course comes with
// still runs on day d: folic acid stops with the methotrexate it protects.
func (w *worker) companionDue(per *person, c *course, d models.Date) bool {
	for k := range per.courses {
		if o := &per.courses[k]; o.meds == c.companionOf && o.running(d) {
			return true
		}
	}
	return false
}

// stepAcute keeps acute courses of an exclusive class one at a time (one
// topical steroid potency, one NSAID): a course issued while an earlier one
// of its class runs replaces it from its first day (a step up or down), and
// one issued before a later course already written ends the day before it.
// It returns the new course's end (models.NoDate, open, unless a later
// course cuts it), before onset when none is left. The patient's rows are
// the last ones written.
func (w *worker) stepAcute(per *person, m *medPlan, onset, end models.Date) models.Date {
	if len(m.exclusive) == 0 {
		return end
	}
	for i := len(w.b.Prescriptions) - 1; i >= 0 && w.b.Prescriptions[i].PatientID == per.id; i-- {
		rx := &w.b.Prescriptions[i]
		if rx.Type != models.PrescriptionAcute || (end != models.NoDate && rx.StartDate > end) || (rx.EndDate != models.NoDate && rx.EndDate < onset) {
			continue
		}
		g, ok := datasets.RegimenByDMD(rx.DMDCode)
		if !ok || !sharesClass(g.Medicine, m.exclusive) {
			continue
		}
		if rx.StartDate < onset {
			rx.EndDate = onset - 1
		} else { // (the same day: the course already written stands)
			end = rx.StartDate - 1
		}
	}
	return end
}

// sharesClass reports whether medicine key is in one of the classes.
func sharesClass(key string, classes []string) bool {
	for _, c := range classes {
		if datasets.InClass(key, c) {
			return true
		}
	}
	return false
}
