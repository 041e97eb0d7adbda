package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// The next choice when a line's medicines are all ruled out (twenty-fifth
// review). A treatment line whose every option suiting the person was
// barred by the prescribing rules started nothing, and the next review
// tried the same options again: a man of 50 with hypertension and a
// potassium of 5.3 had no ACE inhibitor and no other antihypertensive for
// years. A line's if_ruled_out (catalogue.yaml) names what is given
// instead, the first of them the rules allow: amlodipine for hypertension
// (NICE NG136), modified-release dipyridamole with aspirin after a stroke
// (NICE TA210), as a short course's if_ruled_out names the antibiotic given
// when the first is ruled out. Someone drawn untreated for a reason that is
// the line's medicine contraindicated (rules_out: "Clopidogrel
// contraindicated") is given it too, beside the coded reason.

// ruledOutChoice is the line's if_ruled_out medicine the rules allow on day
// d when an option of the line suits the person (by age, family origin and
// conditions held) but none is allowed; nil when none is, or when no option
// suits at all (then the line is not for them).
func (w *worker) ruledOutChoice(per *person, line *linePlan, d models.Date, egfr float64) *medPlan {
	if len(line.alts) == 0 || !w.optionSuits(per, line, d) {
		return nil
	}
	for _, m := range line.alts {
		if m != nil && w.allowed(per, m, d, egfr, -1) {
			return m
		}
	}
	return nil
}

// optionSuits reports whether one of the line's options suits the person on
// day d, whatever the prescribing rules say.
func (w *worker) optionSuits(per *person, line *linePlan, d models.Date) bool {
	age := per.ageOn(d)
	for i, o := range line.Options {
		if line.meds[i] != nil && o.Suits(age, per.group) && line.suitsConditions(per, i, d) {
			return true
		}
	}
	return false
}

// startForRuledOut starts, at the first review of condition ci held
// untreated, the first line's if_ruled_out when the reason drawn for no
// treatment is its medicine contraindicated (rules_out); the reason is
// still coded at the review (untreatedReason).
func (w *worker) startForRuledOut(per *person, ci int, d models.Date, egfr float64, s *distributions.Stream) {
	hc := &per.conds[ci]
	c := hc.plan
	if c.Untreated == nil || len(c.lines) == 0 || !w.untreatedPick(per, ci, d).RulesOut {
		return
	}
	line := &c.lines[0]
	m := w.ruledOutChoice(per, line, d, egfr)
	if m == nil {
		return
	}
	if w.covered(per, m, d) < 0 && w.startCourse(per, m, ci, 0, 0, d, line.effectsOf(m), egfr, s) < 0 {
		return
	}
	hc.line, hc.lastChange = max(hc.line, 0), d
}
