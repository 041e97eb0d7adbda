package generator

import (
	"sync"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The pathway tests read one shared population: generating it is the cost.
var (
	pathwayOnce sync.Once
	pathwayPop  *realism
)

func pathwayPopulation(t *testing.T) *realism {
	pathwayOnce.Do(func() { pathwayPop = newRealism(t, 6000) })
	return pathwayPop
}

// medKey is the medicine a prescribed product belongs to.
func medKey(rx *models.Prescription) string {
	g, _ := datasets.RegimenByDMD(rx.DMDCode)
	return g.Medicine
}

// NICE NG136: in type 2 diabetes the first antihypertensive is an ACE
// inhibitor or ARB, whatever the age; never a calcium-channel blocker alone.
func TestDiabeticsStartAnACEInhibitorOrARB(t *testing.T) {
	r := pathwayPopulation(t)
	checked, ccb := 0, 0
	for id := range r.patients {
		dm := r.has(id, "type2_diabetes")
		if dm == nil {
			continue
		}
		first := models.NoDate
		for _, rx := range r.rxOf[id] {
			if datasets.InClass(medKey(rx), "antihypertensive") && (first == models.NoDate || rx.StartDate < first) {
				first = rx.StartDate
			}
		}
		// Treatment begun before the window is first issued at the window's
		// first review, within a year of its start: only later starts count.
		if first == models.NoDate || first < dm.OnsetDate || first < r.p.windowStart+400 {
			continue
		}
		checked++
		raas := false
		for _, rx := range r.rxOf[id] {
			raas = raas || (rx.StartDate == first && datasets.InClass(medKey(rx), "raas_blocker"))
		}
		if !raas {
			ccb++
			t.Logf("%s: diabetes %s, first antihypertensive %s", id, dm.OnsetDate, first)
		}
	}
	if checked < 20 {
		t.Fatalf("only %d diabetics started an antihypertensive in the window", checked)
	}
	if ccb > 0 {
		t.Errorf("%d of %d diabetics started on an antihypertensive other than an ACE inhibitor or ARB", ccb, checked)
	}
}
