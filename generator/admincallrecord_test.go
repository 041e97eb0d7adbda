package generator

import (
	"sync"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestAdminCallRecordIsWhatEachCallWouldScan checks the record adminCalls
// gathers once per person (issue 17) against the scans each call made
// before: for every call, its coded entry and whether anything else was
// coded at it, and the result it would give on its day and the test it
// would move to, read from every observation row as the scans read them.
// A record that missed a row (a withdrawn entry, a test at a stay) would
// answer calls differently and change the output.
func TestAdminCallRecordIsWhatEachCallWouldScan(t *testing.T) {
	p := testPlan(t, 3000, nil)
	var mu sync.Mutex
	calls, answered, moved := 0, 0, 0
	adminRecordCheck = func(w *worker, per *person) {
		r := &w.adminRecord
		mu.Lock()
		defer mu.Unlock()
		for j, id := range per.adminCalls {
			calls++
			code, others := scanCallEntries(w, per, id)
			if code != r.code[j] || others != r.others[j] {
				t.Errorf("call %s: gathered entry %d (others %v), scanned %d (others %v)", id, r.code[j], r.others[j], code, others)
			}
			x := w.encounterByID(per, id)
			if x == nil {
				continue
			}
			d := x.StartTime.Date()
			want, got := scanResultToGive(w, per, d), w.resultToGive(per, d, nil)
			if want != got {
				t.Errorf("call %s on %v: result to give %v, scanned %v", id, d, got, want)
			}
			if got != nil {
				answered++
			}
			wantEnc, wantDay := scanMoveToResult(w, per, x)
			gotEnc, gotDay := w.moveToResult(per, x, nil)
			if wantEnc != gotEnc || wantDay != gotDay {
				t.Errorf("call %s: moves to %v on %v, scanned %v on %v", id, gotEnc, gotDay, wantEnc, wantDay)
			}
			if gotEnc != nil {
				moved++
			}
		}
	}
	defer func() { adminRecordCheck = nil }()
	generateAll(t, p, 0, 3000)
	t.Logf("%d calls: %d with a result on their day, %d with one to move to", calls, answered, moved)
	if calls < 100 || answered == 0 || moved == 0 {
		t.Fatalf("too few calls to compare: %d calls, %d results given, %d moved", calls, answered, moved)
	}
}

// scanCallEntries reads every observation row for call id's coded entry,
// as adminCalls did per call before the record.
func scanCallEntries(w *worker, per *person, id string) (int, bool) {
	code, others := -1, false
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		if o := &w.b.Observations[k]; o.EncounterID == id && !o.ObservationID.IsZero() {
			if o.SnomedCode == w.plan.phoneConsult.Snomed && code < 0 {
				code = k
			} else {
				others = true
			}
		}
	}
	return code, others
}

// scanResultToGive is resultToGive read from every observation row.
func scanResultToGive(w *worker, per *person, d models.Date) *models.Encounter {
	ap := w.plan.adminCalls
	lo, hi := d-models.Date(ap.a.ResultDays[1]), d-models.Date(ap.a.ResultDays[0])
	var best *models.Encounter
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		od := o.EffectiveTime.Date()
		if od < lo || od > hi || !ap.results[o.SnomedCode] || o.ObservationID.IsZero() {
			continue
		}
		enc := w.encounterByID(per, o.EncounterID)
		if enc == nil || enc.Setting != settingGP || (best != nil && enc.StartTime <= best.StartTime) {
			continue
		}
		best = enc
	}
	return best
}

// scanMoveToResult is moveToResult read from every observation row.
func scanMoveToResult(w *worker, per *person, x *models.Encounter) (*models.Encounter, models.Date) {
	ap := w.plan.adminCalls
	d, move := x.StartTime.Date(), models.Date(ap.a.MoveDays)
	var best *models.Encounter
	bestDay, bestGap := models.NoDate, models.Date(0)
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		o := &w.b.Observations[k]
		od := o.EffectiveTime.Date()
		if od < d-move || od > d+move || !ap.results[o.SnomedCode] || o.ObservationID.IsZero() {
			continue
		}
		gap := max(od-d, d-od)
		if best != nil && (best.EncounterID == o.EncounterID || gap >= bestGap) {
			continue
		}
		enc := w.encounterByID(per, o.EncounterID)
		if enc == nil || enc.Setting != settingGP {
			continue
		}
		to := w.firstFree(per, x, od+models.Date(ap.a.ResultDays[0]), od+models.Date(ap.a.ResultDays[1]))
		if to == models.NoDate {
			continue
		}
		best, bestDay, bestGap = enc, to, gap
	}
	return best, bestDay
}
