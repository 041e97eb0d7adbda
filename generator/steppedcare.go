package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Stepped care for an episode (fourteenth review): a GP read sertraline
// started at the first contact for anxiety, often by telephone, with no
// GAD-7. NICE CG113: assess severity (GAD-7), offer education and self-help,
// then a talking therapy; a drug when these have not helped. The first
// contact records the score (assess); a course with at_review_days is
// decided then but started at a face-to-face review weeks later, while the
// episode lasts, where the score is recorded again; the telephone review
// that authorises its repeat records a lower one.

// reviewStart is a for_episode course decided at an episode's first GP
// contact, to start at a review after it.
type reviewStart struct {
	course       *shortCoursePlan
	pi           int
	cond         string
	onset, until models.Date // the first contact, and the episode's end (NoDate: open)
}

// assessedRepeat marks an episode whose course began at a review: the
// telephone review that authorises the repeat records the score too.
type assessedRepeat struct {
	pi   int
	cond string
}

// firstContactCourse handles course c of presentation pi at an episode's
// first contact (day d): a course started at a later review is only
// decided now, drawing from s exactly as shortCourse would, so no other
// draw moves. It reports whether the course was handled here.
func (w *worker) firstContactCourse(per *person, c *shortCoursePlan, pi int, cond string, d, until models.Date, gp bool, s *distributions.Stream) bool {
	if c.AtReviewDays == [2]int{} {
		return false
	}
	if c.meds == nil || (c.sex >= 0 && c.sex != per.sex) || !s.Bernoulli(c.Probability) {
		return true
	}
	if age := per.ageOn(d); !gp || age < c.MinAge || (c.MaxAge > 0 && age > c.MaxAge) {
		return true
	}
	per.reviewStarts = append(per.reviewStarts, reviewStart{course: c, pi: pi, cond: cond, onset: d, until: until})
	return true
}

// assessAtFirstContact records presentation pi's score (assess) at the
// first GP contact of an episode (encounter encID), for people of its age.
func (w *worker) assessAtFirstContact(per *person, pi int, encID string, d models.Date) {
	pp := &w.plan.presentations[pi]
	if pp.assess == nil || encID == "" || per.ageOn(d) < pp.Assess.MinAge {
		return
	}
	start, ok := w.encounterStart(encID)
	if !ok {
		return
	}
	score := w.recordScore(per, pi, encID, start.AddMinutes(3), pp.Assess.First, 0)
	if sp := pp.Assess.Signpost; sp != nil && score >= sp.AtLeast {
		// a stream of its own (occasion 3), so the score's draws do not move
		s := per.stream(w.plan.Opts.Seed, purposeStepCare, uint64(pi), uint64(d), 3)
		if s.Bernoulli(sp.Share) {
			w.b.Observations = append(w.b.Observations, w.observation(per, encID, start.AddMinutes(6), pp.signpost))
		}
	}
}

// recordScore writes presentation pi's score at time t, drawn from r on a
// stream of its own for the episode's day and the occasion (0 first
// contact, 1 the review that starts a drug, 2 the repeat's review), and
// returns it.
func (w *worker) recordScore(per *person, pi int, encID string, t models.Timestamp, r [2]float64, occasion uint64) float64 {
	pp := &w.plan.presentations[pi]
	s := per.stream(w.plan.Opts.Seed, purposeStepCare, uint64(pi), uint64(t.Date()), occasion)
	v := r[0] + math.Floor(s.Float64()*(r[1]-r[0]+1))
	o := w.observation(per, encID, t, pp.assess)
	o.Value, o.Unit = &v, pp.assess.Unit
	w.b.Observations = append(w.b.Observations, o)
	return v
}

// startAtReviews books, after the other GP contacts, the face-to-face review
// of each course decided at a first contact, on the first free day of its
// window, and starts the course there (shortCourse, certain now); none when
// the episode has settled by that day.
func (w *worker) startAtReviews(per *person) {
	for k, rs := range per.reviewStarts {
		s := per.stream(w.plan.Opts.Seed, purposeStepCare, 1<<32+uint64(k))
		day := rs.onset + models.Date(between(rs.course.AtReviewDays, &s))
		if rs.until != models.NoDate && day >= rs.until {
			continue
		}
		id, start, ok := w.gpVisit(per, day, encGPProblem, rs.cond, &s) // face to face, about the problem
		if !ok {
			continue
		}
		if d := start.Date(); rs.until != models.NoDate && d >= rs.until {
			w.unbookLastVisit(per, d)
			continue
		}
		pp := &w.plan.presentations[rs.pi]
		if pp.assess != nil && per.ageOn(start.Date()) >= pp.Assess.MinAge {
			w.recordScore(per, rs.pi, id, start.AddMinutes(3), pp.Assess.Unimproved, 1)
		}
		c := *rs.course
		c.Probability, c.AtReviewDays = 1, [2]int{}
		until := w.treatedEpisodeUntil(per, rs, start.Date()) // treatedepisode.go: a year's SSRI
		w.shortCourse(per, &c, id, rs.cond, start.Date(), until, &s)
		per.assessedRepeats = append(per.assessedRepeats, assessedRepeat{pi: rs.pi, cond: rs.cond})
	}
}

// assessAtRepeat records the score at the telephone review that authorises
// the repeat of a course begun at a review (encounter encID at t): better,
// on treatment.
func (w *worker) assessAtRepeat(per *person, cond, encID string, t models.Timestamp) {
	for _, a := range per.assessedRepeats {
		if a.cond != cond {
			continue
		}
		if pp := &w.plan.presentations[a.pi]; pp.assess != nil && per.ageOn(t.Date()) >= pp.Assess.MinAge {
			w.recordScore(per, a.pi, encID, t.AddMinutes(3), pp.Assess.Improved, 2)
		}
		return
	}
}

// assessCode resolves a presentation's assess observation.
func assessCode(pr *datasets.Presentation) (*datasets.ObservationCode, bool) {
	if pr.Assess == nil {
		return nil, true
	}
	code, ok := datasets.ObservationByKey(pr.Assess.Observation)
	return &code, ok
}
