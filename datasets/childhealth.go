package datasets

import (
	_ "embed"
	"fmt"
	"math"
	"sync"
)

//go:embed child_health.yaml
var childHealthYAML []byte

// ChildHealth is the child health review schedule and the growth standard
// its measurements follow (child_health.yaml).
type ChildHealth struct {
	Reviews     []ChildReview `yaml:"reviews"`
	Correlation struct {
		HeightWithWeight float64 `yaml:"height_with_weight"`
		HeadWithHeight   float64 `yaml:"head_with_height"`
	} `yaml:"correlation"`
	Drift  float64                                `yaml:"drift"`
	Growth map[string]map[string][]GrowthLMSPoint `yaml:"growth"` // measure -> sex -> rows by month
	// AtBirth names the measures recorded at a review but taken at birth
	// (birth weight), each with the growth measure it is read from at month 0.
	AtBirth map[string]string `yaml:"at_birth"`
}

// GrowthMeasure is the growth measure a recorded measure follows, and the
// age in months it is taken at (-1: when it is recorded).
func (ch *ChildHealth) GrowthMeasure(measure string) (string, float64) {
	if g, ok := ch.AtBirth[measure]; ok {
		return g, 0
	}
	return measure, -1
}

// ChildReview is one review of the schedule.
type ChildReview struct {
	Key       string   `yaml:"key"`
	Name      string   `yaml:"name"`
	AgeDays   [2]int   `yaml:"age_days"`  // the window it falls in, days after birth
	Encounter string   `yaml:"encounter"` // catalogue encounter type
	Uptake    float64  `yaml:"uptake"`    // % of children who have it
	Measures  []string `yaml:"measures"`  // observation_codes.csv keys
}

// GrowthLMSPoint is the LMS parameters of a growth standard at an age.
type GrowthLMSPoint struct {
	Month float64 `yaml:"month"`
	L     float64 `yaml:"l"`
	M     float64 `yaml:"m"`
	S     float64 `yaml:"s"`
}

var loadChildHealth = sync.OnceValues(func() (*ChildHealth, error) {
	var ch ChildHealth
	if err := decodeStrict(childHealthYAML, &ch); err != nil {
		return nil, fmt.Errorf("child_health.yaml: %w", err)
	}
	for _, r := range ch.Reviews {
		if r.AgeDays[0] < 0 || r.AgeDays[1] < r.AgeDays[0] || r.Uptake < 0 || r.Uptake > 100 {
			return nil, fmt.Errorf("child_health.yaml: review %s: bad window or uptake", r.Key)
		}
		for _, m := range r.Measures {
			if _, ok := ObservationByKey(m); !ok {
				return nil, fmt.Errorf("child_health.yaml: review %s measures %q, which observation_codes.csv lacks", r.Key, m)
			}
			g, _ := ch.GrowthMeasure(m)
			for _, sex := range []string{"female", "male"} {
				if len(ch.Growth[g][sex]) == 0 {
					return nil, fmt.Errorf("child_health.yaml: no %s growth rows for %s", sex, g)
				}
			}
		}
	}
	return &ch, nil
})

// ChildHealthSchedule returns the child health knowledge.
func ChildHealthSchedule() (*ChildHealth, error) { return loadChildHealth() }

// GrowthValue is the measure's value at the z-score for a child of the sex
// at the age in months, on the growth standard.
func (ch *ChildHealth) GrowthValue(measure, sex string, month, z float64) float64 {
	l, m, s := growthLMS(ch.Growth[measure][sex], month)
	if l == 0 {
		return m * math.Exp(s*z)
	}
	return m * math.Pow(1+l*s*z, 1/l)
}

// GrowthZ is the z-score of a value (the inverse of GrowthValue).
func (ch *ChildHealth) GrowthZ(measure, sex string, month, value float64) float64 {
	l, m, s := growthLMS(ch.Growth[measure][sex], month)
	if l == 0 {
		return math.Log(value/m) / s
	}
	return (math.Pow(value/m, l) - 1) / (l * s)
}

// growthLMS interpolates the rows linearly at month (clamped to the rows).
func growthLMS(rows []GrowthLMSPoint, month float64) (l, m, s float64) {
	if month <= rows[0].Month {
		return rows[0].L, rows[0].M, rows[0].S
	}
	for i := 1; i < len(rows); i++ {
		if month <= rows[i].Month {
			a, b := rows[i-1], rows[i]
			f := (month - a.Month) / (b.Month - a.Month)
			return a.L + f*(b.L-a.L), a.M + f*(b.M-a.M), a.S + f*(b.S-a.S)
		}
	}
	last := rows[len(rows)-1]
	return last.L, last.M, last.S
}
