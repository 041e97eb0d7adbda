package datasets

import (
	"cmp"
	"fmt"
	"slices"
)

// SepsisVitals is what is measured at the A&E attendance and on admission
// of a person with sepsis (twenty-sixth review: before, neither recorded
// any vital sign): the observations NICE NG51 assesses, each moved from the
// person's usual reading by the illness, and in adults the NEWS2 total
// score computed from them (generator/sepsisvitals.go).
type SepsisVitals struct {
	// Problems are the condition keys measured: the presentation and the
	// background cause of death (cause_ and its key).
	Problems []string `yaml:"problems"`
	// Settings are the encounter settings measured (ae, inpatient).
	Settings []string `yaml:"settings"`
	// Severity is the episode's own factor on every move: drawn once an
	// episode, normal about 1 with sd Sd, at least Least, and multiplied by
	// Dying when the person dies of sepsis within DyingDays of the contact.
	Severity SepsisSeverity `yaml:"severity"`
	// Readings are the vital signs, in the order written.
	Readings []SepsisReading `yaml:"readings"`
	// Score is the early warning score written after the readings.
	Score EarlyWarningScore `yaml:"score"`
	// Recovery, Consciousness, Oxygen, Admitted and Tests make one
	// episode's readings coherent and complete (twenty-seventh review;
	// sepsiscare.go).
	Recovery      SepsisRecovery `yaml:"recovery"`
	Consciousness SepsisFinding  `yaml:"consciousness"`
	Oxygen        SepsisOxygen   `yaml:"oxygen"`
	Admitted      SepsisAdmitted `yaml:"admitted"`
	Tests         []SepsisTest   `yaml:"tests"`
	Source        string         `yaml:"source"`
}

// SepsisSeverity scales an episode's moves (see SepsisVitals.Severity).
type SepsisSeverity struct {
	Sd        float64 `yaml:"sd"`
	Least     float64 `yaml:"least"`
	Dying     float64 `yaml:"dying"`
	DyingDays int     `yaml:"dying_days"`
	Source    string  `yaml:"source"`
}

// SepsisReading is one vital sign: Move is added to the usual reading at a
// severity of 1 (a share of it when Ratio: a respiratory rate rises by a
// share of the person's own for their age). A share Low of readings moves
// the other way by LowMove instead (a temperature below 36 in some
// sepsis). Under 16, ChildAtLeast gives, by age in whole years ([from age,
// least]), the reading a child with sepsis is at least (the NG51 and NG143
// thresholds): one below is mirrored above it; a Low reading is kept below
// LowBelow. Bands score it for the early warning score.
type SepsisReading struct {
	Observation  string       `yaml:"observation"`
	Move         float64      `yaml:"move"`
	Ratio        bool         `yaml:"ratio"`
	Low          float64      `yaml:"low"`
	LowMove      float64      `yaml:"low_move"`
	LowBelow     float64      `yaml:"low_below"`
	ChildAtLeast [][2]float64 `yaml:"child_at_least"`
	// Noise is the sd of one reading about the episode's level (the
	// person's physiology is drawn once an episode; twenty-seventh review).
	Noise  float64     `yaml:"noise"`
	Bands  []ScoreBand `yaml:"bands"`
	Source string      `yaml:"source"`
}

// ScoreBand scores a reading of at most Upto (the last band: any above).
type ScoreBand struct {
	Upto  float64 `yaml:"upto"`
	Score int     `yaml:"score"`
}

// EarlyWarningScore is the total of the readings' band scores, written as
// Observation (an observation_codes.csv key) from MinAge.
type EarlyWarningScore struct {
	Observation string `yaml:"observation"`
	MinAge      int    `yaml:"min_age"`
	Source      string `yaml:"source"`
}

// BandScore is the score of reading v in bands (ordered by Upto): the
// first band it is at most, else the last. One definition, used by the
// generator and the tests alike.
func BandScore(bands []ScoreBand, v float64) int {
	for _, b := range bands {
		if v <= b.Upto {
			return b.Score
		}
	}
	return bands[len(bands)-1].Score
}

// ChildLeast is the least reading for a child aged age in whole years
// (the last [from, least] at or below the age), and whether there is one.
func (r *SepsisReading) ChildLeast(age int) (float64, bool) {
	least, ok := 0.0, false
	for _, a := range r.ChildAtLeast {
		if float64(age) >= a[0] {
			least, ok = a[1], true
		}
	}
	return least, ok
}

// checkSepsisVitals checks the problems, settings, readings and bands.
func (c *Catalogue) checkSepsisVitals() error {
	sv := c.SepsisVitals
	if sv == nil {
		return nil
	}
	known := c.episodeKeys()
	for i := range c.BackgroundCauses {
		known[c.BackgroundCauses[i].RowKey()] = true
	}
	if len(sv.Problems) == 0 || sv.Source == "" || sv.Severity.Source == "" || sv.Severity.Least <= 0 || sv.Severity.Dying < 1 || sv.Severity.DyingDays < 0 {
		return fmt.Errorf("sepsis_vitals: needs problems, a source and a severity (least above 0, dying 1 or more, with a source)")
	}
	for _, k := range sv.Problems {
		if !known[k] {
			return fmt.Errorf("sepsis_vitals: %q is not a presentation, acute episode or cause of death", k)
		}
	}
	for _, s := range sv.Settings {
		if s != "gp" && s != "ae" && s != "inpatient" {
			return fmt.Errorf("sepsis_vitals: setting %q (gp, ae or inpatient)", s)
		}
	}
	for _, r := range sv.Readings {
		where := "sepsis_vitals " + r.Observation
		if _, ok := c.Observations[r.Observation]; !ok || r.Source == "" || len(r.Bands) == 0 {
			return fmt.Errorf("%s: needs a numeric observation, bands and a source", where)
		}
		if r.Low < 0 || r.Low > 1 || (r.Low > 0) != (r.LowBelow != 0) {
			return fmt.Errorf("%s: low is a share in 0..1, with a low_below", where)
		}
		if !slices.IsSortedFunc(r.Bands, func(a, b ScoreBand) int { return cmp.Compare(a.Upto, b.Upto) }) {
			return fmt.Errorf("%s: bands not in order", where)
		}
		if r.Noise < 0 {
			return fmt.Errorf("%s: noise is an sd, 0 or more", where)
		}
		if !slices.IsSortedFunc(r.ChildAtLeast, func(a, b [2]float64) int { return cmp.Compare(a[0], b[0]) }) {
			return fmt.Errorf("%s: child_at_least not in order of age", where)
		}
	}
	if _, ok := ObservationByKey(sv.Score.Observation); !ok || sv.Score.Source == "" {
		return fmt.Errorf("sepsis_vitals score: %q is not in observation_codes.csv, or no source", sv.Score.Observation)
	}
	return sv.checkCare()
}
