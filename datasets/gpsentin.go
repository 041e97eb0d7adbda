package datasets

import (
	"fmt"
	"slices"
)

// GPSentAdmission is the practice contact before an emergency admission a
// GP arranges (HES admission method 22): the hours a practice can see and
// send in, how long before the admission the contact is, and what is
// measured at it (the presenting state the GP's letter describes).
type GPSentAdmission struct {
	// OpensMinute and ClosesMinute bound practice hours on a working day
	// (local minutes of the day).
	OpensMinute  int `yaml:"opens_minute"`
	ClosesMinute int `yaml:"closes_minute"`
	// LeadMinutes is the least and most time from the contact's start to
	// the admission.
	LeadMinutes [2]int `yaml:"lead_minutes"`
	// Observations are measured at the contact (observation keys), each
	// raised by Raise (its units) for the illness that sends the patient in.
	Observations []string           `yaml:"observations"`
	Raise        map[string]float64 `yaml:"raise"`
	Source       string             `yaml:"source"`
}

// checkGPSentAdmission: hours in order, a lead that fits in them, something
// measured and a cited source.
func (c *Catalogue) checkGPSentAdmission() error {
	g := c.Activity.GPSentAdmission
	if g.OpensMinute < 0 || g.ClosesMinute > 24*60 || g.OpensMinute >= g.ClosesMinute ||
		g.LeadMinutes[0] <= 0 || g.LeadMinutes[1] < g.LeadMinutes[0] || len(g.Observations) == 0 || g.Source == "" {
		return fmt.Errorf("activity.gp_sent_admission: need opens_minute before closes_minute, lead_minutes above 0 in order, observations and a source")
	}
	for k := range g.Raise {
		if !slices.Contains(g.Observations, k) {
			return fmt.Errorf("activity.gp_sent_admission: raise %q is not an observation measured", k)
		}
	}
	return nil
}
