package stats

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// TestStandardiseKeepsEnglandAndMovesWithAge: a population with England's
// age/sex mix is expected to show the published figure itself; a 65+
// population is expected to show more hypertension and more GP activity,
// and a population of children less.
func TestStandardiseKeepsEnglandAndMovesWithAge(t *testing.T) {
	cat, err := datasets.LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	curves := referenceCurves(cat)
	ci := -1
	for i, c := range cat.Conditions {
		if c.Key == "hypertension" {
			ci = i
		}
	}
	if ci < 0 {
		t.Fatal("no hypertension in the catalogue")
	}
	htn := func(s, age int) float64 { return curves[ci][s][age] }
	everyone := func(int) bool { return true }
	ons := onsMix()
	older, children := newMix(), newMix()
	for s := range ons {
		for a, n := range ons[s] {
			if a >= 65 {
				older[s][a] = n
			}
			if a < 16 {
				children[s][a] = n
			}
		}
	}
	published := cat.Conditions[ci].Target
	if got := standardise(published, htn, everyone, ons, ons); math.Abs(got-published) > 1e-9 {
		t.Errorf("England's own mix: expected %.4f, want the published %.4f", got, published)
	}
	if got := standardise(published, htn, everyone, older, ons); got < 2*published {
		t.Errorf("65+: expected hypertension %.1f%%, want well above England's %.1f%%", got, published)
	}
	if got := standardise(published, htn, everyone, children, ons); got > published/10 {
		t.Errorf("under 16: expected hypertension %.2f%%, want far below England's %.1f%%", got, published)
	}
	gp, ok := activityPattern(cat, curves, "gp")
	if !ok {
		t.Fatal("no GP activity pattern")
	}
	if got := standardise(5.9, gp, everyone, older, ons); got < 5.9*1.2 {
		t.Errorf("65+: expected %.2f GP appointments a year, want well above England's 5.9", got)
	}
	if got := standardise(5.9, gp, everyone, newMix(), ons); got != 5.9 {
		t.Errorf("an empty mix: %.2f, want the published figure unchanged", got)
	}
}

// TestOutMeansBeyondToleranceAndNoise: a figure fails only when its gap
// from the reference is more than its tolerance plus three standard errors.
func TestOutMeansBeyondToleranceAndNoise(t *testing.T) {
	rep := &Report{}
	rep.add(Figure{Value: 11.5, Reference: 10, Tolerance: 0.10, SE: 0.1})  // gap 1.5 > 1 + 0.3: OUT
	rep.add(Figure{Value: 11.5, Reference: 10, Tolerance: 0.10, SE: 0.1})  // the same, made advisory below
	rep.add(Figure{Value: 8.5, Reference: 10, Tolerance: 0.10, SE: 0.1})   // below the reference: OUT too
	rep.add(Figure{Value: 11.5, Reference: 10, Tolerance: 0.10, SE: 0.17}) // 1.5 <= 1 + 0.51: noise
	rep.add(Figure{Value: 11.4, Reference: 10, Tolerance: 0.10, SE: 0.2})  // 1.4 <= 1 + 0.6: noise
	rep.add(Figure{Value: 10.9, Reference: 10, Tolerance: 0.10})           // within
	rep.Figures[1].Advisory = true
	want := []bool{false, false, false, true, true, true}
	for i, f := range rep.Figures {
		if f.OK != want[i] {
			t.Errorf("figure %d (value %.1f, SE %.2f): OK %v, want %v", i, f.Value, f.SE, f.OK, want[i])
		}
	}
	if !rep.Figures[3].ByNoise || !rep.Figures[4].ByNoise || rep.Figures[5].ByNoise {
		t.Errorf("ByNoise %v %v %v, want true true false", rep.Figures[3].ByNoise, rep.Figures[4].ByNoise, rep.Figures[5].ByNoise)
	}
	s := rep.Summarise()
	if s.Checked != 5 || s.Out != 2 || s.Shown != 1 || s.ShownOutside != 1 {
		t.Errorf("summary %+v, want 5 checked, 2 out, 1 shown and outside", s)
	}
}
