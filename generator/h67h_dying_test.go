// Checks for brief h67h: deaths and acute readings that follow the record.
// A GP read a death certified as asthma (J45.9) in a person with COPD (3 of
// 11 J45.9 deaths on generate -n 20000 -s 83): ICD-10 classifies asthma with
// COPD to J44. And a pulse of 58 beside an oxygen saturation of 85%: acute
// hypoxaemia raises the heart rate about 1 beat a minute per point of
// saturation lost (catalogue hypoxic_pulse). Before, at -n 20000 -s 83 and
// 97, 11.8% and 12.4% of A&E saturations of 88% or less had a pulse under
// 70, and their mean pulse was 8.2 and 7.2 above that of saturations of 94%
// or more; after, 5.3% and 5.8%, 14.6 and 13.6.
package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/scenario"
)

// TestNoAsthmaDeathBesideCOPD: no death is certified as asthma (J45/J46)
// in a person with COPD diagnosed before the death (the audit's hard rule
// asthma-cause-beside-copd).
func TestNoAsthmaDeathBesideCOPD(t *testing.T) {
	r := review5Population(t)
	copdDeaths, bad := 0, 0
	for id, pt := range r.patients {
		if pt.CauseOfDeathCode == "" {
			continue
		}
		copd := false
		for _, c := range r.condsOf[id] {
			if c.ConditionKey == "copd" && c.OnsetDate < pt.DeathDate {
				copd = true
			}
		}
		if !copd {
			continue
		}
		copdDeaths++
		if strings.HasPrefix(pt.CauseOfDeathCode, "J45") || strings.HasPrefix(pt.CauseOfDeathCode, "J46") {
			if bad++; bad <= 5 {
				t.Errorf("%s: died %s of %s with COPD on the record, want J44", id, pt.DeathDate, pt.CauseOfDeathCode)
			}
		}
	}
	t.Logf("%d deaths of people with COPD, %d certified as asthma", copdDeaths, bad)
	enough(t, copdDeaths, 50, "deaths of people with COPD")
}

// TestAsthmaWithCOPDDiesOfCOPD: people with both asthma and COPD who died
// (a scenario cohort of 400, so the rare asthma certificate would show: 3
// of 20,000 at random on seed 83) are never certified as dying of asthma
// (6 of the 400 on main, 126 certified as COPD).
func TestAsthmaWithCOPDDiesOfCOPD(t *testing.T) {
	sc, err := scenario.Parse("t.yaml", []byte(`
cohorts:
  - name: asthma and copd
    count: 400
    age: 55+
    has: [asthma, copd]
    alive: false
population: {size: 10}
`))
	if err != nil {
		t.Fatal(err)
	}
	_, b, _ := generateChecked(t, sc)
	causes := map[string]int{}
	for i := range b.Patients {
		if pt := &b.Patients[i]; pt.CauseOfDeathCode != "" && pt.Cohort != "" {
			causes[pt.CauseOfDeathCode[:3]]++
		}
	}
	t.Logf("causes of death: %v", causes)
	enough(t, causes["J44"], 20, "deaths of the cohort certified as COPD")
	if n := causes["J45"] + causes["J46"]; n > 0 {
		t.Errorf("%d of the cohort's deaths certified as asthma, want none (J44 includes asthma with COPD)", n)
	}
}

// TestPulseRisesWithHypoxia: at A&E, a saturation of 88% or less (a fall
// of 5 or more points below most people's usual, up to 10 in COPD) comes
// with a quick pulse: under 8% of them with a pulse below 70 (12% before),
// and their mean pulse at least 11 beats above that of saturations of 94%
// or more (about 8 before; a fall of 7-10 points adds 7-10 beats).
func TestPulseRisesWithHypoxia(t *testing.T) {
	r := review5Population(t)
	sat, pulse := observationCode(t, "oxygen_saturation"), observationCode(t, "heart_rate")
	var low, lowSlow, high int
	var lowSum, highSum float64
	for enc, obs := range r.obsByEnc {
		e := r.encs[enc]
		if e == nil || e.Setting != settingAE {
			continue
		}
		s, h := -1.0, -1.0
		for _, o := range obs {
			switch {
			case o.Value == nil:
			case o.SnomedCode == sat:
				s = *o.Value
			case o.SnomedCode == pulse:
				h = *o.Value
			}
		}
		switch {
		case s < 0 || h < 0:
		case s <= 88:
			low++
			lowSum += h
			if h < 70 {
				lowSlow++
			}
		case s >= 94:
			high++
			highSum += h
		}
	}
	enough(t, low, 150, "A&E saturations of 88% or less with a pulse")
	enough(t, high, 1000, "A&E saturations of 94% or more with a pulse")
	lowMean, highMean := lowSum/float64(low), highSum/float64(high)
	t.Logf("%d A&E saturations of 88%% or less: mean pulse %.1f (%.1f at 94%% or more), %d under 70", low, lowMean, highMean, lowSlow)
	if float64(lowSlow) > 0.08*float64(low) {
		t.Errorf("%d of %d A&E saturations of 88%% or less had a pulse under 70, want under 8%%", lowSlow, low)
	}
	if lowMean-highMean < 11 {
		t.Errorf("mean pulse %.1f at saturations of 88%% or less, %.1f at 94%% or more: want at least 11 beats more", lowMean, highMean)
	}
}
