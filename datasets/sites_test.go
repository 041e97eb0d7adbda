package datasets

import "testing"

// TestSiteAgeFactors: a site's weight below an age_factors age is
// multiplied by its factor (the first that applies), and the check refuses
// factors that are not positive or ages that do not rise (fourteenth
// review: prostate cancer rare under 50).
func TestSiteAgeFactors(t *testing.T) {
	s := Site{Male: 36, MinAge: 40, AgeFactors: []AgeFactor{{Under: 50, Factor: 0.1}, {Under: 60, Factor: 0.5}}}
	for _, c := range []struct {
		age  int
		want float64
	}{{39, 0}, {45, 3.6}, {55, 18}, {70, 36}} {
		if got := s.SiteWeight(1, c.age); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("weight at %d = %v, want %v", c.age, got, c.want)
		}
	}
	for _, bad := range [][]AgeFactor{{{Under: 50, Factor: 0}}, {{Under: 60, Factor: 0.5}, {Under: 50, Factor: 0.1}}} {
		cond := &Condition{Key: "c", CauseOfDeath: &DeathCause{}, Sites: []Site{{Key: "a", Snomed: "1", ICD10: "C1", Description: "a", Female: 1, Male: 1, Child: 1, Lethality: 0.1, AgeFactors: bad}}}
		if err := checkSites(cond); err == nil {
			t.Errorf("age_factors %v accepted", bad)
		}
	}
}
