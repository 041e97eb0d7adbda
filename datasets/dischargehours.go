package datasets

import "fmt"

// DischargeHours weighs the 24 hours of the day in which an inpatient stay
// that ran overnight ends (catalogue activity.discharge_hours).
type DischargeHours struct {
	Weights [24]float64 `yaml:"weights"`
	Source  string      `yaml:"source"`
}

// check reports a weight that is negative, or weights that sum to nothing.
func (h *DischargeHours) check() error {
	total := 0.0
	for hour, w := range h.Weights {
		if w < 0 {
			return fmt.Errorf("activity.discharge_hours: hour %d weighs %v", hour, w)
		}
		total += w
	}
	if total <= 0 {
		return fmt.Errorf("activity.discharge_hours: no weights")
	}
	if h.Source == "" {
		return fmt.Errorf("activity.discharge_hours: no source")
	}
	return nil
}

// Minute maps u in [0, 1) to a minute of the day (0-1439) through the
// hours' weights, spread evenly within an hour: u is the share of the
// day's discharges that come before it.
func (h *DischargeHours) Minute(u float64) int {
	total := 0.0
	for _, w := range h.Weights {
		total += w
	}
	target := u * total
	for hour, w := range h.Weights {
		if w > 0 && target < w {
			return hour*60 + min(int(target/w*60), 59)
		}
		target -= w
	}
	for hour := 23; hour >= 0; hour-- { // u at the very top: the last hour weighed
		if h.Weights[hour] > 0 {
			return hour*60 + 59
		}
	}
	return 0
}
