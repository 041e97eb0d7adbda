package datasets

import (
	"fmt"
	"math"
)

// SiteSurvival is a cancer site's published survival: the shares of adults
// alive one and five years after the diagnosis (ONS/NHS Digital net
// survival, England). A person who dies with the cancer is diagnosed a
// time before the death drawn from this curve (generator/sites.go), so a
// pancreatic cancer kills within months and a breast cancer after years.
type SiteSurvival struct {
	OneYear  float64 `yaml:"one_year"`
	FiveYear float64 `yaml:"five_year"`
	Source   string  `yaml:"source"`
}

// horizonYears is how far the survival curve is followed: a death drawn
// from it comes within this many years of the diagnosis (the record's
// span; a later death keeps the diagnosis as drawn from the register).
const horizonYears = 10

// survivalAt is the share alive t years after the diagnosis: constant
// hazard within the first year (down to OneYear), and from then at the
// hazard between one and five years (down to FiveYear at five, and on).
func (sv *SiteSurvival) survivalAt(t float64) float64 {
	if t <= 1 {
		return math.Pow(sv.OneYear, t)
	}
	return sv.OneYear * math.Pow(sv.FiveYear/sv.OneYear, (t-1)/4)
}

// YearsToDeath is the time from diagnosis to death, in years, of a person
// who dies of the cancer within the horizon, for u uniform in [0, 1): the
// inverse of the curve's deaths by then, so half of them come before its
// median.
func (sv *SiteSurvival) YearsToDeath(u float64) float64 {
	alive := 1 - u*(1-sv.survivalAt(horizonYears)) // the share still alive at the death
	if alive >= sv.OneYear {
		return math.Log(alive) / math.Log(sv.OneYear)
	}
	return 1 + 4*math.Log(alive/sv.OneYear)/math.Log(sv.FiveYear/sv.OneYear)
}

// check: shares that fall, one year above five, both between 0 and 1.
func (sv *SiteSurvival) check(site string) error {
	if sv == nil {
		return fmt.Errorf("site %s: survival (one_year, five_year) is needed", site)
	}
	if !(sv.FiveYear > 0 && sv.FiveYear < sv.OneYear && sv.OneYear < 1) || sv.Source == "" {
		return fmt.Errorf("site %s: survival needs 0 < five_year < one_year < 1 and a source", site)
	}
	return nil
}
