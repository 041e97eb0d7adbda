package datasets

import "fmt"

// LevelCourse is how a condition's level of one observation moves after
// its treatment starts, and how a repeat of the test that reads it varies
// (h65d: heart failure's ejection fraction). Before, the echocardiogram of
// a person with heart failure read one fixed level for life: 66 of 73
// repeat readings were identical and none with a reduced ejection fraction
// ever improved (generate -n 20000 -s 83).
//
// A person whose level at the diagnosis is AtMost or less and whose
// treatment has started improves with chance Share: their level rises,
// evenly over a time drawn in OverYears from the treatment's start, to a
// level drawn in ImprovedTo (heart failure with improved ejection
// fraction; the treatment goes on). Each reading once the condition is held
// adds a measurement's noise of RepeatNoise (standard deviation, the
// observation's units), never across AtMost on its own: the type a reading
// shows is the level's.
type LevelCourse struct {
	Observation string     `yaml:"observation"`
	AtMost      float64    `yaml:"at_most"`
	Share       float64    `yaml:"share"`
	ImprovedTo  [2]float64 `yaml:"improved_to"`
	OverYears   [2]float64 `yaml:"over_years"`
	RepeatNoise float64    `yaml:"repeat_noise"`
	Source      string     `yaml:"source"`
}

// checkLevelCourses checks each condition's level_course: a known
// observation the condition has an effect on, a share within 0-1, ordered
// ranges, an improved level above the limit, and a source.
func (c *Catalogue) checkLevelCourses() error {
	for i := range c.Conditions {
		cond := &c.Conditions[i]
		lc := cond.LevelCourse
		if lc == nil {
			continue
		}
		where := "condition " + cond.Key + ": level_course"
		if _, ok := cond.Effects[lc.Observation]; !ok {
			return fmt.Errorf("%s: the condition has no effect on %q", where, lc.Observation)
		}
		if _, ok := c.Observations[lc.Observation]; !ok {
			return fmt.Errorf("%s: unknown observation %q", where, lc.Observation)
		}
		if lc.Share < 0 || lc.Share > 1 || lc.RepeatNoise < 0 || lc.Source == "" {
			return fmt.Errorf("%s needs a share within 0-1, a repeat_noise of 0 or more and a source", where)
		}
		if lc.ImprovedTo[0] <= lc.AtMost || lc.ImprovedTo[1] < lc.ImprovedTo[0] || lc.OverYears[0] < 0 || lc.OverYears[1] < lc.OverYears[0] {
			return fmt.Errorf("%s: improved_to above at_most, and both ranges [low, high]", where)
		}
	}
	return nil
}
