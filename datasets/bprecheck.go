package datasets

import "fmt"

// BloodPressureRecheck says when an adult's blood pressure is due again at a
// GP contact that has nothing else to see (catalogue
// activity.blood_pressure_recheck): every EveryDays after a normal reading,
// every CloseDays after one at or above CloseSystolic/CloseDiastolic (close
// to 140/90, or above it with no hypertension on the record), and at the
// first such contact when none was ever recorded.
type BloodPressureRecheck struct {
	EveryDays      int     `yaml:"every_days"`
	CloseDays      int     `yaml:"close_days"`
	CloseSystolic  float64 `yaml:"close_systolic"`
	CloseDiastolic float64 `yaml:"close_diastolic"`
	Source         string  `yaml:"source"`
}

// checkBloodPressureRecheck: both intervals set, the close one the shorter,
// and a cited source.
func (c *Catalogue) checkBloodPressureRecheck() error {
	r := c.Activity.BloodPressureRecheck
	if r.CloseDays <= 0 || r.EveryDays < r.CloseDays || r.CloseSystolic <= 0 || r.CloseDiastolic <= 0 || r.Source == "" {
		return fmt.Errorf("activity.blood_pressure_recheck: need every_days at least close_days (above 0), close_systolic and close_diastolic above 0, and a source")
	}
	return nil
}
