package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A blackout in an older person on antihypertensives (brief h69b,
// medication_reviews.yaml after_faint). A GP read a frail 95-year-old
// started on amlodipine who then fainted, with an ECG and nothing more: 28
// of 343 syncope episodes at 75 or over on an antihypertensive had a
// medication review within 30 days (generate -n 20000 -s 83). NICE CG109
// records the medicines at the assessment of a transient loss of
// consciousness, and NICE NG136 reviews treatment with symptoms of postural
// hypotension. Once every contact and issue is written, the first GP
// contact within the days after such a blackout codes the medication
// review, unless one already falls in those days. Nothing is drawn: no
// stream moves, and the review changes no medicine (its decision is the
// pathways' own at their reviews).

// faintReviews codes the medication review after each such blackout, and
// after each fall at 65 and over on a medicine that adds to the risk of
// falls (after_fall, brief h70g: 458 of 2,972 falls at 65 and over had a
// medication review within 90 days, generate -n 20000 -s 83; NICE CG161's
// multifactorial falls assessment includes one), and after each severe
// hypoglycaemia of an adult on insulin (after_hypo, brief h74a: 92 of 101
// hypoglycaemia admissions were followed by the same basal insulin and no
// review; the dose is reviewed after a severe hypo, NICE NG17).
func (w *worker) faintReviews(per *person) {
	for _, a := range []*datasets.AfterFaintReview{w.plan.medReviews.AfterFaint, w.plan.medReviews.AfterFall, w.plan.medReviews.AfterHypo} {
		if a != nil {
			w.reviewsAfter(per, a)
		}
	}
}

// reviewsAfter codes the medication review after each episode of one of
// a's problems.
func (w *worker) reviewsAfter(per *person, a *datasets.AfterFaintReview) {
	code := &w.plan.medReviews.done
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		c := &w.b.Conditions[k]
		d := c.OnsetDate
		if !slices.Contains(a.Problems, c.ConditionKey) || d < per.firstDay || d > per.lastDay || per.ageOn(d) < a.FromAge || !w.repeatOfClassOn(per, a.Classes, d) {
			continue
		}
		end := d + models.Date(a.WithinDays)
		if w.reviewedBetween(per, d, end) {
			continue
		}
		e := w.firstGPContact(per, d, end)
		if a.AfterEpisode {
			e = w.firstGPContactAfter(per, w.episodeEnd(per, c.ConditionID), end)
		}
		if e != nil {
			w.b.Observations = append(w.b.Observations, w.observation(per, e.EncounterID, e.StartTime.AddMinutes(2), code))
		}
	}
}

// reviewedBetween reports whether a medication review (the yearly or the
// structured one) is coded for the person from day from to day to.
func (w *worker) reviewedBetween(per *person, from, to models.Date) bool {
	done, smr := w.plan.medReviews.done.Snomed, w.plan.medReviews.structured.Snomed
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		if d := o.EffectiveTime.Date(); (o.SnomedCode == done || o.SnomedCode == smr) && !o.ObservationID.IsZero() && d >= from && d <= to {
			return true
		}
	}
	return false
}

// firstGPContact is the person's first GP contact about a problem from day
// from to day to (nil if none): a consultation, not an immunisation or an
// administrative call.
func (w *worker) firstGPContact(per *person, from, to models.Date) *models.Encounter {
	var first *models.Encounter
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		e := &w.b.Encounters[k]
		if d := e.StartTime.Date(); e.Setting != settingGP || e.ReasonConditionID == "" || d < from || d > to || d > per.lastDay {
			continue
		}
		if first == nil || e.StartTime < first.StartTime {
			first = e
		}
	}
	return first
}

// episodeEnd is the end of the last encounter about the episode (condition
// row id): its A&E attendance or its stay.
func (w *worker) episodeEnd(per *person, id string) models.Timestamp {
	var end models.Timestamp
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		if e := &w.b.Encounters[k]; e.ReasonConditionID == id && e.Setting != settingGP {
			end = max(end, e.EndTime)
		}
	}
	return end
}

// firstGPContactAfter is firstGPContact from time from (the episode's end)
// to day to.
func (w *worker) firstGPContactAfter(per *person, from models.Timestamp, to models.Date) *models.Encounter {
	var first *models.Encounter
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		e := &w.b.Encounters[k]
		if e.Setting != settingGP || e.ReasonConditionID == "" || e.StartTime < from || e.StartTime.Date() > to || e.StartTime.Date() > per.lastDay {
			continue
		}
		if first == nil || e.StartTime < first.StartTime {
			first = e
		}
	}
	return first
}

// repeatOfClassOn reports whether a repeat medicine of one of the classes
// runs on day d: the review is of the long-term medicines (an acute course
// of codeine for the fall's pain is no repeat to review; h70g, a review was
// coded with no repeat in the 90 days before).
func (w *worker) repeatOfClassOn(per *person, classes []string, d models.Date) bool {
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.PrescriptionID.IsZero() || rx.Type != models.PrescriptionRepeat || rx.StartDate > d || rx.StartDate < d && rx.EndDate != models.NoDate && rx.EndDate <= d {
			continue
		}
		if m := w.rxPlan(rx); m != nil && slices.ContainsFunc(classes, m.inClass) {
			return true
		}
	}
	return false
}
