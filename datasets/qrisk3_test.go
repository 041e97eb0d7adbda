package datasets

import (
	"math"
	"testing"
)

// TestQRISK3AgreesWithTheClinRiskSource: QRISK3 gives the values of an
// independent public transcription of the ClinRisk QRISK3-2017 source
// (computed outside this code, eighteenth review), for profiles that
// between them set every term: each sex, smoking category, condition and
// treatment, ethnicity, and Townsend score.
func TestQRISK3AgreesWithTheClinRiskSource(t *testing.T) {
	for i, tc := range []struct {
		in   QRISK3Input
		want float64
	}{
		{QRISK3Input{Age: 64, AF: true, TreatedHyp: true, BMI: 25, Ethnicity: 1, CholHDLRatio: 4, SBP: 180, SBPSD: 20}, 32.9142653224},
		{QRISK3Input{Male: true, Age: 60, TreatedHyp: true, BMI: 27, Ethnicity: 1, CholHDLRatio: 6.5 / 1.4, SBP: 150, SBPSD: 8, Smoking: 3}, 22.3925540171},
		{QRISK3Input{Age: 45, Steroids: true, Migraine: true, RA: true, SMI: true, SLE: true, Type1: true, BMI: 31, Ethnicity: 3, FamilyCHD: true, CholHDLRatio: 5, SBP: 130, SBPSD: 10, Smoking: 2, Townsend: 2.5}, 98.1487752175},
		{QRISK3Input{Male: true, Age: 72, AF: true, AtypicalAntiP: true, Steroids: true, Impotence: true, Migraine: true, RA: true, Renal: true, SMI: true, SLE: true, TreatedHyp: true, Type2: true, BMI: 22, Ethnicity: 7, FamilyCHD: true, CholHDLRatio: 3.5, SBP: 118, SBPSD: 12, Smoking: 4, Townsend: -1}, 94.6596945313},
		{QRISK3Input{Male: true, Age: 40, BMI: 24, Ethnicity: 8, CholHDLRatio: 3.2, SBP: 120, SBPSD: 5, Smoking: 1}, 0.9183700408},
		{QRISK3Input{Age: 80, BMI: 35, Ethnicity: 6, CholHDLRatio: 6, SBP: 165, SBPSD: 9, Smoking: 4}, 44.7861100857},
	} {
		if got := QRISK3(tc.in); math.Abs(got-tc.want) > 1e-6 {
			t.Errorf("profile %d: QRISK3 %.10f, want %.10f", i, got, tc.want)
		}
	}
	// erectile dysfunction is a man's term only
	w := QRISK3Input{Age: 60, BMI: 26, Ethnicity: 1, CholHDLRatio: 4, SBP: 130, SBPSD: 9}
	if a, b := QRISK3(w), QRISK3(func() QRISK3Input { x := w; x.Impotence = true; return x }()); a != b {
		t.Errorf("a woman's risk moved with erectile dysfunction: %.4f, %.4f", a, b)
	}
}
