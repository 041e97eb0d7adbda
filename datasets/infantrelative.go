package datasets

import "fmt"

// InfantRelative shapes a presentation's rate within the first age band by
// age in days: under UnderDays[i] days old (the first that applies) an
// episode is Relative[i] times as likely as the band's weight says. Fever
// is uncommon in the first weeks and commonest from 6 months to 3 years
// (NICE NG143; fifteenth review), while the band runs from birth to 5.
type InfantRelative struct {
	UnderDays []int     `yaml:"under_days"`
	Relative  []float64 `yaml:"relative"`
	Source    string    `yaml:"source"`
}

// At is the relative rate at age days: 1 from the last UnderDays on.
func (r *InfantRelative) At(days int) float64 {
	if r == nil {
		return 1
	}
	for i, u := range r.UnderDays {
		if days < u {
			return r.Relative[i]
		}
	}
	return 1
}

// check: ages rising, relatives shares between 0 and 1 (a pick is kept
// with that chance), and a source.
func (r *InfantRelative) check() error {
	if len(r.UnderDays) == 0 || len(r.UnderDays) != len(r.Relative) || r.Source == "" {
		return fmt.Errorf("infant_relative needs under_days and relative of the same length and a source")
	}
	for i, u := range r.UnderDays {
		if u <= 0 || (i > 0 && u <= r.UnderDays[i-1]) {
			return fmt.Errorf("infant_relative under_days must rise from above 0")
		}
		if v := r.Relative[i]; v < 0 || v > 1 {
			return fmt.Errorf("infant_relative relative %v must be between 0 and 1", v)
		}
	}
	return nil
}
