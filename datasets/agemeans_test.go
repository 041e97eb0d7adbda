package datasets

import (
	"math"
	"testing"
)

// TestRespiratoryRateFallsWithAge: the catalogue's respiratory rate is read
// from its age_means (twenty-fourth review), not from a slope from 40: a
// newborn's mean is its first point, a 1-year-old's lies between birth and
// 2 on a straight line, and an adult's is the last point at any age.
func TestRespiratoryRateFallsWithAge(t *testing.T) {
	c, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	m, ok := c.Observations["respiratory_rate"]
	if !ok || len(m.AgeMeans) < 2 {
		t.Fatal("the catalogue's respiratory_rate has no age_means")
	}
	a := m.AgeMeans
	if got := m.MeanAt(0); got != a[0][1] {
		t.Errorf("mean at birth %g, want %g", got, a[0][1])
	}
	mid := (a[0][0] + a[1][0]) / 2
	if got, want := m.MeanAt(mid), (a[0][1]+a[1][1])/2; math.Abs(got-want) > 1e-9 {
		t.Errorf("mean at %g %g, want %g", mid, got, want)
	}
	last := a[len(a)-1]
	for _, age := range []float64{last[0], 40, 90} {
		if got := m.MeanAt(age); got != last[1] {
			t.Errorf("mean at %g %g, want %g", age, got, last[1])
		}
	}
	if m.MeanAt(0) < 1.8*m.MeanAt(40) {
		t.Errorf("a newborn's mean %g is not well above an adult's %g", m.MeanAt(0), m.MeanAt(40))
	}
}
