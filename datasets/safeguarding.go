package datasets

import "fmt"

// Safeguarding is child_health.yaml's safeguarding: the pattern of A&E
// attendances in a young child that is coded as a safeguarding concern and
// brings the health visitor's review (NICE CG89; h62c).
type Safeguarding struct {
	MaxAge              int      `yaml:"max_age"`              // under this age in years
	Injuries            []string `yaml:"injuries"`             // catalogue keys of the injuries A&E sees
	NotMobileDays       int      `yaml:"not_mobile_days"`      // an injury before this age in days is one of a baby not yet mobile
	RepeatInjuries      int      `yaml:"repeat_injuries"`      // injury attendances within window_days that are a concern
	FrequentAttendances int      `yaml:"frequent_attendances"` // attendances within window_days that are frequent
	FrequentInjuries    int      `yaml:"frequent_injuries"`    // injury attendances among frequent ones that are a concern
	WindowDays          int      `yaml:"window_days"`
	Concern             string   `yaml:"concern"` // observation_codes.csv key of the concern coded
	ReviewDays          [2]int   `yaml:"review_days"`
	ReviewEncounter     string   `yaml:"review_encounter"` // catalogue encounter kind of the review
	ReviewContact       string   `yaml:"review_contact"`   // workforce.yaml contact that makes it
	Source              string   `yaml:"source"`
}

// check checks the thresholds are ones a pattern can reach and that the
// concern is a code the observations know.
func (s *Safeguarding) check() error {
	if s.MaxAge <= 0 || len(s.Injuries) == 0 || s.NotMobileDays <= 0 || s.RepeatInjuries < 2 ||
		s.FrequentAttendances < 2 || s.FrequentInjuries < 1 || s.FrequentInjuries > s.RepeatInjuries || s.WindowDays <= 0 || s.ReviewDays[0] < 0 || s.ReviewDays[1] < s.ReviewDays[0] ||
		s.ReviewEncounter == "" || s.ReviewContact == "" || s.Source == "" {
		return fmt.Errorf("child_health.yaml: safeguarding needs max_age, injuries, not_mobile_days, repeat_injuries and frequent_attendances of 2 or more, frequent_injuries from 1 to repeat_injuries, window_days, review_days in order, review_encounter, review_contact and a source")
	}
	if _, ok := ObservationByKey(s.Concern); !ok {
		return fmt.Errorf("child_health.yaml: safeguarding concern %q is not in observation_codes.csv", s.Concern)
	}
	return nil
}
