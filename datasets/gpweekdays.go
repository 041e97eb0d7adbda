package datasets

import "fmt"

// GPWeekdays is how GP-practice appointments fall over the five weekdays
// (catalogue activity.gp_weekdays): the published average a day, Monday
// first. A contact the model would place on a day the practice is closed
// is moved to one of the working days after it, weighted so that the
// weekdays end up in these proportions (Spread).
type GPWeekdays struct {
	PerDay [5]float64 `yaml:"per_day"`
	Source string     `yaml:"source"`
}

// check reports a weekday without appointments or a missing source.
func (g *GPWeekdays) check() error {
	for k, v := range g.PerDay {
		if v <= 0 {
			return fmt.Errorf("activity.gp_weekdays: weekday %d has %v a day", k+1, v)
		}
	}
	if g.Source == "" {
		return fmt.Errorf("activity.gp_weekdays: no source")
	}
	return nil
}

// Spread weighs the five weekdays, Monday first, for a contact drawn on a
// closed day. Contacts are drawn over the calendar (evenly, for the
// background: a problem arises on a Saturday as often as on a Tuesday),
// and a weekend's two days must go somewhere: if weekday w takes a share
// p of them, it sees 1+2p days' worth in seven, so for its published share
// f of the week p = (7f-1)/2. Moving them all to the Monday, as before,
// gave it three days' worth (h63i). A weekday below a seventh of the week
// would need a negative weight: it takes none, and the rest are rescaled.
func (g *GPWeekdays) Spread() [5]float64 {
	total := 0.0
	for _, v := range g.PerDay {
		total += v
	}
	var w [5]float64
	sum := 0.0
	for k, v := range g.PerDay {
		w[k] = max(0, (7*v/total-1)/2)
		sum += w[k]
	}
	if sum <= 0 { // all weekdays equal to a seventh: spread evenly
		return [5]float64{1, 1, 1, 1, 1}
	}
	return w
}
