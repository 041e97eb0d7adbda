package datasets

import (
	"strings"
	"testing"
)

// TestAECaseMixChecked: an ae_case_mix entry names a known presentation or
// acute episode, once per age range, with a share, a tolerance, a status
// and a source; a good one passes.
func TestAECaseMixChecked(t *testing.T) {
	cat, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.AECaseMix) < 3 {
		t.Fatalf("%d A&E shares", len(cat.AECaseMix))
	}
	good := AEShare{EpisodeFigure: EpisodeFigure{Key: "chest_pain", MinAge: 16, MaxAge: 200, Tolerance: 0.3, Status: "verified", Source: "s"}, Percent: 6}
	cat.AECaseMix = []AEShare{good}
	if err := cat.checkAECaseMix(); err != nil {
		t.Fatalf("a good share: %v", err)
	}
	for _, c := range []struct {
		edit func(*AEShare)
		want string
	}{
		{func(s *AEShare) { s.Key = "nonesuch" }, "not a presentation"},
		{func(s *AEShare) { s.MaxAge = 10 }, "ages out of order"},
		{func(s *AEShare) { s.Percent = 100 }, "not a share"},
		{func(s *AEShare) { s.Tolerance = 0 }, "tolerance"},
		{func(s *AEShare) { s.Status = "guess" }, "status"},
		{func(s *AEShare) { s.Source = "" }, "needs a source"},
	} {
		bad := good
		c.edit(&bad)
		cat.AECaseMix = []AEShare{bad}
		if err := cat.checkAECaseMix(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", bad, err, c.want)
		}
	}
	cat.AECaseMix = []AEShare{good, good}
	if err := cat.checkAECaseMix(); err == nil || !strings.Contains(err.Error(), "repeated") {
		t.Errorf("a repeated share: got %v", err)
	}
}
