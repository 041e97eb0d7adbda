package generator

import "github.com/code4health/cohortgen/models"

// Antiseizure medicine is not usually started after a first seizure (brief
// h74b: 43 of the 54 people whose first seizure is in the record were on
// one, every one from the first-seizure clinic; generate -n 20000 -s 83).
// NICE NG217 (approx): the specialist assesses the risk of a second
// seizure, and medicine follows a second unprovoked seizure, or a first
// whose risk of recurrence is high (an epileptiform EEG, a lesion on
// imaging). A condition with recurrence_first starts its first line at the
// clinic for a share of first presentations only; for the rest it waits
// for the recurrence, some months later, when the specialist sees the
// person again and starts it (the held-back start of lifestyle.go, at a
// clinic attendance).

// holdsForRecurrence reports whether the first line of the condition
// reviewed at ev, due at the clinic that diagnoses a presenting problem on
// day d, waits for the problem to recur, and if so books the follow-up
// that starts it (the next routine review starts it when that comes
// first). Whether it waits and the day are drawn from a stream of their own.
func (w *worker) holdsForRecurrence(per *person, ev reviewEvent, d models.Date) bool {
	hc := &per.conds[ev.cond]
	rf := hc.plan.RecurrenceFirst
	if rf == nil || ev.clinic == nil || hc.presentingID == "" || hc.line >= 0 || hc.line < hc.forced {
		return false
	}
	s := per.stream(w.plan.Opts.Seed, purposeRecurrenceFirst, uint64(hc.plan.idx))
	if s.Bernoulli(rf.TreatFirstShare) {
		return false // a high risk of recurrence: treated from the first
	}
	hc.startAt = d + models.Date(between(rf.Days, &s))
	if hc.startAt > per.lastDay {
		return true // no recurrence within the record
	}
	// the second seizure is seen by the specialist again (NICE NG217: the
	// specialist starts the medicine), who starts the line at that clinic
	if enc, start, ok := w.outpatientAt(per, hc.startAt, hc.id, &s); ok {
		hc.startAt = start.Date()
		w.diagnosedAtRecurrence(per, hc, enc, hc.startAt)
		w.lifestyleEvent = reviewEvent{day: hc.startAt, next: ev.next, cond: ev.cond, due: true, lifestyle: true, clinic: &bookedClinic{enc: enc, start: start}}
	} else if hc.startAt < ev.next {
		w.lifestyleEvent = reviewEvent{day: hc.startAt, next: ev.next, cond: ev.cond, due: true, lifestyle: true}
	}
	return true
}

// recurrenceStart is the day planned line pl, due on day d, is backdated
// to, and whether it waits: the first line held back for a recurrence waits
// until it comes, then starts on the day as a new start (no backdate, so it
// titrates as a clinic start does) and the hold ends; any other line is
// backdated to its plan's day.
func recurrenceStart(hc *heldCondition, pl plannedRx, d models.Date) (models.Date, bool) {
	if hc.plan.RecurrenceFirst == nil || pl.line != 0 || hc.startAt == 0 {
		return pl.start, false
	}
	if d < hc.startAt {
		return 0, true
	}
	hc.startAt = 0
	return 0, false
}

// diagnosedAtRecurrence dates the diagnosis of held condition hc at the
// clinic that sees its presenting problem recur (encounter enc, day d):
// epilepsy is diagnosed by the specialist after a second unprovoked
// seizure, not at the first-seizure clinic that judged the risk of one low
// (NICE NG217, approx; brief h75b: 54 of 54 first seizures were coded
// epilepsy about 11 days later, generate -n 20000 -s 83). Contacts about
// the condition before the second are about that seizure
// (presentingReasons), so the seizure stays open on the problem list until
// the clinic that diagnoses the epilepsy, as a presenting problem does
// until its diagnosis (presentsas.go). Before, it was resolved at the first
// clinic and the GP reviews between the two clinics were about a resolved
// problem (fix75c: 39 such contacts, 11 epilepsies with no open seizure at
// their diagnosis; generate -n 20000 -s 83).
func (w *worker) diagnosedAtRecurrence(per *person, hc *heldCondition, enc string, d models.Date) {
	if hc.row < 0 || hc.presentingID == "" || d <= hc.clinicDiagnosed {
		return
	}
	row := &w.b.Conditions[hc.row]
	row.OnsetDate, row.DiagnosisEncounterID = d, enc
	for i := len(w.b.Conditions) - 1; i >= per.condFrom; i-- {
		if p := &w.b.Conditions[i]; p.ConditionID == hc.presentingID {
			p.ResolvedDate = d
			break
		}
	}
	hc.clinicDiagnosed = d
}
