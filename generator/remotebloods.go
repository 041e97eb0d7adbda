package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Bloods asked for by telephone (fifty-first session, issue 9; catalogue
// remote_bloods). Before, the first-contact bloods of an episode diagnosed
// at a telephone consultation were written at the call: 5,960 blood counts
// (and 4,808 ferritins and TSHs) about tiredness and heavy periods
// (generate -n 20000 -s 5). Now they are taken at a practice blood test
// (contactMonitoringBloods: a healthcare assistant or practice nurse) some
// days later (a check-up with no reason: a check-up is about no acute
// problem), or at a contact about the episode before it, and what the result decides (an anaemia
// coded, iron started, a suspected cancer referral: anaemia.go,
// anaemiareferral.go) follows the result's contact and day. The day draws
// from a stream of its own; the results from the tests' own stream, in the
// order they were.

// bloodsAfterCall records the first-contact tests of episode c, diagnosed
// by telephone on day d, when one of them is a blood (a numeric result):
// at a practice blood test booked remote_bloods days later (on the first
// free day from then), or at a face-to-face GP contact about the episode
// before that day; when busy days push the test past remote_bloods by, at
// the first face-to-face GP contact after the call, whatever it is about. It reports false when
// none is (a man's urine culture is sent in: recorded at the call). No test
// is recorded when the blood test cannot be booked (the record ends).
func (w *worker) bloodsAfterCall(per *person, d models.Date, c *models.Condition, s *distributions.Stream) bool {
	rb := w.plan.Cat.RemoteBloods
	list := w.plan.firstContactTests
	if rb == nil || !anyBloodApplies(per, list, c.ConditionKey, d) {
		return false
	}
	key, id, onset := c.ConditionKey, c.ConditionID, c.OnsetDate // c is the batch's row: the visit may move it
	ds := per.stream(w.plan.Opts.Seed, purposeRemoteBloods, uint64(d))
	sl, ok := w.bookGP(per, d+models.Date(between(rb.Days, &ds)), encGPConsultation, contactMonitoringBloods, &ds)
	last := per.lastDay + 1 // none booked (the record ends first): at a contact about it, if any
	if ok {
		last = sl.start.Date()
	}
	encID, at, seen := w.seenAbout(per, id, d, last)
	if late := d + models.Date(rb.By); (seen && at.Date() > late) || (!seen && ok && last > late) {
		// pushed past by: at the first contact seen after the call, whatever it is about
		if e, t, any := w.seenAbout(per, "", d, min(last, late+1)); any {
			encID, at, seen = e, t, true
		}
	}
	if seen && ok { // seen about it before the blood test's day: taken then
		per.gpDays.remove(sl.start.Date())
	} else if !seen && !ok {
		return true
	} else if !seen {
		w.writeGP(per, &sl, "") // a blood test, no consultation about the episode (a check-up is about no acute problem)
		encID, at = sl.id, sl.start.AddMinutes(5)
	}
	w.bloodsProblem = id // what the result decides is for the episode (ironstores.go)
	k := w.recordTests(per, list, key, id, onset, nil, encID, at, s)
	w.bloodsProblem = ""
	if k >= 0 {
		w.answerHeldAnaemia(per, k)
	}
	return true
}

// anyBloodApplies reports whether a numeric test of list, or a coded one
// taken face to face only (an ECG), is the person's at a contact about
// problem on day d.
func anyBloodApplies(per *person, list []episodeTestPlan, problem string, d models.Date) bool {
	for k := range list {
		if (list[k].slot >= 0 || list[k].inPerson) && list[k].applies(per, problem, d) {
			return true
		}
	}
	return false
}

// seenAbout is the person's first face-to-face GP contact about condition
// id or about nothing on the record (a blood pressure check), or ("") about
// anything, after day d and before day last (its id and the time its sample is taken,
// 4 minutes in, as at a first contact); false when there is none.
func (w *worker) seenAbout(per *person, id string, d, last models.Date) (string, models.Timestamp, bool) {
	phone := w.plan.encTypes[encGPTelephone].Code
	best := -1
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		enc := &w.b.Encounters[e]
		// a screening programme's letter filed (no clinician: programmes.go)
		// is about nothing on the record, but no sample is taken at it
		// (brief h57a: a tiredness blood count and its iron were written at
		// a bowel screening result's letter)
		if day := enc.StartTime.Date(); (id == "" || sameRowID(enc.ReasonConditionID, id) || enc.ReasonConditionID == "") && enc.Setting == settingGP && enc.TypeCode != phone && enc.PractitionerID != "" && day > d && day < last &&
			(best < 0 || enc.StartTime < w.b.Encounters[best].StartTime) && !w.bloodsTakenAt(per, enc.EncounterID) {
			best = e
		}
	}
	if best < 0 {
		return "", 0, false
	}
	return w.b.Encounters[best].EncounterID, w.b.Encounters[best].StartTime.AddMinutes(4), true
}

// bloodsTakenAt reports whether contact encID already records a blood count
// (another episode's bloods, a repeat count): not taken twice there.
func (w *worker) bloodsTakenAt(per *person, encID string) bool {
	if w.plan.anaemia.slot < 0 {
		return false
	}
	_, ok := w.readAt(per, encID, w.plan.anaemia.slot)
	return ok
}
