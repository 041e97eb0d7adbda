package datasets

import "fmt"

// ElectiveDeferral keeps planned admissions and day cases clear of an
// emergency admission (catalogue activity.elective_deferral): none is held
// within AfterEmergencyDays of the discharge from one, nor within
// AfterEventDays of the discharge from a heart attack's or a stroke's (an
// onset event's) admission; the operation is postponed to the first day
// after.
type ElectiveDeferral struct {
	AfterEmergencyDays int    `yaml:"after_emergency_days"`
	AfterEventDays     int    `yaml:"after_event_days"`
	Source             string `yaml:"source"`
}

// check reports a negative deferral, or one without its source.
func (e *ElectiveDeferral) check() error {
	if e.AfterEmergencyDays < 0 || e.AfterEventDays < 0 {
		return fmt.Errorf("activity.elective_deferral: negative days (%d, %d)", e.AfterEmergencyDays, e.AfterEventDays)
	}
	if (e.AfterEmergencyDays > 0 || e.AfterEventDays > 0) && e.Source == "" {
		return fmt.Errorf("activity.elective_deferral: no source")
	}
	return nil
}
