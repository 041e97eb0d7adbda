package datasets

import (
	"strings"
	"testing"
)

// TestPresentationRatesChecked: a presentation_rates entry names a known
// presentation or acute episode, once per age range, with a rate, a
// tolerance, a status and a source.
func TestPresentationRatesChecked(t *testing.T) {
	cat, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.PresentationRates) < 5 {
		t.Fatalf("%d presentation rates", len(cat.PresentationRates))
	}
	good := PresentationRate{EpisodeFigure: EpisodeFigure{Key: "abdominal_pain", MinAge: 0, MaxAge: 200, Tolerance: 0.3, Status: "verified", Source: "s"}, Per1000: 22.3}
	cat.PresentationRates = []PresentationRate{good}
	if err := cat.checkPresentationRates(); err != nil {
		t.Fatalf("a good rate: %v", err)
	}
	for _, c := range []struct {
		edit func(*PresentationRate)
		want string
	}{
		{func(r *PresentationRate) { r.Key = "nonesuch" }, "not a presentation"},
		{func(r *PresentationRate) { r.MaxAge = -1 }, "ages out of order"},
		{func(r *PresentationRate) { r.Per1000 = 0 }, "must be positive"},
		{func(r *PresentationRate) { r.Tolerance = 2 }, "tolerance"},
		{func(r *PresentationRate) { r.Status = "guess" }, "status"},
		{func(r *PresentationRate) { r.Source = "" }, "needs a source"},
	} {
		bad := good
		c.edit(&bad)
		cat.PresentationRates = []PresentationRate{bad}
		if err := cat.checkPresentationRates(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", bad, err, c.want)
		}
	}
	cat.PresentationRates = []PresentationRate{good, good}
	if err := cat.checkPresentationRates(); err == nil || !strings.Contains(err.Error(), "repeated") {
		t.Errorf("a repeated rate: got %v", err)
	}
}
