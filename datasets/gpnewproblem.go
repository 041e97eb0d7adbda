package datasets

import "fmt"

// GPNewProblem sets how often a GP contact about a problem (not a chronic
// condition held) opens a new one. The chance is the total of the gp
// weights of the presentations that fit the person that day, divided by
// FullWeight for their age band (at most 1): lowering one presentation's
// weight lowers how often it opens, and does not move its volume to the
// others. A contact that opens nothing new is about a problem the practice
// saw in the last RecurrenceDays (a follow-up, a review of it, the results
// of its tests). An acute problem (one with a duration) is followed up only
// within its own duration or ReconsultDays of its onset, whichever is
// longer; RecurrenceDays is the look-back for a long-standing one. With
// none, an adult's face-to-face contact is a check-up (no new problem),
// anyone else's opens a new one after all.
type GPNewProblem struct {
	FullWeight     []float64 `yaml:"full_weight"`     // by age band
	RecurrenceDays int       `yaml:"recurrence_days"` // how far back a contact finds a long-standing problem it is about
	ReconsultDays  int       `yaml:"reconsult_days"`  // how long after its onset an acute problem is still followed up (at least its duration)
	// Occasions (by age band) is how many GP occasions are drawn for each
	// background contact (gp_other) booked: above 1 where a drawn occasion
	// with nothing to see is not booked (a child is not brought), so that
	// gp_other stays the contacts a person-year.
	Occasions []float64 `yaml:"occasions"`
	// FollowUps caps the GP contacts that see an acute problem after the
	// one that opened it: a person who keeps coming is seen about something
	// else once a cold or an infection has had its reviews.
	FollowUps EpisodeFollowUps `yaml:"follow_ups"`
	Source    string           `yaml:"source"`
}

// EpisodeFollowUps: an acute problem lasting D days is followed up at most
// Base + D/PerDays times by GP contacts the background draws.
type EpisodeFollowUps struct {
	Base    int    `yaml:"base"`
	PerDays int    `yaml:"per_days"`
	Source  string `yaml:"source"`
}

// Allowed is how many follow-ups an acute problem of days days may have.
func (f EpisodeFollowUps) Allowed(days int) int {
	return f.Base + days/f.PerDays
}

func (c *Catalogue) checkGPNewProblem() error {
	g := &c.Activity.GPNewProblem
	if len(g.FullWeight) != len(c.Bands) {
		return fmt.Errorf("activity.gp_new_problem: full_weight has %d values, want one per age band (%d)", len(g.FullWeight), len(c.Bands))
	}
	for _, w := range g.FullWeight {
		if w <= 0 {
			return fmt.Errorf("activity.gp_new_problem: full_weight %g must be above 0", w)
		}
	}
	if len(g.Occasions) != len(c.Bands) {
		return fmt.Errorf("activity.gp_new_problem: occasions has %d values, want one per age band (%d)", len(g.Occasions), len(c.Bands))
	}
	for _, o := range g.Occasions {
		if o < 1 {
			return fmt.Errorf("activity.gp_new_problem: occasions %g must be at least 1", o)
		}
	}
	if f := g.FollowUps; f.Base < 0 || f.PerDays <= 0 || f.Source == "" {
		return fmt.Errorf("activity.gp_new_problem.follow_ups: needs base 0 or more, per_days above 0 and a source")
	}
	if g.RecurrenceDays <= 0 || g.ReconsultDays <= 0 || g.Source == "" {
		return fmt.Errorf("activity.gp_new_problem: needs recurrence_days and reconsult_days above 0 and a source")
	}
	return nil
}
