package generator

import "github.com/code4health/cohortgen/models"

// flare is an emergency admission with an exacerbation of a condition held
// (a presentation that requires it): hospital stays are drawn before care is
// simulated, so a review can see the admissions since the previous one
// (catalogue care_target.after_admission).
type flare struct {
	cond int // catalogue condition index
	day  models.Date
}

// flaredBetween reports whether the person was admitted with an
// exacerbation of catalogue condition ci after day from, up to day d.
func flaredBetween(per *person, ci int, from, d models.Date) bool {
	for _, f := range per.flares {
		if f.cond == ci && f.day > from && f.day <= d {
			return true
		}
	}
	return false
}
