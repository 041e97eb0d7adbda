package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Treatment when an untreated problem is seen again (twenty-sixth review):
// a woman's urinary infection may be managed with self-care advice at the
// first contact (NICE NG109 1.1.3: a back-up or an immediate antibiotic is
// considered, not required), but one who comes back because it has not
// settled is treated. Before, 781 of 2,497 untreated episodes in women
// (generate -n 20000 -s 5) were seen by the GP again and still had no
// antibiotic.

// treatWhenSeenAgain walks, once every GP contact is written, the person's
// episodes of each presentation with an if_seen_again course: for an episode
// the GP first saw and issued nothing for, the first later GP contact about
// it issues the course (certain now, through shortCourse, so the
// prescribing rules hold), unless the hospital has seen the episode by then.
func (w *worker) treatWhenSeenAgain(per *person) {
	for _, pi := range per.opened {
		pp := &w.plan.presentations[pi]
		if !seenAgainCourses(pp) {
			continue
		}
		contacts := w.ladderContacts(per, pp.Key) // GP contacts about it, in time order
		// an episode's contacts come together (its episodes do not overlap):
		// its second contact is one whose cond the contact before shares,
		// the one before that not
		for k := 1; k < len(contacts); k++ {
			if contacts[k-1].cond == contacts[k].cond && (k == 1 || contacts[k-2].cond != contacts[k].cond) {
				w.treatSeenAgain(per, pp, pi, contacts[k-1], contacts[k])
			}
		}
	}
}

// treatSeenAgain issues presentation pp's if_seen_again courses at contact
// again, the second GP contact about an episode whose first was first: only
// when first diagnosed the episode, nothing has been issued for it and no
// A&E attendance or admission has seen it by again's day.
func (w *worker) treatSeenAgain(per *person, pp *presPlan, pi int, first, again ladderContact) {
	row := w.conditionRow(per, again.cond)
	if row == nil || row.DiagnosisEncounterID != first.enc {
		return
	}
	day := again.start.Date()
	// the medicines issued for the episode (keys; "" one off the regimens)
	var issued []string
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
		if x := &w.b.Prescriptions[k]; x.ConditionID == again.cond {
			g, _ := datasets.RegimenByDMD(x.DMDCode)
			issued = append(issued, g.Medicine)
		}
	}
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		if e := &w.b.Encounters[k]; e.ReasonConditionID == again.cond && e.Setting != settingGP && e.StartTime.Date() <= day {
			return // treated in hospital
		}
	}
	until := row.ResolvedDate
	s := per.stream(w.plan.Opts.Seed, purposeSeenAgain, uint64(pi), uint64(day))
	for k := range pp.courses {
		if !pp.courses[k].IfSeenAgain || !seenAgainDue(&pp.courses[k], issued) {
			continue
		}
		if len(pp.courses[k].UnlessIssued) > 0 && until != models.NoDate && day >= until {
			continue // seen on the day it settles: no step up (h70d)
		}
		c := pp.courses[k]
		c.Probability = 1
		w.shortCourse(per, &c, again.enc, again.cond, day, until, &s)
	}
}

// seenAgainDue reports whether if_seen_again course c is due at the
// follow-up of an episode issued the medicines issued: when nothing was
// issued, or, with unless_issued, none of those medicines (brief h70d).
func seenAgainDue(c *shortCoursePlan, issued []string) bool {
	if len(c.UnlessIssued) == 0 {
		return len(issued) == 0
	}
	for _, m := range issued {
		if slices.Contains(c.UnlessIssued, m) {
			return false
		}
	}
	return true
}

// seenAgainCourses reports whether one of presentation pp's courses is
// issued at a follow-up of an untreated episode.
func seenAgainCourses(pp *presPlan) bool {
	for k := range pp.courses {
		if pp.courses[k].IfSeenAgain {
			return true
		}
	}
	return false
}
