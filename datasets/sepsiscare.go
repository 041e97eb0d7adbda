package datasets

import (
	"cmp"
	"fmt"
	"slices"
)

// The twenty-seventh review's sepsis care (catalogue sepsis_vitals): one
// episode's readings are one person's physiology, recovering over the stay;
// NEWS2 scores consciousness and supplemental oxygen as the RCP chart does;
// an admitted adult scores what led to the admission; and the first contact
// takes the blood cultures and the lactate of the Sepsis Six (NICE NG51).

// SepsisRecovery is how the illness's move on every reading fades from the
// episode's first contact: halved every HalfLifeDays.
type SepsisRecovery struct {
	HalfLifeDays float64 `yaml:"half_life_days"`
	Source       string  `yaml:"source"`
}

// SepsisFinding is a coded finding of the episode that scores Score in the
// early warning score: new confusion (ACVPU "C"). It is present in an
// episode with chance ByAge (by age in whole years, [from age, share]; the
// last at or below the age) times the episode's severity, at most 1, from
// the score's MinAge.
type SepsisFinding struct {
	Observation string       `yaml:"observation"`
	Score       int          `yaml:"score"`
	ByAge       [][2]float64 `yaml:"by_age"`
	Source      string       `yaml:"source"`
}

// Share is the finding's chance at age before the severity (0 below the
// first age).
func (f *SepsisFinding) Share(age int) float64 {
	share := 0.0
	for _, a := range f.ByAge {
		if float64(age) >= a[0] {
			share = a[1]
		}
	}
	return share
}

// SepsisOxygen is supplemental oxygen: given when the reading (an
// oxygen saturation) is below Below, coded as Observation, scoring Score.
type SepsisOxygen struct {
	Observation string  `yaml:"observation"`
	Reading     string  `yaml:"reading"`
	Below       float64 `yaml:"below"`
	Score       int     `yaml:"score"`
	Source      string  `yaml:"source"`
}

// SepsisAdmitted is the early warning score of an admitted adult: at least
// Least at each contact of an episode that is admitted, but for a share
// BelowShare of episodes (admitted on the clinician's judgement with a
// lower score); the severity is raised by Step until it is.
type SepsisAdmitted struct {
	Least      int     `yaml:"least"`
	BelowShare float64 `yaml:"below_share"`
	Step       float64 `yaml:"step"`
	Source     string  `yaml:"source"`
}

// SepsisTest is taken at the episode's first contact: a coded procedure
// (a blood culture) or, with a Mean, a numeric result in the code's unit
// (the lactate): normal about Mean with sd Sd, plus Move at a severity of
// 1, at least Least.
type SepsisTest struct {
	Observation string  `yaml:"observation"`
	Mean        float64 `yaml:"mean"`
	Sd          float64 `yaml:"sd"`
	Move        float64 `yaml:"move"`
	Least       float64 `yaml:"least"`
	Source      string  `yaml:"source"`
}

// checkCare checks the twenty-seventh review's parts of sepsis_vitals.
func (sv *SepsisVitals) checkCare() error {
	if sv.Recovery.HalfLifeDays <= 0 || sv.Recovery.Source == "" {
		return fmt.Errorf("sepsis_vitals recovery: needs a half_life_days above 0 and a source")
	}
	cf := sv.Consciousness
	if _, ok := ObservationByKey(cf.Observation); !ok || cf.Score <= 0 || cf.Source == "" || len(cf.ByAge) == 0 {
		return fmt.Errorf("sepsis_vitals consciousness: needs an observation_codes.csv key, a score, by_age and a source")
	}
	if !slices.IsSortedFunc(cf.ByAge, func(a, b [2]float64) int { return cmp.Compare(a[0], b[0]) }) {
		return fmt.Errorf("sepsis_vitals consciousness: by_age not in order of age")
	}
	ox := sv.Oxygen
	if _, ok := ObservationByKey(ox.Observation); !ok || ox.Score <= 0 || ox.Source == "" || !slices.ContainsFunc(sv.Readings, func(r SepsisReading) bool { return r.Observation == ox.Reading }) {
		return fmt.Errorf("sepsis_vitals oxygen: needs an observation_codes.csv key, one of the readings, a score and a source")
	}
	ad := sv.Admitted
	if ad.Least <= 0 || ad.BelowShare < 0 || ad.BelowShare > 1 || ad.Step <= 0 || ad.Source == "" {
		return fmt.Errorf("sepsis_vitals admitted: needs a least, a below_share in 0..1, a step above 0 and a source")
	}
	for _, t := range sv.Tests {
		code, ok := ObservationByKey(t.Observation)
		if !ok || t.Source == "" || t.Sd < 0 || (t.Mean > 0) != (code.Unit != "") {
			return fmt.Errorf("sepsis_vitals test %q: needs an observation_codes.csv key, a source, and a mean exactly when the code has a unit", t.Observation)
		}
	}
	return nil
}
