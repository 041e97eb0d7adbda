// Checks for brief h55b: urate-lowering therapy starts with flare
// prophylaxis (NICE NG219 1.5: colchicine while ULT is started and
// titrated), for about six months, at a dose the kidneys allow, and never
// beside clarithromycin (BNF interactions).
package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// goutCover reports whether the prescription is colchicine given as flare
// prophylaxis (regimens.csv steps 1 and 2), not a flare's course.
func goutCover(rx *models.Prescription) bool {
	return medKey(rx) == "colchicine" && strings.Contains(rx.DoseText, "prevent gout flares")
}

// TestULTStartsWithColchicineCover: an allopurinol started at its first
// dose (100 mg daily) comes with colchicine from the same day, unless the
// eGFR is below 30; the cover runs about six months (182 days, not past
// 190) and at an eGFR below 60 is once a day. Before, no start had it (0
// of 229 starts at 100 mg on generate -n 20000 -s 83; 39 had a flare's
// colchicine course running).
func TestULTStartsWithColchicineCover(t *testing.T) {
	r := pathwayPopulation(t)
	starts, covered, long, twiceLowEGFR := 0, 0, 0, 0
	for id := range r.rxOf {
		first := firstULTStart(r, id)
		if first == models.NoDate {
			continue
		}
		var startRx *models.Prescription
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "allopurinol" && rx.StartDate == first && rx.DoseText == "Take ONE tablet daily after food" && rx.DMDCode == "330061001" {
				startRx = rx
			}
		}
		if startRx == nil {
			continue // in force when the record opened, at a dose reached before it
		}
		egfr, seen := r.latestReadingOn(id, "egfr", first, 456)
		if seen && egfr < 30 {
			continue
		}
		starts++
		coverFrom, coverTo := models.NoDate, models.NoDate
		for _, rx := range r.rxOf[id] {
			if !goutCover(rx) {
				continue
			}
			if coverFrom == models.NoDate || rx.StartDate < coverFrom {
				coverFrom = rx.StartDate
			}
			if end := rx.EndDate; end != models.NoDate && (coverTo == models.NoDate || end > coverTo) {
				coverTo = end
			}
			if seen && egfr < 60 && rx.StartDate == first && strings.Contains(rx.DoseText, "twice") {
				twiceLowEGFR++
			}
		}
		if coverFrom == first {
			covered++
		}
		if coverFrom != models.NoDate && coverTo != models.NoDate && coverTo-first > 190 {
			long++
		}
	}
	enough(t, starts, 30, "allopurinol starts at 100 mg with an eGFR of 30 or more")
	if share := float64(covered) / float64(starts); share < 0.9 {
		t.Errorf("%d of %d allopurinol starts had colchicine cover from the same day (%.0f%%), want 90%% or more", covered, starts, 100*share)
	}
	if long > 0 {
		t.Errorf("%d colchicine covers ran more than 190 days past the start of urate-lowering therapy, want none (6 months)", long)
	}
	if twiceLowEGFR > 0 {
		t.Errorf("%d colchicine covers started twice a day at an eGFR below 60, want once a day", twiceLowEGFR)
	}
}

// TestNoColchicineWithClarithromycin: no day on which colchicine and
// clarithromycin both run (BNF: avoid; the prophylaxis made colchicine run
// for months, where before it ran a week).
func TestNoColchicineWithClarithromycin(t *testing.T) {
	r := pathwayPopulation(t)
	colchicine, both := 0, 0
	for _, rxs := range r.rxOf {
		for _, a := range rxs {
			if medKey(a) != "colchicine" {
				continue
			}
			colchicine++
			for _, b := range rxs {
				if medKey(b) == "clarithromycin" && overlaps(a, b) {
					both++
				}
			}
		}
	}
	enough(t, colchicine, 30, "colchicine issues")
	if both > 0 {
		t.Errorf("%d colchicine issues overlap a clarithromycin course, want none", both)
	}
}

// overlaps reports whether two prescriptions run on a common day (an open
// end runs on).
func overlaps(a, b *models.Prescription) bool {
	aEnd, bEnd := a.EndDate, b.EndDate
	return (aEnd == models.NoDate || b.StartDate <= aEnd) && (bEnd == models.NoDate || a.StartDate <= bEnd)
}
