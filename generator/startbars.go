package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Starts barred in the very old (prescribing.yaml contraindications with
// from_age; nineteenth review). A GP read amitriptyline started for
// sciatica at 88 and zopiclone started at 85 beside co-codamol and
// gabapentin: STOPP/START v3 and the Beers criteria ask that a strongly
// anticholinergic drug is not started in older people, nor a hypnotic
// beside other sedating drugs (falls). Only a start is barred: a course
// already running goes on (its review is the place to stop it).

// startBar is one such rule for a medicine: from fromAge it is not started,
// or (class set) not while a medicine of the class is on the record.
type startBar struct {
	fromAge int
	class   string
	frailty int // 1 + the frailty category from which it is not started (0: not a frailty bar; frailtybar.go)
}

// startBarred reports whether a rule bars starting medicine m for a course
// from day from to day to: the patient's age on day from is past the
// rule's, and the rule is the age alone or a medicine of its class covers
// some day of the course (a long-term course, a for_episode repeat already
// decided, or an issue on the record).
func (w *worker) startBarred(per *person, m *medPlan, from, to models.Date) bool {
	if len(m.startBars) == 0 {
		return false
	}
	age := per.ageOn(from)
	for _, b := range m.startBars {
		if b.frailty > 0 {
			if w.frailtyCategory(per, from) >= b.frailty-1 {
				return true
			}
			continue
		}
		if age >= b.fromAge && (b.class == "" || w.classOver(per, b.class, from, to)) {
			return true
		}
	}
	return false
}

// classOver reports whether a medicine of the class covers some day from
// from to to: a course, a for_episode repeat or an issue of the patient's.
// (Called only for a barred medicine at the rule's age: a scan is cheap.)
func (w *worker) classOver(per *person, class string, from, to models.Date) bool {
	for k := range per.courses {
		c := &per.courses[k]
		if c.start <= to && (c.stop == models.NoDate || c.stop > from) && c.meds.inClass(class) {
			return true
		}
	}
	return w.issuedClassOver(per, class, from, to, len(w.b.Prescriptions))
}

// issuedClassOver reports whether a medicine of the class runs from from to
// to as an episode's repeat or as one of the issues written before index
// end: medicines the person's courses do not hold (an anxiety's sertraline).
func (w *worker) issuedClassOver(per *person, class string, from, to models.Date, end int) bool {
	for _, r := range per.episodeRepeats {
		if r.from <= to && r.to >= from && datasets.InClass(r.reg.Medicine, class) {
			return true
		}
	}
	for i := per.rxFrom; i < end; i++ {
		rx := &w.b.Prescriptions[i]
		if rx.StartDate > to || rx.EndDate != models.NoDate && rx.EndDate < from {
			continue
		}
		if g, ok := datasets.RegimenByDMD(rx.DMDCode); ok && datasets.InClass(g.Medicine, class) {
			return true
		}
	}
	return false
}

// withdrawBarredStarts withdraws, once the GP contacts' courses are all
// written (the pain ladders run after the insomnia contact that issued the
// hypnotic), each issue that starts a medicine with a class bar at the
// bar's age while a medicine of the class is issued over its days: the
// hypnotic is not given beside the opioid (the contact keeps its advice).
// An issue starts the medicine when no kept issue of it ended within
// restartDays before (the audit's measure). Only people who reach the
// youngest such age are scanned.
func (w *worker) withdrawBarredStarts(per *person) {
	if w.plan.classBarAge == 0 || per.ageOn(per.lastDay) < w.plan.classBarAge {
		return
	}
	w.withdrawStarts(per, func(rx *models.Prescription) any {
		if m := w.rxPlan(rx); m != nil && m.classBarred {
			return m
		}
		return nil
	}, func(i int, m any) bool {
		return w.classBarredAt(per, m.(*medPlan), i)
	})
}

// restartDays: an issue this long or less after the last one ended
// continues the course (audit restartGapDays).
const restartDays = 28

// classBarredAt reports whether issue i of medicine m falls under one of
// its class bars: the age at its start past the bar's, and another issue of
// the class covering its first day.
func (w *worker) classBarredAt(per *person, m *medPlan, i int) bool {
	rx := &w.b.Prescriptions[i]
	age := per.ageOn(rx.StartDate)
	for _, b := range m.startBars {
		if b.class == "" || b.frailty > 0 || age < b.fromAge {
			continue
		}
		for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
			o := &w.b.Prescriptions[j]
			if j == i || o.PrescriptionID.IsZero() || o.StartDate > rx.StartDate || o.EndDate != models.NoDate && o.EndDate < rx.StartDate {
				continue
			}
			if g, ok := datasets.RegimenByDMD(o.DMDCode); ok && datasets.InClass(g.Medicine, b.class) {
				return true
			}
		}
	}
	return false
}
