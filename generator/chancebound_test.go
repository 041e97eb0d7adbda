package generator

import (
	"testing"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/scenario"
)

// TestChanceBoundIsAboveEveryChance: hasCondition answers no from the
// bound alone only where conditionChance would (a draw at or above the
// bound is at or above the chance), so the bound must lie above the chance
// of every mix of held conditions, smoking status and death, in the plain
// plan and in every built-in scenario's (whose prevalence overrides change
// the base rates), and must be the one boundChances gives from the plan as
// it stands (a change to base rates after the last boundChances would leave
// a stale bound that, set too low, changes who holds what).
func TestChanceBoundIsAboveEveryChance(t *testing.T) {
	plans := map[string]*Plan{"national": testPlan(t, 1000, nil)}
	for _, name := range scenario.Builtin() {
		sc, err := scenario.LoadBuiltin(name)
		if err != nil {
			t.Fatal(err)
		}
		plans[name] = testPlan(t, sc.Total(), func(o *Options) { o.Scenario = sc })
	}
	// an override of an age band scales the base rates after calibration
	// (no built-in scenario has one)
	band, err := scenario.LoadBuiltin("copd-high-prevalence")
	if err != nil {
		t.Fatal(err)
	}
	three := 3.0
	band.Prevalence = append(band.Prevalence, scenario.PrevalenceOverride{Condition: "asthma", Multiply: &three, AgeMin: 5, AgeMax: 30})
	plans["asthma-band-x3"] = testPlan(t, band.Total(), func(o *Options) { o.Scenario = band })
	for name, p := range plans {
		stored := make([][2][maxAge + 1]float64, len(p.conds))
		for ci := range p.conds {
			stored[ci] = p.conds[ci].chanceAbove
		}
		p.boundChances()
		s := distributions.NewStream(0x626f756e64)
		has := make([]bool, len(p.conds))
		checked, tight := 0, 0
		for ci := range p.conds {
			c := &p.conds[ci]
			if stored[ci] != c.chanceAbove {
				t.Errorf("%s: %s's bound is stale: the plan changed after boundChances", name, c.Key)
			}
			for sex := 0; sex < 2; sex++ {
				for a := 0; a <= maxAge; a++ {
					bound := c.chanceAbove[sex][a]*c.correction + chanceSlack
					for k := 0; k < 8; k++ {
						for j := range has { // k 0: every link held, the highest chance
							has[j] = k == 0 || s.Float64() < 0.5
						}
						smoke, decedent := k%3, k == 0 || s.Float64() < 0.3
						chance := p.conditionChance(ci, sex, a, decedent, smoke, has)
						checked++
						if !(chance < bound) {
							t.Fatalf("%s: %s, sex %d, age %d: chance %v not below the bound %v", name, c.Key, sex, a, chance, bound)
						}
						if k == 0 && chance > 0 && bound < chance*1.01 {
							tight++
						}
					}
				}
			}
		}
		// the bound must also say no often: a bound far above every chance
		// would be correct and useless
		if tight == 0 {
			t.Errorf("%s: no condition's bound within 1%% of its highest chance (%d chances checked)", name, checked)
		}
	}
}
