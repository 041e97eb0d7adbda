package datasets

import "fmt"

// RegisterReviews is how often someone on the palliative care register is
// seen (issue 9, h59f): no more than EveryDays between one contact and the
// next, and no more than LastEveryDays in the last LastDays of an expected
// death, when needs change from week to week. A contact the care already
// had counts; the GP fills a longer gap with a review about the cause.
type RegisterReviews struct {
	EveryDays     int    `yaml:"every_days"`
	LastDays      int    `yaml:"last_days"`
	LastEveryDays int    `yaml:"last_every_days"`
	Source        string `yaml:"source"`
}

// checkRegisterReviews checks the intervals: the last weeks' no longer
// than the rest, each above a week (a review moves a few days to a free
// day), and a source.
func checkRegisterReviews(r *RegisterReviews) error {
	if r.LastEveryDays < 7 || r.EveryDays < r.LastEveryDays || r.LastDays < r.LastEveryDays || r.Source == "" {
		return fmt.Errorf("end_of_life register_reviews: needs every_days >= last_every_days >= 7, last_days >= last_every_days and a source")
	}
	return nil
}
