// Checks for brief h69f: a GP review found allopurinol started at the gout
// flare that diagnosed it and a repeat DXA scan coded at a GP review (one
// at a home visit).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestAllopurinolNotStartedDuringTheDiagnosingFlare: NICE NG219 1.5 starts
// urate-lowering therapy once the flare has settled (GPnotebook: 1-2 weeks
// after the attack resolves). catalogue gout settle_first starts the
// treated share's allopurinol 14-28 days after the diagnosing flare. Before,
// 103 of 335 first allopurinol issues were on the day gout was diagnosed
// (generate -n 20000 -s 83).
func TestAllopurinolNotStartedDuringTheDiagnosingFlare(t *testing.T) {
	r := pathwayPopulation(t)
	seen, early := 0, 0
	for id := range r.patients {
		g := r.has(id, "gout")
		if g == nil || g.OnsetDate < r.p.windowStart {
			continue // diagnosed before the record: its start is not the diagnosing contact's
		}
		first := models.NoDate
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "allopurinol" && (first == models.NoDate || rx.StartDate < first) {
				first = rx.StartDate
			}
		}
		if first == models.NoDate || first < g.OnsetDate {
			continue
		}
		seen++
		if first-g.OnsetDate < 14 {
			early++
			t.Logf("%s: gout diagnosed %s, allopurinol first issued %s", id, g.OnsetDate, first)
		}
	}
	enough(t, seen, 20, "people diagnosed with gout in the record who started allopurinol")
	t.Logf("%d first allopurinol issues after a gout diagnosis in the record, %d within 13 days of it", seen, early)
	if early > 0 {
		t.Errorf("%d of %d first allopurinol issues within 13 days of the flare that diagnosed gout (NICE NG219 1.5: once it has settled)", early, seen)
	}
}

// TestDXAScanIsAHospitalTest: a bone density scan is a radiology test,
// never done at a GP review, on the telephone or at a home visit. Before,
// 36 of 207 DXA scans (generate -n 20000 -s 83) were coded at a GP
// encounter: the 5-year alendronic acid review (catalogue osteoporosis
// course_review) wrote its scan at the review; now at a hospital
// attendance 2-4 weeks before it.
func TestDXAScanIsAHospitalTest(t *testing.T) {
	r := pathwayPopulation(t)
	code, ok := datasets.ObservationByKey("dxa_scan")
	if !ok {
		t.Fatal("observation_codes.csv: no dxa_scan")
	}
	dxa := code.Snomed
	scans, atGP := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		for _, o := range r.obsByEnc[e.EncounterID] {
			if o.SnomedCode != dxa {
				continue
			}
			scans++
			if e.Setting == settingGP {
				atGP++
				t.Logf("%s: DXA scan on %s at a GP encounter (%s)", e.PatientID, e.StartTime.Date(), e.Class)
			}
		}
	}
	enough(t, scans, 20, "DXA scans")
	t.Logf("%d DXA scans, %d at a GP encounter", scans, atGP)
	if atGP > 0 {
		t.Errorf("%d of %d DXA scans coded at a GP encounter", atGP, scans)
	}
}
