package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// h68g: a GP review (generate -n 3000 -s 61) found no serum sodium ever
// recorded, though a U&E reports it beside the potassium and the eGFR, and
// thiazides and SSRIs lower it, above all in older people. Now every
// potassium's sample reports a sodium (catalogue potassium panel), the two
// classes lower it in an age-rising subgroup (prescribing.yaml state_effects
// susceptible), and a sodium below 130 on one stops it, codes Hyponatraemia
// (which bars both classes) and is repeated (result_stops). The tests read
// the shared pathway population.

// sodiumDrugOn reports whether one of the person's thiazide or SSRI issues
// covered the day before d (a course the result stops on d is withdrawn
// that day): "thiazide", "ssri" or "".
func (r *realism) sodiumDrugOn(id string, d models.Date) string {
	for _, rx := range r.rxOf[id] {
		if rx.StartDate >= d || rx.EndDate != models.NoDate && rx.EndDate < d-1 {
			continue
		}
		switch k := medKey(rx); {
		case datasets.InClass(k, "thiazide"):
			return "thiazide"
		case datasets.InClass(k, "ssri"):
			return "ssri"
		}
	}
	return ""
}

// sodiumCode is the sodium's SNOMED CT code; the test fails where the
// catalogue has no sodium (before h68g).
func (r *realism) sodiumCode(t *testing.T) string {
	t.Helper()
	if _, ok := r.p.obsIndex["sodium"]; !ok {
		t.Fatal("the catalogue has no sodium observation: no U&E reports one")
	}
	return r.snomed("sodium")
}

// TestUAndEReportsSodium: every serum potassium comes with a sodium from the
// same sample (the same encounter and time), and untreated readings sit in
// the reference range. Before, no sodium at all.
func TestUAndEReportsSodium(t *testing.T) {
	r := pathwayPopulation(t)
	na, k := r.sodiumCode(t), r.snomed("potassium")
	type key struct {
		enc string
		at  models.Timestamp
	}
	sodiumAt := map[key]bool{}
	var sum float64
	n, low := 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != na || o.Value == nil {
			continue
		}
		sodiumAt[key{o.EncounterID, o.EffectiveTime}] = true
		if r.sodiumDrugOn(o.PatientID, o.EffectiveTime.Date()) == "" {
			n++
			sum += *o.Value
			if *o.Value < 133 {
				low++
			}
		}
	}
	enough(t, n, 2000, "sodium readings off thiazides and SSRIs")
	missing, potassium := 0, 0
	for i := range r.b.Observations {
		if o := &r.b.Observations[i]; o.SnomedCode == k {
			potassium++
			if !sodiumAt[key{o.EncounterID, o.EffectiveTime}] {
				missing++
			}
		}
	}
	mean := sum / float64(n)
	t.Logf("%d sodium readings off thiazides and SSRIs, mean %.1f, %d below 133; %d of %d potassiums without a sodium", n, mean, low, missing, potassium)
	if missing > 0 {
		t.Errorf("%d of %d potassiums have no sodium from the same sample: a U&E reports both", missing, potassium)
	}
	// usual 140 at 40, a little lower with age (catalogue sodium); the
	// harmony reference range is 133-146
	if mean < 137 || mean > 142 {
		t.Errorf("mean untreated sodium %.1f: want 137-142 mmol/L", mean)
	}
	if 20*low > n {
		t.Errorf("%d of %d untreated sodiums below 133: want under 1 in 20", low, n)
	}
}

// TestThiazideHyponatraemiaRisesWithAge: readings of people aged 75 and
// over on a thiazide fall below 135 more often than those of people aged
// 75 and over on neither drug, and more often than those of thiazide users
// under 65 (Chow et al. 2003: the risk doubles each ten years of age).
func TestThiazideHyponatraemiaRisesWithAge(t *testing.T) {
	r := pathwayPopulation(t)
	na := r.sodiumCode(t)
	var n, low [3]int // thiazide 75+, none 75+, thiazide under 65
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != na || o.Value == nil {
			continue
		}
		d := o.EffectiveTime.Date()
		age := int((d - r.patients[o.PatientID].BirthDate) / 365)
		g := -1
		switch drug := r.sodiumDrugOn(o.PatientID, d); {
		case drug == "thiazide" && age >= 75:
			g = 0
		case drug == "" && age >= 75:
			g = 1
		case drug == "thiazide" && age < 65:
			g = 2
		}
		if g < 0 {
			continue
		}
		n[g]++
		if *o.Value < 135 {
			low[g]++
		}
	}
	t.Logf("below 135: thiazide 75+ %d of %d, neither 75+ %d of %d, thiazide under 65 %d of %d", low[0], n[0], low[1], n[1], low[2], n[2])
	enough(t, n[0], 200, "sodiums on a thiazide at 75 and over")
	enough(t, n[2], 200, "sodiums on a thiazide under 65")
	if low[0]*n[1] <= low[1]*n[0] || low[0]*n[2] <= low[2]*n[0] {
		t.Errorf("thiazide users of 75 and over below 135 (%d of %d) not more often than people of 75 and over on neither (%d of %d) and thiazide users under 65 (%d of %d)", low[0], n[0], low[1], n[1], low[2], n[2])
	}
}

// TestLowSodiumStopsThiazideOrSSRI: a sodium below 130 on a thiazide or an
// SSRI codes Hyponatraemia that day, no thiazide or SSRI is issued from that
// day on (STOPP v2; recorded_contraindications), and the sodium is repeated
// within 21 days (a few are left: a repeat past the record's end, a result
// under 125 sent to A&E).
func TestLowSodiumStopsThiazideOrSSRI(t *testing.T) {
	r := pathwayPopulation(t)
	na := r.sodiumCode(t)
	events, issued, uncoded, unrepeated := 0, 0, 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != na || o.Value == nil || *o.Value >= 130 {
			continue
		}
		d := o.EffectiveTime.Date()
		if r.sodiumDrugOn(o.PatientID, d) == "" {
			continue
		}
		events++
		for _, rx := range r.rxOf[o.PatientID] {
			if k := medKey(rx); rx.StartDate >= d && (datasets.InClass(k, "thiazide") || datasets.InClass(k, "ssri")) {
				issued++
				t.Logf("patient %s: %s issued %v after a sodium of %.0f on %v", o.PatientID, rx.Medication, rx.StartDate, *o.Value, d)
				break
			}
		}
		coded := false
		for _, c := range r.condsOf[o.PatientID] {
			coded = coded || c.SnomedCode == "89627008" && c.OnsetDate <= d && (c.ResolvedDate == models.NoDate || c.ResolvedDate >= d)
		}
		if !coded {
			uncoded++
		}
		repeated := false
		for _, p := range r.obsOf[o.PatientID] {
			if pd := p.EffectiveTime.Date(); p.SnomedCode == na && pd > d && pd <= d+21 {
				repeated = true
			}
		}
		if !repeated {
			unrepeated++
		}
	}
	t.Logf("%d sodiums below 130 on a thiazide or SSRI: %d followed by one of them issued, %d without Hyponatraemia coded, %d not repeated within 21 days", events, issued, uncoded, unrepeated)
	enough(t, events, 5, "sodiums below 130 on a thiazide or SSRI")
	if issued > 0 || uncoded > 0 {
		t.Errorf("%d followed by a thiazide or SSRI issued, %d without Hyponatraemia coded: want none", issued, uncoded)
	}
	if 5*unrepeated > events {
		t.Errorf("%d of %d not repeated within 21 days: want at most 1 in 5", unrepeated, events)
	}
}
