package datasets

import (
	"math"
	"testing"
)

// TestCreatinineRoundTrips checks that the creatinine read back from an
// eGFR gives that eGFR under the CKD-EPI 2009 equation, on both sides of
// kappa and for both sexes.
func TestCreatinineRoundTrips(t *testing.T) {
	c, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	e := c.Observations["creatinine"].FromEGFR
	if e == nil {
		t.Fatal("creatinine has no from_egfr")
	}
	for _, male := range []bool{false, true} {
		for _, age := range []float64{25, 60, 85} {
			for _, egfr := range []float64{8, 35, 75, 110} {
				scr := e.Creatinine(egfr, age, male) / e.UmolPerMg
				k := e.Female
				if male {
					k = e.Male
				}
				exp := e.High
				if scr <= k[1] {
					exp = k[2]
				}
				got := k[0] * math.Pow(scr/k[1], exp) * math.Pow(e.AgeBase, age)
				if math.Abs(got-egfr) > 1e-6 {
					t.Errorf("male %v age %v eGFR %v: creatinine %.1f umol/L gives eGFR %.3f", male, age, egfr, scr*e.UmolPerMg, got)
				}
			}
		}
	}
	if v := e.Creatinine(100, 30, false); v < 50 || v > 90 {
		t.Errorf("a woman of 30 with eGFR 100 has creatinine %.0f umol/L, outside the adult reference range", v)
	}
}
