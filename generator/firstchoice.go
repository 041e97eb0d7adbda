package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A first-choice treatment offered before the drugs (issue 9, brief h54f):
// NICE NG88 1.5.1 offers the levonorgestrel intrauterine system first for
// heavy menstrual bleeding with no identified pathology; before, it was
// never offered at a heavy-periods contact (only as contraception), and
// every treated episode had tranexamic or mefenamic acid.

// firstChoiceIssued offers presentation pr's first_choice courses at the
// first contact (encID) of episode condID on day d, each on its own stream
// as any own_stream course, and reports whether one was issued: the
// contact's other courses are not issued then.
func (w *worker) firstChoiceIssued(per *person, pr *presPlan, pi int, encID, condID string, d, until models.Date) bool {
	for k := range pr.courses {
		if !pr.courses[k].FirstChoice {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeOwnCourse, uint64(d), uint64(pi), uint64(k))
		if w.firstChoiceCourse(per, &pr.courses[k], encID, condID, d, until, &s) {
			return true
		}
	}
	return false
}

// firstChoiceCourse offers course c (a catalogue first_choice course) at
// the first contact of an episode (encID, problem condID, day d): not to a
// woman with a pregnancy beginning within its days (she is trying to
// conceive), otherwise through shortCourse at its share. It reports whether
// the course was issued, so that the contact's other courses are not.
func (w *worker) firstChoiceCourse(per *person, c *shortCoursePlan, encID, condID string, d, until models.Date, s *distributions.Stream) bool {
	if encID == "" || per.pregnancyBegins(d, d+models.Date(c.Days)) || w.inPlace(per, c.meds, d, d+models.Date(c.Days)) {
		return false
	}
	cc := *c
	if cp := w.plan.contraception; cp != nil {
		// a contraceptive method: its eligibility (UKMEC) on the day, and
		// removed when a condition that rules it out is diagnosed (a breast
		// cancer: UKMEC 4 for every hormonal method)
		for k := range cp.course.methods {
			if cp.course.methods[k].m != c.meds {
				continue
			}
			if !w.courseAllowed(per, cp.course, k, d) {
				return false
			}
			if first := w.courseRuledOutFrom(per, cp.course, k, d, d+models.Date(c.Days)); first > 0 {
				cc.Days = int(first - d)
			}
		}
	}
	n := len(w.b.Prescriptions)
	w.shortCourse(per, &cc, encID, condID, d, until, s)
	return len(w.b.Prescriptions) > n
}

// pregnancyBegins reports whether one of the woman's pregnancies has its
// last period from day from to day to.
func (per *person) pregnancyBegins(from, to models.Date) bool {
	for i := range per.pregnancies {
		if pg := &per.pregnancies[i]; pg.lmp >= from && pg.lmp <= to {
			return true
		}
	}
	return false
}

// inPlace reports whether an issue of medicine m written before covers a
// day from from to to: a woman whose intrauterine system, fitted at another
// episode of heavy periods, is in place then is not fitted a second (brief
// fx65c: 22 systems fitted beside another, generate -n 6000 in the tests);
// the episode goes on to the drugs. Both ends: episodes are written out of
// day order (hospital.go).
func (w *worker) inPlace(per *person, m *medPlan, from, to models.Date) bool {
	for r := per.rxFrom; r < len(w.b.Prescriptions); r++ {
		rx := &w.b.Prescriptions[r]
		if rx.DMDCode == m.med.DMDCode && !rx.PrescriptionID.IsZero() && rx.StartDate <= to && (rx.EndDate == models.NoDate || rx.EndDate >= from) {
			return true
		}
	}
	return false
}
