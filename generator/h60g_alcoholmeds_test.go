package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// Brief h60g (issue 9): no drinking disorder had a medicine. Of 137 people
// coded with alcohol dependence on generate -n 20000 -s 83 (124 referred to
// specialist alcohol services) none had thiamine, acamprosate or
// naltrexone. NICE CG100 1.1.3: prophylactic oral thiamine for dependent
// drinkers (and harmful drinkers who are malnourished); NICE CG115 1.3.6:
// acamprosate or oral naltrexone after assisted withdrawal.

// TestAlcoholDependenceHasItsMedicines: most people referred for alcohol
// dependence at their full AUDIT have oral thiamine issued there, some have
// acamprosate or naltrexone within six months, and every such issue is for
// the coded disorder and safe: no acamprosate on a latest eGFR below 30 nor
// over 65, no naltrexone beside an opioid.
func TestAlcoholDependenceHasItsMedicines(t *testing.T) {
	r := pathwayPopulation(t)
	hp := r.p.alcohol.harmful
	keys := r.conditionKeys()
	egfr := r.snomed("egfr")
	referred, thiamine, relapse := 0, 0, 0
	for id, os := range r.obsOf {
		var ref *models.Observation
		for _, o := range os {
			if o.SnomedCode == hp.ref.Snomed {
				ref = o
				break
			}
		}
		if ref == nil || r.has(id, r.p.Cat.Alcohol.Dependence) == nil {
			continue // h61f: harmful drinking advice did not change is referred too, with no medicine
		}
		referred++
		d := ref.EffectiveTime.Date()
		gotThiamine, gotRelapse := false, false
		for _, rx := range r.rxOf[id] {
			switch {
			case strings.HasPrefix(rx.Medication, "Thiamine"):
				gotThiamine = gotThiamine || rx.EncounterID == ref.EncounterID
			case strings.HasPrefix(rx.Medication, "Acamprosate"), strings.HasPrefix(rx.Medication, "Naltrexone"):
				gotRelapse = gotRelapse || rx.StartDate > d && rx.StartDate <= d+182
			}
		}
		if gotThiamine {
			thiamine++
		}
		if gotRelapse {
			relapse++
		}
	}
	for id, rxs := range r.rxOf {
		pt := r.patients[id]
		for _, rx := range rxs {
			acamprosate := strings.HasPrefix(rx.Medication, "Acamprosate")
			naltrexone := strings.HasPrefix(rx.Medication, "Naltrexone")
			thiamine := strings.HasPrefix(rx.Medication, "Thiamine")
			if !acamprosate && !naltrexone && !thiamine {
				continue
			}
			if k := keys[rx.ConditionID]; k != r.p.Cat.Alcohol.Dependence && (k != hp.h.Condition.Key || !thiamine) {
				t.Errorf("patient %s: %s issued %v for %q, not a coded drinking disorder", id, rx.Medication, rx.StartDate, k)
			}
			if acamprosate {
				if v, ok := r.latestBefore(id, egfr, rx.StartDate, 365); ok && v < 30 {
					t.Errorf("patient %s: acamprosate issued %v on an eGFR of %v (BNF: avoid in renal impairment)", id, rx.StartDate, v)
				}
				if a := ageOn(pt, rx.StartDate); a > 65 {
					t.Errorf("patient %s: acamprosate issued at %d (licensed 18-65)", id, a)
				}
			}
			if naltrexone && r.classRunsOn(id, "opioid", rx.StartDate, rx) {
				t.Errorf("patient %s: naltrexone issued %v beside an opioid", id, rx.StartDate)
			}
		}
	}
	enough(t, referred, 20, "people referred for alcohol dependence")
	t.Logf("%d referred for alcohol dependence: %d thiamine at the AUDIT, %d acamprosate or naltrexone within 6 months", referred, thiamine, relapse)
	// thiamine_share 0.8 of the dependent: at least 6 in 10 (sampling)
	if thiamine*10 < referred*6 {
		t.Errorf("%d of %d people referred for alcohol dependence had thiamine at their AUDIT (NICE CG100 1.1.3)", thiamine, referred)
	}
	// relapse_share 0.5 of those seen after the withdrawal: at least 1 in 20
	if relapse*20 < referred {
		t.Errorf("%d of %d people referred for alcohol dependence had acamprosate or naltrexone within 6 months (NICE CG115 1.3.6)", relapse, referred)
	}
}

// TestFluoxetineIsNotStartedFrom80: brief h60g: fluoxetine was the first
// antidepressant of 7 people of 80 or over on generate -n 20000 -s 83 (one
// started at 86 on -n 3000 -s 31). From 80 it is not started
// (prescribing.yaml from_age); people of 80+ starting an antidepressant
// mostly have sertraline.
func TestFluoxetineIsNotStartedFrom80(t *testing.T) {
	r := pathwayPopulation(t)
	oldStarts, sertraline := 0, 0
	for id, rxs := range r.rxOf {
		pt := r.patients[id]
		for _, rx := range rxs {
			fluoxetine := strings.HasPrefix(rx.Medication, "Fluoxetine")
			if !fluoxetine && !strings.HasPrefix(rx.Medication, "Sertraline") || rx.EncounterID == "" || ageOn(pt, rx.StartDate) < 80 {
				continue
			}
			running := false // the same medicine within 28 days before: a course going on
			for _, o := range rxs {
				if o != rx && o.Medication[:5] == rx.Medication[:5] && o.StartDate < rx.StartDate && (o.EndDate == models.NoDate || o.EndDate >= rx.StartDate-28) {
					running = true
				}
			}
			if running {
				continue
			}
			oldStarts++
			if fluoxetine {
				t.Errorf("patient %s: fluoxetine started %v at %d", id, rx.StartDate, ageOn(pt, rx.StartDate))
			} else {
				sertraline++
			}
		}
	}
	enough(t, oldStarts, 3, "fluoxetine or sertraline started at 80 or over")
	t.Logf("%d starts at 80+: %d sertraline", oldStarts, sertraline)
}
