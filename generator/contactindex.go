package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// The background's checks (checkup.go, conditionstate.go) ask, for each GP
// contact drawn, whether a blood pressure reading or a telephone query falls
// near its day. Scanning the person's whole record for each made these
// checks a quarter of the generator's time (thirteenth review, issue 17).
// These indexes hold only the rows the checks read, in compact form, and
// catch up with the rows written since they were last read: rows are only
// appended during the background, except the GP contact it drops again.

// rebuildContactIndexes makes every read rebuild an index from the person's
// first row, as the scans before it did (the readings by slot too:
// readingindex.go), and condition rows be found by the scan (condindex.go):
// tests compare the two.
var rebuildContactIndexes = false

// bpReading is a blood pressure observation of the person's.
type bpReading struct {
	at     models.Timestamp
	day    models.Date
	sys    bool // systolic (else diastolic)
	valued bool // has a value
	close  bool // at or above its close-recheck threshold (blood_pressure_recheck)
}

// bpIndex lists the person's blood pressure readings written so far.
type bpIndex struct {
	rows    []bpReading
	scanned int // the observations read, as a batch index
}

// bloodPressures is the person's index, caught up with the observations.
func (w *worker) bloodPressures(per *person) []bpReading {
	ix := &per.bpIndex
	if rebuildContactIndexes {
		ix.rows, ix.scanned = ix.rows[:0], 0
	}
	r := &w.plan.Cat.Activity.BloodPressureRecheck
	sys, dia := w.plan.obsCodes[w.plan.slots.systolic].Snomed, w.plan.obsCodes[w.plan.slots.diastolic].Snomed
	for k := max(ix.scanned, per.obsFrom); k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		isSys := o.SnomedCode == sys
		if !isSys && o.SnomedCode != dia {
			continue
		}
		b := bpReading{at: o.EffectiveTime, day: o.EffectiveTime.Date(), sys: isSys, valued: o.Value != nil}
		b.close = b.valued && ((isSys && *o.Value >= r.CloseSystolic) || (!isSys && *o.Value >= r.CloseDiastolic))
		ix.rows = append(ix.rows, b)
	}
	ix.scanned = len(w.b.Observations)
	return ix.rows
}

// phoneIndex lists the person's encounters that were telephone contacts
// when read, in the order of their days (a year's contacts are drawn in no
// order of their days), so a reader finds those near a day by a binary
// search; a reader checks each is one still.
type phoneIndex struct {
	rows    []phoneRow
	scanned int // the encounters read, as a batch index
}

// phoneRow is an encounter's batch index and the day it started on.
type phoneRow struct {
	e   int
	day models.Date
}

// phoneContacts is the person's index, caught up with the encounters
// before encounter e, the contact being decided: e is the last, and may be
// dropped again (a contact not booked), so it and any after it are not
// indexed (the reader checks them itself). Entries past the end (the
// record cut back) go.
func (w *worker) phoneContacts(per *person, e int) []phoneRow {
	ix := &per.phoneIndex
	if rebuildContactIndexes {
		ix.rows, ix.scanned = ix.rows[:0], 0
	}
	n := min(len(w.b.Encounters), e)
	if ix.scanned > n {
		ix.rows = slices.DeleteFunc(ix.rows, func(r phoneRow) bool { return r.e >= n })
	}
	phone := w.plan.encTypes[encGPTelephone].Code
	for k := max(min(ix.scanned, n), per.encFrom); k < n; k++ {
		if x := &w.b.Encounters[k]; sameCode(x.TypeCode, phone) {
			r := phoneRow{k, x.StartTime.Date()}
			ix.rows = slices.Insert(ix.rows, phoneDayFrom(ix.rows, r.day+1), r) // after the rows of its day
		}
	}
	ix.scanned = n
	return ix.rows
}

// phoneRowsNear are the rows of the index (phoneContacts) whose day falls
// within gap days of day d, before or after.
func phoneRowsNear(rows []phoneRow, d, gap models.Date) []phoneRow {
	from := phoneDayFrom(rows, d-gap+1)
	return rows[from : from+phoneDayFrom(rows[from:], d+gap)]
}

// phoneDayFrom is the index of the first row on day d or later (a binary
// search written out: with a comparison function it cost more than the
// scan it replaced).
func phoneDayFrom(rows []phoneRow, d models.Date) int {
	lo, hi := 0, len(rows)
	for lo < hi {
		if m := int(uint(lo+hi) >> 1); rows[m].day < d {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
