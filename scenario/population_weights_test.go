package scenario

import (
	"math"
	"testing"
)

// TestAgeSexWeights: a 65+ population keeps the base above 65 and nothing
// below; one sex drops the other; custom bands share out their weights in
// proportion to the base within each band.
func TestAgeSexWeights(t *testing.T) {
	base := [2][]float64{make([]float64, 101), make([]float64, 101)}
	for s := range base {
		for a := range base[s] {
			base[s][a] = float64(100 - a + s)
		}
	}
	older := (&Population{AgeMin: 65}).AgeSexWeights(base)
	if older[0][64] != 0 || older[1][0] != 0 || older[0][65] != base[0][65] || older[1][100] != base[1][100] {
		t.Errorf("65+: %v", older)
	}
	women := (&Population{Sex: "female", AgeMax: 30}).AgeSexWeights(base)
	if women[1][20] != 0 || women[0][20] != base[0][20] || women[0][31] != 0 {
		t.Errorf("women up to 30: %v", women)
	}
	bands := (&Population{AgeBands: []AgeBandWeight{{Min: 0, Max: 9, Weight: 1}, {Min: 10, Max: 19, Weight: 3}}}).AgeSexWeights(base)
	var low, high float64
	for s := range bands {
		for a, w := range bands[s] {
			switch {
			case a <= 9:
				low += w
			case a <= 19:
				high += w
			case w != 0:
				t.Errorf("age %d outside the bands has weight %v", a, w)
			}
		}
	}
	// each band's weight is given per sex, so the two sexes together hold twice it
	if math.Abs(low-2) > 1e-9 || math.Abs(high-6) > 1e-9 {
		t.Errorf("band totals %v and %v, want 2 and 6", low, high)
	}
	if (&Population{}).Restricted() || !(&Population{Sex: "male"}).Restricted() {
		t.Error("Restricted")
	}
}
