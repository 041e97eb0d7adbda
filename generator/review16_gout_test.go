// Checks for the sixteenth review: gout, a common condition of old age the
// model lacked, with its flares and urate-lowering therapy (NICE NG219).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestGoutIsCommonInOlderMen: gout was missing (Kuo et al. 2015: 2.49% of
// the UK population, men about four times women). Now living people have
// it at about that rate, men far more often than women.
func TestGoutIsCommonInOlderMen(t *testing.T) {
	r := pathwayPopulation(t)
	var n, with [2]int // by sex index
	for id, p := range r.patients {
		if p.DeathDate != models.NoDate {
			continue
		}
		sx := sexIndex(p.Sex)
		n[sx]++
		if r.has(id, "gout") != nil {
			with[sx]++
		}
	}
	f, m := sexIndex("female"), sexIndex("male")
	enough(t, with[m], 60, "living men with gout")
	all := 100 * float64(with[f]+with[m]) / float64(n[f]+n[m])
	if all < 1.8 || all > 3.3 {
		t.Errorf("gout in %.2f%% of the living, want about 2.49%% (Kuo et al. 2015)", all)
	}
	men, women := float64(with[m])/float64(n[m]), float64(with[f])/float64(n[f])
	if women == 0 || men/women < 2.5 {
		t.Errorf("gout in %.2f%% of men and %.2f%% of women, want men at least 2.5 times women", 100*men, 100*women)
	}
}

// TestAllopurinolTreatsToTarget: allopurinol starts at 100 mg and is raised
// only while the urate is above 360 micromol/L (NICE NG219); no raise is
// made on a reading at target, and the dose stays at 200 mg or less with an
// eGFR below 30 (prescribing.yaml renal cap).
func TestAllopurinolTreatsToTarget(t *testing.T) {
	r := pathwayPopulation(t)
	urate, egfr := r.snomed("serum_urate"), r.snomed("egfr")
	started, raised := 0, 0
	for id := range r.patients {
		if r.has(id, "gout") == nil {
			continue
		}
		last := 0
		for _, rx := range r.rxOf[id] {
			if medKey(rx) != "allopurinol" {
				continue
			}
			dose := allopurinolMg(t, rx)
			// treatment begun before the record's window is first issued at the
			// window's first review, at the dose reached then
			if last == 0 {
				if rx.StartDate >= r.p.windowStart+400 {
					started++
					if dose != 100 {
						t.Errorf("%s: allopurinol started at %d mg on %s, want 100 mg", id, dose, rx.StartDate)
					}
				}
			} else if dose > last {
				raised++
				if v := latestBefore(r.values(id, urate), rx.StartDate); v != nil && *v.Value <= 360 {
					t.Errorf("%s: allopurinol raised to %d mg on %s with the urate at %.0f", id, dose, rx.StartDate, *v.Value)
				}
			}
			if v := latestBefore(r.values(id, egfr), rx.StartDate); v != nil && *v.Value < 30 && dose > 200 {
				t.Errorf("%s: allopurinol %d mg on %s at an eGFR of %.0f", id, dose, rx.StartDate, *v.Value)
			}
			last = dose
		}
	}
	enough(t, started, 30, "people started on allopurinol")
	enough(t, raised, 20, "allopurinol dose increases")
}

// TestGoutFlaresAreTreated: a flare seen at the GP is treated, with naproxen
// or, where an NSAID is ruled out, colchicine (NICE NG219); never naproxen
// beside a running antiplatelet or anticoagulant (prescribing.yaml: a flare
// drawn before chronic care once got it beside aspirin or clopidogrel).
func TestGoutFlaresAreTreated(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	flares, treated := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "gout_flare" {
			continue
		}
		if e := r.encs[c.DiagnosisEncounterID]; e == nil || e.Setting != settingGP || keys[e.ReasonConditionID] != "gout_flare" || ageOnDay(r.patients[c.PatientID], c.OnsetDate) < 18 {
			continue
		}
		flares++
		for _, rx := range r.rxOf[c.PatientID] {
			if rx.EncounterID != c.DiagnosisEncounterID || (medKey(rx) != "naproxen" && medKey(rx) != "colchicine") {
				continue
			}
			treated++
			for _, cls := range []string{"antiplatelet", "anticoagulant"} {
				if medKey(rx) == "naproxen" && r.classRunning(c.PatientID, cls, rx.StartDate) {
					t.Errorf("%s: naproxen for a gout flare on %s with an %s running", c.PatientID, rx.StartDate, cls)
				}
			}
			break
		}
	}
	enough(t, flares, 40, "gout flares first seen at the GP")
	if share := float64(treated) / float64(flares); share < 0.7 {
		t.Errorf("%d of %d gout flares seen at the GP treated (%.0f%%), want 70%% or more", treated, flares, 100*share)
	}
}

// latestBefore is the latest reading on or before day d.
func latestBefore(obs []*models.Observation, d models.Date) *models.Observation {
	var out *models.Observation
	for _, o := range obs {
		if o.EffectiveTime.Date() <= d && (out == nil || o.EffectiveTime > out.EffectiveTime) {
			out = o
		}
	}
	return out
}
