package generator

import (
	"cmp"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// Treatment at the GP contacts about a long-standing complaint (sixteenth
// review): a GP read people with knee or hip osteoarthritis seen ten times
// about it with nothing prescribed. NICE NG226 steps the pain relief: a
// topical NSAID first, an oral NSAID (with a PPI) when it is not enough, a
// weak opioid only when an NSAID is unsuitable. The ladder is data
// (catalogue contact_ladder); each step is an acute course issued through
// shortCourse, so the prescribing rules (kidneys, heart failure,
// anticoagulants, allergies) and the PPI companion from 65 hold as for any
// other course.

// ladderContact is a GP contact about a complaint with a contact ladder.
type ladderContact struct {
	enc   string
	cond  string
	start models.Timestamp
}

// treatAtContacts walks, in time order, each of the person's GP contacts
// about a complaint with a contact ladder, once every GP contact is
// written: at one with none of the complaint's courses running, the GP
// issues the course of the step reached, moving up a step (by the ladder's
// step_up) once one has been issued.
//
// Ladders with a for_episode step go first (pass 0): their repeats are then
// known when the others' contacts are treated, and no second amitriptyline
// is issued beside a repeat for sciatica (medRunning; chronic low back
// pain's co-codamol repeat, the first example, went with brief h72a).
func (w *worker) treatAtContacts(per *person) {
	for pass := range 2 {
		for pi := range w.plan.presentations {
			if pp := &w.plan.presentations[pi]; len(pp.ladder) > 0 && pp.repeats == (pass == 0) {
				w.treatLadder(per, pi)
			}
		}
	}
}

// treatLadder treats the person's GP contacts about presentation pi.
func (w *worker) treatLadder(per *person, pi int) {
	pp := &w.plan.presentations[pi]
	var contacts []ladderContact
	if slices.Contains(per.opened, pi) {
		contacts = w.ladderContacts(per, pp.Key)
	}
	if pp.ContactLadder.AtDiagnosis {
		contacts = w.withDiagnosisContact(per, pp.Requires, contacts)
	}
	step, issued := 0, false
	lastEnd := models.Date(-1 << 30)
	episode := ""
	for _, c := range contacts {
		if pp.ContactLadder.PerEpisode && c.cond != episode { // a new episode starts at the first step
			step, issued, episode = 0, false, c.cond
		}
		day := c.start.Date()
		if day <= lastEnd {
			continue // a course of it still runs
		}
		until := models.NoDate
		if row := w.conditionRow(per, c.cond); row != nil {
			until = row.ResolvedDate
		}
		s := per.stream(w.plan.Opts.Seed, purposeContactLadder, uint64(pi), uint64(day))
		if issued && step < len(pp.ladder)-1 && s.Bernoulli(pp.ContactLadder.StepUp) {
			step++
		}
		if pp.DurationDays >= lastingEpisodeDays && until != models.NoDate && day >= until {
			// a lasting episode is over on the contact's day: no course is begun
			// (twentieth review: gabapentin issued the day painful neuropathy
			// resolved); a gout flare seen on its last day is still treated
			continue
		}
		n, nr := len(w.b.Prescriptions), len(per.episodeRepeats)
		w.shortCourse(per, &pp.ladder[step], c.enc, c.cond, day, until, &s)
		if len(w.b.Prescriptions) > n {
			issued = true
			lastEnd = w.b.Prescriptions[n].EndDate
		}
		if len(per.episodeRepeats) > nr { // a for_episode step: its repeat runs to the episode's end
			lastEnd = max(lastEnd, per.episodeRepeats[nr].to)
		}
	}
}

// ladderContacts lists the person's GP contacts whose reason is a row of
// presentation key, in time order. The list is the worker's scratch, valid
// until the next call: its callers read one presentation's list at a time,
// and a new list for each was 4% of the generator's allocation (stop 49).
func (w *worker) ladderContacts(per *person, key string) []ladderContact {
	rows := w.ladderRows[:0]
	for k := per.condFrom; k < len(w.b.Conditions); k++ { // (by index: a row is large to copy)
		if c := &w.b.Conditions[k]; c.ConditionKey == key {
			rows = append(rows, c.ConditionID)
		}
	}
	w.ladderRows = rows
	if len(rows) == 0 {
		return nil
	}
	out := w.ladderOut[:0]
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		if e := &w.b.Encounters[k]; e.Setting == settingGP && e.ReasonConditionID != "" && hasRowID(rows, e.ReasonConditionID) {
			out = append(out, ladderContact{enc: e.EncounterID, cond: e.ReasonConditionID, start: e.StartTime})
		}
	}
	slices.SortStableFunc(out, func(a, b ladderContact) int { return cmp.Compare(a.start, b.start) })
	w.ladderOut = out
	return out
}

// withDiagnosisContact adds to contacts (in time order) the GP contact that
// diagnosed the person's condition key, when it is in the record: the
// presenting attack, treated as the episodes that follow are.
func (w *worker) withDiagnosisContact(per *person, key string, contacts []ladderContact) []ladderContact {
	enc := ""
	cond := ""
	for k := per.condFrom; k < len(w.b.Conditions); k++ { // (by index: a row is large to copy)
		if c := &w.b.Conditions[k]; c.ConditionKey == key && c.DiagnosisEncounterID != "" {
			enc, cond = c.DiagnosisEncounterID, c.ConditionID
			break
		}
	}
	if enc == "" {
		return contacts
	}
	for k := per.encFrom; k < len(w.b.Encounters); k++ {
		if e := &w.b.Encounters[k]; e.EncounterID == enc && e.Setting == settingGP {
			c := ladderContact{enc: enc, cond: cond, start: e.StartTime}
			i, _ := slices.BinarySearchFunc(contacts, c, func(a, b ladderContact) int { return cmp.Compare(a.start, b.start) })
			return slices.Insert(contacts, i, c)
		}
	}
	return contacts
}

// medRunning reports whether medicine m runs for the person at some time
// from day d to end: a course of it or of its exclusive class on day d, an
// issue of it in the record, or a for_episode repeat of it still to be
// written. A contact
// ladder then issues nothing (eighteenth review: on generate -n 20000 -s 5,
// 90 co-codamol issues for one complaint began while the co-codamol of
// another ran, 44 of them beside a repeat for chronic low back pain).
func (w *worker) medRunning(per *person, m *medPlan, d, end models.Date) bool {
	if w.covered(per, m, d) >= 0 {
		return true
	}
	for _, r := range per.episodeRepeats {
		if r.meds == m && r.from <= end && d <= r.to {
			return true
		}
	}
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
		rx := &w.b.Prescriptions[k]
		if rx.StartDate <= end && (rx.EndDate == models.NoDate || rx.EndDate >= d) && m.issues(rx.DMDCode) {
			return true
		}
	}
	return false
}

// issues reports whether a dm+d product is one of the medicine's regimens.
func (m *medPlan) issues(dmd string) bool {
	for i := range m.regimens {
		if m.regimens[i].DMDCode == dmd {
			return true
		}
	}
	return false
}

// lastingEpisodeDays: a presentation whose episodes typically last this long
// or longer (painful neuropathy, sciatica, joint pain) begins no course at a
// contact on the day its episode ends.
const lastingEpisodeDays = 28
