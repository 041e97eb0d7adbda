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
	// EarlyDays: the weight of the first weeks, which the growth standard
	// does not describe (it interpolates from birth to 2 months).
	EarlyDays EarlyWeight `yaml:"early_days"`
}

// EarlyWeight is a newborn's weight course: a loss to a nadir in the first
// days, back to birth weight some days later, then gaining towards the
// child's centile of the growth standard, which it rejoins on JoinDay.
type EarlyWeight struct {
	NadirDay    float64 `yaml:"nadir_day"`     // day of the lowest weight
	LossMeanPct float64 `yaml:"loss_mean_pct"` // % of birth weight lost by then
	LossSDPct   float64 `yaml:"loss_sd_pct"`
	LossMaxPct  float64 `yaml:"loss_max_pct"`
	RegainMean  float64 `yaml:"regain_day_mean"` // day birth weight is regained
	RegainSD    float64 `yaml:"regain_day_sd"`
	RegainMax   float64 `yaml:"regain_day_max"`
	JoinDay     float64 `yaml:"join_day"` // from this day, the growth standard
	Source      string  `yaml:"source"`
}

// Weight is the weight on day (before JoinDay) of a baby born at birth kg
// who lost lossPct by the nadir, regained birth weight on day regain and
// weighs join kg on JoinDay: straight lines between those points.
func (e *EarlyWeight) Weight(day, birth, lossPct, regain, join float64) float64 {
	nadir := birth * (1 - lossPct/100)
	switch {
	case day <= e.NadirDay:
		return birth + (nadir-birth)*day/e.NadirDay
	case day <= regain:
		return nadir + (birth-nadir)*(day-e.NadirDay)/(regain-e.NadirDay)
	}
	return birth + (join-birth)*(day-regain)/(e.JoinDay-regain)
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
	Key       string `yaml:"key"`
	Name      string `yaml:"name"`
	AgeDays   [2]int `yaml:"age_days"`  // the window it falls in, days after birth
	Encounter string `yaml:"encounter"` // catalogue encounter type
	// Contact: the workforce.yaml contact it is (who makes it: the health
	// visitor's reviews); empty for the encounter type's own (the GP's).
	Contact  string   `yaml:"contact"`
	Uptake   float64  `yaml:"uptake"`   // % of children who have it
	Measures []string `yaml:"measures"` // observation_codes.csv keys
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
	if e := ch.EarlyDays; e.NadirDay <= 0 || e.LossMeanPct < 0 || e.LossSDPct < 0 || e.LossMaxPct < e.LossMeanPct ||
		e.RegainMean <= e.NadirDay || e.RegainSD < 0 || e.RegainMax < e.RegainMean || e.JoinDay <= e.RegainMax || e.Source == "" {
		return nil, fmt.Errorf("child_health.yaml: early_days needs 0 < nadir_day < regain_day_mean <= regain_day_max < join_day, losses with loss_mean_pct <= loss_max_pct, and a source")
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
