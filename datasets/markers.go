package datasets

import "fmt"

// SiteMarker is the tumour marker that follows one primary site's cancer
// after its diagnosis (PSA after prostate cancer, NICE NG131; forty-ninth
// brief h52g): when it is tested, by the course the cancer took (a radical
// treatment, endocrine therapy alone, or neither: active surveillance or
// watchful waiting), who tests it (the hospital's clinic, then the GP), and
// the level it follows.
type SiteMarker struct {
	Site        string `yaml:"site"`        // a catalogue site key
	Observation string `yaml:"observation"` // observation_codes.csv key of the result
	// MatchDays: a test due on a day is taken at a face-to-face contact
	// about the cancer within this many days of it, when there is one.
	MatchDays int `yaml:"match_days"`
	// PreRecordDays: a cancer diagnosed before the record opened ended its
	// treatment (or started its endocrine therapy) this many days after the
	// diagnosis (its course is not in the record).
	PreRecordDays [2]int         `yaml:"pre_record_days"`
	Courses       []MarkerCourse `yaml:"courses"`
	// Recurrence: a share of the treated whose marker rises again (a
	// biochemical recurrence), from a time drawn evenly within Years of the
	// treatment, doubling every DoublingYears from FromLevel above the nadir.
	Recurrence MarkerRecurrence `yaml:"recurrence"`
	NoiseLogSD float64          `yaml:"noise_log_sd"` // a reading about its level, log scale
	Source     string           `yaml:"source"`
}

// MarkerCourse is the schedule and the level of the marker after one
// course: the first of its treatments the cancer had (surgery,
// radiotherapy), endocrine therapy ("hormone") or none ("surveillance").
type MarkerCourse struct {
	Key string `yaml:"key"`
	// FromAge: for "watchful_waiting", the age at the diagnosis from which
	// an untreated cancer is watched (not actively surveilled).
	FromAge int `yaml:"from_age"`
	// FirstDays: the first test after the course's anchor (the end of the
	// treatment, the start of the endocrine therapy, the diagnosis).
	FirstDays [2]int `yaml:"first_days"`
	// MinDays: no test sooner than this after the anchor, even at a contact
	// about the cancer near the first one's day (NICE NG131: the first PSA
	// after radical treatment at the earliest 6 weeks after it).
	MinDays int `yaml:"min_days"`
	// Every: the intervals, each until a number of years after the anchor
	// (0: ever after), in order.
	Every []MarkerInterval `yaml:"every"`
	// HospitalYears: the hospital's clinic tests it this long after the
	// anchor; the GP after.
	HospitalYears float64 `yaml:"hospital_years"`
	// The level: from the diagnostic value it falls towards a nadir
	// (log-normal, NadirMedian, NadirLogSD) with time constant FallYears,
	// or, with DoublingYears (least, most), rises from the diagnostic value,
	// doubling every that many years (drawn evenly per man).
	NadirMedian   float64    `yaml:"nadir_median"`
	NadirLogSD    float64    `yaml:"nadir_log_sd"`
	FallYears     float64    `yaml:"fall_years"`
	DoublingYears [2]float64 `yaml:"doubling_years"`
	Recurs        bool       `yaml:"recurs"` // the recurrence applies
	Source        string     `yaml:"source"`
}

// MarkerInterval is the gap between tests until some years after the
// anchor (0: ever after).
type MarkerInterval struct {
	UntilYears float64 `yaml:"until_years"`
	Days       [2]int  `yaml:"days"`
}

// MarkerRecurrence is a rise of the marker after treatment.
type MarkerRecurrence struct {
	Share         float64    `yaml:"share"`
	Years         [2]float64 `yaml:"years"`
	FromLevel     float64    `yaml:"from_level"`
	DoublingYears [2]float64 `yaml:"doubling_years"`
	Source        string     `yaml:"source"`
}

// Course is the marker course of key, nil when none.
func (m *SiteMarker) Course(key string) *MarkerCourse {
	for i := range m.Courses {
		if m.Courses[i].Key == key {
			return &m.Courses[i]
		}
	}
	return nil
}

// Gap is the interval range that applies the given years after the anchor.
func (c *MarkerCourse) Gap(years float64) [2]int {
	for _, e := range c.Every {
		if e.UntilYears == 0 || years < e.UntilYears {
			return e.Days
		}
	}
	return c.Every[len(c.Every)-1].Days
}

// checkMarkers checks the pathway's marker monitoring: a known site once, a
// coded numeric observation, a surveillance course and sensible ranges.
func checkMarkers(cond *Condition) error {
	up := cond.UrgentPathway
	if up == nil {
		return nil
	}
	seen := map[string]bool{}
	for _, m := range up.Marker {
		known := false
		for i := range cond.Sites {
			known = known || cond.Sites[i].Key == m.Site
		}
		if !known || seen[m.Site] {
			return fmt.Errorf("condition %s: marker_monitoring site %q unknown or given twice", cond.Key, m.Site)
		}
		seen[m.Site] = true
		bad := func(what string) error {
			return fmt.Errorf("condition %s: marker_monitoring %s: %s", cond.Key, m.Site, what)
		}
		if o, ok := ObservationByKey(m.Observation); !ok || o.Snomed == "" || o.Unit == "" {
			return bad("observation needs a coded observation_codes.csv key with a unit")
		}
		if m.MatchDays < 0 || m.PreRecordDays[0] < 0 || m.PreRecordDays[1] < m.PreRecordDays[0] || m.NoiseLogSD < 0 || m.Source == "" {
			return bad("needs match_days, pre_record_days [least, most] from 0, noise_log_sd from 0 and a source")
		}
		r := m.Recurrence
		if r.Share < 0 || r.Share > 1 || r.Years[0] < 0 || r.Years[1] < r.Years[0] || r.FromLevel <= 0 || r.DoublingYears[0] <= 0 || r.DoublingYears[1] < r.DoublingYears[0] || r.Source == "" {
			return bad("recurrence needs a share in [0, 1], years, from_level and doubling_years above 0 and a source")
		}
		if m.Course("surveillance") == nil {
			return bad("needs a surveillance course (no treatment)")
		}
		for _, c := range m.Courses {
			if c.Key != "surveillance" && c.Key != "hormone" && c.Key != "watchful_waiting" && up.Treatment(c.Key) == nil {
				return bad(fmt.Sprintf("course %q is not a treatment, hormone, surveillance or watchful_waiting", c.Key))
			}
			if (c.Key == "watchful_waiting") != (c.FromAge > 0) {
				return bad(fmt.Sprintf("course %s: from_age above 0 for watchful_waiting alone", c.Key))
			}
			if c.FirstDays[0] <= 0 || c.FirstDays[1] < c.FirstDays[0] || c.MinDays < 0 || c.MinDays > c.FirstDays[0] || len(c.Every) == 0 || c.HospitalYears < 0 || c.Source == "" {
				return bad(fmt.Sprintf("course %s needs first_days above 0, min_days from 0 to the first day, every, hospital_years and a source", c.Key))
			}
			for _, e := range c.Every {
				if e.Days[0] <= 0 || e.Days[1] < e.Days[0] {
					return bad(fmt.Sprintf("course %s: every days [least, most] above 0", c.Key))
				}
			}
			falls := c.NadirMedian > 0 && c.FallYears > 0 && c.NadirLogSD >= 0
			rises := c.DoublingYears[0] > 0 && c.DoublingYears[1] >= c.DoublingYears[0]
			if falls == rises {
				return bad(fmt.Sprintf("course %s: either a fall (nadir_median, fall_years) or a rise (doubling_years)", c.Key))
			}
		}
	}
	return nil
}
