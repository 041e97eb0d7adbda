package generator

import (
	"slices"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Recall of long-term conditions (prescribing.yaml repeats): a patient with
// several conditions is reviewed at one appointment when their reviews fall
// due within weeks of each other, instead of coming back for each, and a
// repeat still covering the patient is not issued again.

// jointReview is the patient's latest routine review appointment at the
// practice: a review of another condition due within combineDays after it
// is held there.
type jointReview struct {
	enc    string
	start  models.Timestamp
	done   []int   // observation slots already recorded at it
	bmi    float64 // the BMI read at it (a weight recorded later is derived from it)
	hasBMI bool
	// reviewed: a medication review (an untreated condition's reason) is
	// recorded at it; one an appointment, so another condition's reason waits
	// for that condition's next review.
	reviewed bool
	// heldTo is the day of the latest review held for the patient, of any
	// condition. A review is not brought back to an appointment before it:
	// the reviews between have already changed the medicines, and one held
	// earlier would reissue a dose another review has since replaced (a
	// hypertension follow-up joining the diabetes review of 11 May after
	// coronary heart disease, diagnosed on 12 May, had stepped ramipril up:
	// ramipril 5 mg issued on both days; thirteenth review).
	heldTo models.Date
}

// combineDays is how far after an appointment a review due then is brought
// forward to it.
func (w *worker) combineDays() models.Date {
	return models.Date(w.plan.repeats.CombineWithinDays)
}

// joinsReview reports whether a review due on day d is held at the latest
// review appointment (on that day or up to combineDays before), when no
// review has been held on a later day since.
func (w *worker) joinsReview(d models.Date) bool {
	j := &w.joint
	return j.enc != "" && d >= j.start.Date() && d-j.start.Date() <= w.combineDays() && j.start.Date() >= j.heldTo
}

// joinsLater reports whether a titration follow-up due on day d is held at
// the latest review appointment, held on a later day up to combineDays
// after it (a review due before d whose visit moved past it): its records
// then keep their time order. Before (forty-eighth review), the follow-up
// was booked on its own day, before that appointment, and the potassium it
// took was written after a start the appointment had made on a result
// older than it (ramipril started the day after a potassium of 5.7, audit
// raas-blocker-started-above-potassium-5, generate -n 100000 -s 1).
func (w *worker) joinsLater(d models.Date) bool {
	j := &w.joint
	return j.enc != "" && j.start.Date() > d && j.start.Date()-d <= w.combineDays() && j.start.Date() >= j.heldTo
}

// observeOnce records observation slot at the review encounter unless the
// joint appointment it belongs to has already recorded it (one blood
// pressure for the diabetes and hypertension reviews held together).
func (w *worker) observeOnce(per *person, encID string, t models.Timestamp, slot int, s *distributions.Stream) {
	if encID == w.joint.enc {
		if slices.Contains(w.joint.done, slot) {
			return
		}
		w.joint.done = append(w.joint.done, slot)
	}
	bmi := w.plan.slots.bmi
	m := w.plan.obsModels[slot]
	linked := encID == w.joint.enc && (slot == bmi || (m != nil && m.DerivedFrom == "bmi"))
	if linked && w.joint.hasBMI { // one BMI behind the weight and BMI of one appointment
		per.lastVal[bmi], per.lastAt[bmi], per.hasLast[bmi] = w.joint.bmi, t, true
	}
	w.observe(per, encID, t, slot, s)
	if linked && per.hasLast[bmi] && per.lastAt[bmi] == t {
		w.joint.bmi, w.joint.hasBMI = per.lastVal[bmi], true
	}
}

// stillCovered reports whether the repeat issue rx still covers the patient
// on day d beyond the re-order days, so that it is not issued again but
// re-authorised to run until until (NoDate: open): covered to its end, and
// at least one issue's supply (a dose change issued days before a review
// supplies the usual cycle, not just the days until the review); not
// re-authorised past the longest an issue runs, unless issued within the
// last cycle.
func (w *worker) stillCovered(per *person, rx *models.Prescription, d, until models.Date) bool {
	r := &w.plan.repeats
	if until == models.NoDate {
		until = per.lastDay
	}
	if until-rx.StartDate >= models.Date(r.MaxIssueDays) && d-rx.StartDate >= models.Date(r.IssueDays) {
		return false // a new issue (but not within one issue's supply of the last)
	}
	end := rx.EndDate
	if end != models.NoDate {
		end = max(end, rx.StartDate+models.Date(r.IssueDays-1))
	}
	return end == models.NoDate || end >= d+models.Date(r.ReorderDays)
}

// bridgeToReview runs the last repeat issue rx on to the day before the
// review on day d that renews it, when it ran out at most the re-order days
// before: the review was due the day after the issue's end but moved a few
// days (one GP appointment a day, a stay), and a patient orders the next
// supply about a week before the last runs out (prescribing.yaml repeats).
// Before (eighteenth review), 1,378 repeats of 20,000 people had a gap of
// 1-7 days before the next issue; one left a man of 70 with naproxen and no
// omeprazole running on the day between.
//
// A repeat that ran out while the patient was in hospital is bridged too
// when the review is held within the re-order days of the discharge: the
// review moved past the stay (bookGP), and the medicine went on through it
// (merge of stop 55: a stroke's two-month stay left forced ramipril with no
// issue for 65 days, and its renewal after discharge read as a start after
// a potassium of 5.2 a year before; TestForcedRAASBlockerNotStartedAboveThePotassiumBar,
// hard rule raas-blocker-started-above-potassium-5).
func (w *worker) bridgeToReview(per *person, rx *models.Prescription, d models.Date) {
	r := &w.plan.repeats
	if rx.Type != models.PrescriptionRepeat || rx.EndDate == models.NoDate || rx.EndDate >= d-1 {
		return
	}
	if rx.EndDate < d-1-models.Date(r.ReorderDays) && !ranOutInStay(per, rx.EndDate+1, d-1-models.Date(r.ReorderDays)) {
		return
	}
	rx.EndDate = d - 1
}

// ranOutInStay reports whether the patient was in hospital on day out (the
// first day without the repeat) in a stay that ended on day back or later.
func ranOutInStay(per *person, out, back models.Date) bool {
	for _, st := range per.stays {
		if st.start.Date() <= out && st.end.Date() >= out && st.end.Date() >= back {
			return true
		}
	}
	return false
}
