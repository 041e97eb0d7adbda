package datasets

import "fmt"

// Remission is how an episode of a condition ends (depression, fifteenth
// review): the condition's effect on an observation fades away on a day
// drawn per person from the published share recovered by each time since
// the diagnosis; the GP sees the remission at a review reading below a
// level; a medicine started for the episode goes on for a while after, is
// tapered and stopped, and the episode is coded resolved. A share of
// remissions are lost before the medicine stops: the episode goes on.
type Remission struct {
	Observation string `yaml:"observation"`
	// RecoveredBy: the cumulative share of episodes over by each day since
	// the diagnosis, in day order; between points the day is drawn
	// uniformly; the rest never end.
	RecoveredBy []RecoveryPoint `yaml:"recovered_by"`
	FadeDays    int             `yaml:"fade_days"` // the effect falls to nothing over these days
	// Below: a reading below it at a review shows the remission.
	Below float64 `yaml:"below"`
	// ContinueDays: the medicine goes on this long after the remission is
	// seen, then a review tapers it (drawn uniformly between the two).
	ContinueDays [2]int `yaml:"continue_days"`
	TaperDays    int    `yaml:"taper_days"` // the last issue, at the lower dose, runs this long
	// Relapse: the share of remissions lost before the medicine stops,
	// RelapseDays after the remission (drawn uniformly between the two).
	Relapse     float64 `yaml:"relapse"`
	RelapseDays [2]int  `yaml:"relapse_days"`
	Resolved    string  `yaml:"resolved"` // observation_codes.csv key coded when it ends
	// SustainedReadings: an episode not (or no longer) ended by its drawn
	// course whose last this many review scores, the review's own
	// included, all read below Below, off a medicine for it, is over all
	// the same: the GP codes the remission seen (0: never; brief h56d).
	SustainedReadings int    `yaml:"sustained_readings"`
	Source            string `yaml:"source"`
	// Recurrence: a new episode after one was coded resolved (nil: none;
	// eighteenth review).
	Recurrence *Recurrence `yaml:"recurrence"`
}

// Recurrence is a new episode of a condition that ended (depression,
// eighteenth review): after the k-th episode is coded resolved a new one
// begins with chance After[k-1] (the last entry for later episodes), Days
// after the resolution (drawn uniformly between the two). It is coded
// again, read, treated and may end like the first. From the Maintenance-th
// episode on (recurrent depression) the medicine goes on MaintenanceDays
// after the remission instead of ContinueDays.
type Recurrence struct {
	After           []float64 `yaml:"after"`
	Days            [2]int    `yaml:"days"`
	Maintenance     int       `yaml:"maintenance"`
	MaintenanceDays [2]int    `yaml:"maintenance_days"`
	Source          string    `yaml:"source"`
}

// Chance is the chance that a new episode follows the episode-th (1 the
// first) once it was resolved.
func (r *Recurrence) Chance(episode int) float64 {
	return r.After[min(max(episode, 1), len(r.After))-1]
}

// ContinueFor is the range of days a medicine goes on after the remission
// of the episode-th episode (1 the first).
func (r *Remission) ContinueFor(episode int) [2]int {
	if rc := r.Recurrence; rc != nil && rc.Maintenance > 0 && episode >= rc.Maintenance {
		return rc.MaintenanceDays
	}
	return r.ContinueDays
}

// RecoveryPoint is the share of episodes over by a day.
type RecoveryPoint struct {
	Days  int     `yaml:"days"`
	Share float64 `yaml:"share"`
}

// check reports a remission that cannot be drawn.
func (r *Remission) check(key string) error {
	last := RecoveryPoint{}
	for _, p := range r.RecoveredBy {
		if p.Days <= last.Days || p.Share < last.Share || p.Share > 1 {
			return fmt.Errorf("condition %s: remission recovered_by must rise in days and share (to 1)", key)
		}
		last = p
	}
	if len(r.RecoveredBy) == 0 || r.Below <= 0 || r.ContinueDays[1] < r.ContinueDays[0] || r.RelapseDays[1] < r.RelapseDays[0] {
		return fmt.Errorf("condition %s: remission needs recovered_by, below and ordered day ranges", key)
	}
	if rc := r.Recurrence; rc != nil {
		for _, a := range rc.After {
			if a < 0 || a > 1 {
				return fmt.Errorf("condition %s: remission recurrence after must be shares", key)
			}
		}
		if len(rc.After) == 0 || rc.Days[0] <= 0 || rc.Days[1] < rc.Days[0] || rc.MaintenanceDays[1] < rc.MaintenanceDays[0] || rc.Source == "" {
			return fmt.Errorf("condition %s: remission recurrence needs after, ordered day ranges and a source", key)
		}
	}
	if _, ok := ObservationByKey(r.Resolved); !ok {
		return fmt.Errorf("condition %s: remission resolved %q has no code", key, r.Resolved)
	}
	return nil
}

// DayRecovered draws the day since the diagnosis an episode ends from a
// uniform u (0: never).
func (r *Remission) DayRecovered(u float64) int {
	prev := RecoveryPoint{}
	for _, p := range r.RecoveredBy {
		if u < p.Share {
			f := (u - prev.Share) / (p.Share - prev.Share)
			return max(prev.Days+int(f*float64(p.Days-prev.Days)), 1)
		}
		prev = p
	}
	return 0
}

// Precedes: a condition that may come first (non-diabetic hyperglycaemia
// before type 2 diabetes; fifteenth review). A share of the people who hold
// Condition had this one diagnosed LeadYears before it (whole years, drawn
// uniformly between the two), its problem-list entry resolved when Condition is
// diagnosed; Condition then develops over those years from this one's
// threshold and is diagnosed MarginMean (exponential) past its own, as a
// yearly reading finds it.
type Precedes struct {
	Condition  string     `yaml:"condition"`
	Share      float64    `yaml:"share"`
	LeadYears  [2]float64 `yaml:"lead_years"`
	MarginMean float64    `yaml:"margin_mean"`
	Source     string     `yaml:"source"`
}
