package datasets

import "fmt"

// PregnancyLevel is the closer monitoring of a medicine's level while a
// pregnancy is recorded (brief h71b): the level every EveryDays from the
// pregnancy's recording, then every WeeklyDays from WeeklyFromWeek weeks
// after the last period to the birth (lithium: NICE CG192 1.4).
type PregnancyLevel struct {
	Medicine       string `yaml:"medicine"`
	Observation    string `yaml:"observation"`
	EveryDays      int    `yaml:"every_days"`
	WeeklyFromWeek int    `yaml:"weekly_from_week"`
	WeeklyDays     int    `yaml:"weekly_days"`
	Source         string `yaml:"source"`
}

// checkPregnancyLevels checks pregnancy_levels: a known medicine and
// observation, intervals from 1 day (no weekly levels: both weekly fields
// 0) and a source.
func (p *Prescribing) checkPregnancyLevels(known func(med, class string) error) error {
	for _, l := range p.PregnancyLevels {
		if err := known(l.Medicine, ""); err != nil {
			return fmt.Errorf("prescribing.yaml: pregnancy_levels: %w", err)
		}
		if _, ok := ObservationByKey(l.Observation); !ok || l.EveryDays < 1 || (l.WeeklyFromWeek > 0) != (l.WeeklyDays > 0) || l.WeeklyFromWeek < 0 || l.Source == "" {
			return fmt.Errorf("prescribing.yaml: pregnancy_levels of %q: needs a known observation, every_days from 1, weekly_days and weekly_from_week both from 1 or both 0 (none) and a source", l.Medicine)
		}
	}
	return nil
}
