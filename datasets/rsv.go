package datasets

import (
	"fmt"

	"github.com/code4health/cohortgen/models"
)

// RSV is the older adults' RSV vaccination programme (immunisations.yaml
// rsv): one dose from FromAge, or at the programme's start for those
// between FromAge and UntilAge then, until UntilAge (FirstYearUntil for
// people reaching UntilAge in the first year).
type RSV struct {
	ProgrammeStart YMD `yaml:"programme_start"`
	FromAge        int `yaml:"from_age"`
	UntilAge       int `yaml:"until_age"`
	FirstYearUntil YMD `yaml:"first_year_until"`
	// Uptake: [days since eligible, cumulative percent vaccinated], rising.
	Uptake [][2]float64 `yaml:"uptake"`
	Source string       `yaml:"source"`
	Status string       `yaml:"status"`
}

// DaysToUptake is how many days after becoming eligible a person whose
// draw is u (0-100) is vaccinated: where the cumulative uptake curve first
// reaches u, linear between its points; false when u is above its last
// point (never vaccinated).
func (r *RSV) DaysToUptake(u float64) (int, bool) {
	for k := 1; k < len(r.Uptake); k++ {
		a, b := r.Uptake[k-1], r.Uptake[k]
		if u < b[1] {
			return int(a[0] + (u-a[1])/(b[1]-a[1])*(b[0]-a[0])), true
		}
	}
	return 0, false
}

// Window is the span [from, until) in which a person born on birth is
// offered the vaccine; ok is false when they never are (80 or over at the
// start, or the programme not begun).
func (r *RSV) Window(birth models.Date, birthday func(age int) models.Date) (from, until models.Date, ok bool) {
	start := r.ProgrammeStart.Date()
	from, until = max(start, birthday(r.FromAge)), birthday(r.UntilAge)
	if until <= start {
		return 0, 0, false
	}
	if fy := r.FirstYearUntil.Date(); fy != models.NoDate && until < fy {
		until = fy // turning 80 in the first year: until its end
	}
	return from, until, from < until
}

func (r *RSV) check() error {
	if r.ProgrammeStart.IsZero() || r.FromAge <= 0 || r.UntilAge <= r.FromAge || r.Source == "" || !status(r.Status) {
		return fmt.Errorf("immunisations.yaml: rsv needs programme_start, from_age below until_age, a source and a status")
	}
	if len(r.Uptake) < 2 || r.Uptake[0] != [2]float64{0, 0} {
		return fmt.Errorf("immunisations.yaml: rsv uptake starts at [0, 0] and has a second point")
	}
	for k := 1; k < len(r.Uptake); k++ {
		if r.Uptake[k][0] <= r.Uptake[k-1][0] || r.Uptake[k][1] <= r.Uptake[k-1][1] || r.Uptake[k][1] > 100 {
			return fmt.Errorf("immunisations.yaml: rsv uptake point %d: days and percent rise, percent at most 100", k+1)
		}
	}
	return nil
}
