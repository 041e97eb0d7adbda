package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// adminCallRecord is what adminCalls reads of a person's record for every
// call, gathered once per person instead of once per call (issue 17: the
// per-call scans of every observation and encounter were a tenth of
// generation's CPU). Nothing adminCalls changes while it runs alters what
// this holds: it rewrites only the calls' own coded entries (to codes that
// resolveAdminCalls checks are not results), their day and reason, and
// deletes the withdrawn calls once it has finished.
type adminCallRecord struct {
	code   []int        // per call (per.adminCalls): the row of its first "Telephone consultation" entry, -1 none
	others []bool       // per call: another coded entry at it
	tests  []resultTest // the entries of a test of admin_calls results, in row order, at a GP encounter
	fitSet bool         // stays and conds are gathered (on the first fit note looked for)
	stays  []int        // the encounter rows of the inpatient stays that bring a fit note
	conds  []int        // the condition rows of fit_note_for
}

// adminRecordCheck, set by a test (admincallrecord_test.go), is called with
// each person's record once gathered, before any call is answered.
var adminRecordCheck func(w *worker, per *person)

// resultTest is one entry of a test whose result a call may give.
type resultTest struct {
	row int         // its observation row
	day models.Date // the day it was taken
	enc int         // the row of its GP encounter
}

// callIndex is the position of encounter id in per.adminCalls, -1 when it
// is not a call.
func callIndex(per *person, id string) int {
	for j, c := range per.adminCalls {
		if sameRowID(c, id) {
			return j
		}
	}
	return -1
}

// gatherAdminCallRecord reads the person's observations once: each call's
// coded entry and whether anything else was coded at it, and the GP
// encounters' result tests.
func (w *worker) gatherAdminCallRecord(per *person) *adminCallRecord {
	r := &w.adminRecord
	n := len(per.adminCalls)
	r.code, r.others = slices.Grow(r.code[:0], n)[:n], slices.Grow(r.others[:0], n)[:n]
	for j := range r.code {
		r.code[j], r.others[j] = -1, false
	}
	r.tests, r.fitSet, r.stays, r.conds = r.tests[:0], false, r.stays[:0], r.conds[:0]
	ap := w.plan.adminCalls
	lastEnc, lastRow := "", -2 // a test's rows follow each other at one encounter: look it up once (-2: not yet)
	callEnc, call := "", -2    // so do a contact's entries: its call index once a run of rows (-2: not yet; stop 60)
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		if o.ObservationID.IsZero() {
			continue
		}
		if call == -2 || !sameRowID(callEnc, o.EncounterID) {
			callEnc, call = o.EncounterID, callIndex(per, o.EncounterID)
		}
		if j := call; j >= 0 {
			if o.SnomedCode == w.plan.phoneConsult.Snomed && r.code[j] < 0 {
				r.code[j] = k
			} else {
				r.others[j] = true
			}
		}
		if !ap.results[o.SnomedCode] {
			continue
		}
		if lastRow == -2 || !sameRowID(lastEnc, o.EncounterID) {
			lastEnc, lastRow = o.EncounterID, w.encounterRow(per, o.EncounterID)
		}
		if lastRow >= 0 && w.b.Encounters[lastRow].Setting == settingGP {
			r.tests = append(r.tests, resultTest{row: k, day: o.EffectiveTime.Date(), enc: lastRow})
		}
	}
	return r
}

// fitNoteSources gathers, on the first call that looks for a fit note, the
// stays that bring one and the conditions of fit_note_for.
func (w *worker) fitNoteSources(per *person) *adminCallRecord {
	r := &w.adminRecord
	if r.fitSet {
		return r
	}
	r.fitSet = true
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		if x := &w.b.Encounters[e]; x.Setting == settingInpatient && x.ReasonConditionID != "" && w.stayCertified(per, x) {
			r.stays = append(r.stays, e)
		}
	}
	fitFor := w.plan.adminCalls.a.FitNoteFor
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		if slices.Contains(fitFor, w.b.Conditions[i].ConditionKey) {
			r.conds = append(r.conds, i)
		}
	}
	return r
}

// givenAlready reports whether a call has given encounter id's results.
func givenAlready(given []string, id string) bool {
	for _, g := range given {
		if sameRowID(g, id) {
			return true
		}
	}
	return false
}
