package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A class the record says is contraindicated is not issued afterwards
// (h53d). A GP review read "ACE inhibitors contraindicated" coded at a
// review of heart failure or CKD and ramipril started days or months later
// by another pathway (a heart attack's bundle, hypertension): each pathway
// chose its drug without reading the coded reasons. Now the code, once
// written (reasonObservation), bars the classes prescribing.yaml
// recorded_contraindications gives it from that day: the prescribing rules
// refuse a start (a line then takes its if_ruled_out choice, an ARB after a
// heart attack) and the next review stops a course still running.

// barredClass is a class a code on the record bars from day from.
type barredClass struct {
	class, code string
	from        models.Date
}

// resolveRecordedContraindications maps each code to the classes it bars.
func (p *Plan) resolveRecordedContraindications() error {
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		return err
	}
	p.barsByCode = map[string][]string{}
	for _, rc := range rules.RecordedContraindications {
		p.barsByCode[rc.Snomed] = append(p.barsByCode[rc.Snomed], rc.Classes...)
	}
	return nil
}

// noteRecordedContraindication records on the person the classes that
// code, written on day d, bars, and stops a course of them still running
// (a scenario's medicine aside, as the prescribing rules leave it).
func (w *worker) noteRecordedContraindication(per *person, code string, d models.Date) {
	for _, cls := range w.plan.barsByCode[code] {
		per.barred = append(per.barred, barredClass{class: cls, code: code, from: d})
		for k := range per.courses {
			if c := &per.courses[k]; c.running(d) && !c.forced && c.meds.inClass(cls) {
				w.stopCourse(per, k, d)
			}
		}
	}
}

// barredOnRecord reports whether the record bars medicine m on day d.
func barredOnRecord(per *person, m *medPlan, d models.Date) bool {
	for _, b := range per.barred {
		if b.from <= d && m.inClass(b.class) {
			return true
		}
	}
	return false
}

// liftBar removes the bars code put on medicine m's classes, and returns
// the bars as they were, for restoring. A re-challenge is the prescriber
// reading the record again: "ACE inhibitors contraindicated", coded at a
// review while the potassium was 6.0 or more, no longer holds once it is
// back in range (rechallenge.go). Kept, it kept 29 of 37 such people off
// their ACE inhibitor for good (TestRAASBlockerAfterHyperkalaemiaIsRechallengedOrExplained).
func liftBar(per *person, m *medPlan, code string) []barredClass {
	was := per.barred
	var kept []barredClass
	for _, b := range was {
		if b.code != code || !m.inClass(b.class) {
			kept = append(kept, b)
		}
	}
	per.barred = kept
	return was
}
