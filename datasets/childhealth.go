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
		// BMIWithHeight: the BMI z-score's correlation with length's; a
		// child's weight is its BMI times its length squared (WeightFor).
		BMIWithHeight  float64 `yaml:"bmi_with_height"`
		HeadWithHeight float64 `yaml:"head_with_height"`
	} `yaml:"correlation"`
	Drift  float64                                `yaml:"drift"`
	Growth map[string]map[string][]GrowthLMSPoint `yaml:"growth"` // measure -> sex -> rows by month
	// AtBirth names the measures recorded at a review but taken at birth
	// (birth weight), each with the growth measure it is read from at month 0.
	AtBirth map[string]string `yaml:"at_birth"`
	// EarlyDays: the weight of the first weeks, which the growth standard
	// does not describe (it interpolates from birth to 2 months).
	EarlyDays EarlyWeight `yaml:"early_days"`
	// HeadCheck: a head circumference outside the chart's outer lines is
	// measured again and, confirmed, referred (headcheck.go).
	HeadCheck HeadCheck `yaml:"head_check"`
	// Safeguarding: the A&E pattern in a young child that is a concern
	// (safeguarding.go).
	Safeguarding Safeguarding `yaml:"safeguarding"`
}

// HeadCheck is the repeat of a head circumference measured outside
// OutsideZ z-scores of the median: a GP contact RemeasureDays later
// measures it again, and one still outside is referred (Refer, an
// observation_codes.csv key).
type HeadCheck struct {
	OutsideZ      float64 `yaml:"outside_z"`
	RemeasureDays [2]int  `yaml:"remeasure_days"`
	Refer         string  `yaml:"refer"`
	// ClinicDays: the referral's first paediatric outpatient attendance,
	// days after it (paedclinic.go).
	ClinicDays [2]int `yaml:"clinic_days"`
	// Large and Small: the problem a confirmed head above or below the
	// lines is coded as, the clinic attendance's reason.
	Large CodedProblem `yaml:"large"`
	Small CodedProblem `yaml:"small"`
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
	// Late: the % of all children who have it after its window, in the
	// days given, when they did not have it in time (the new birth visit).
	Late *LateReview `yaml:"late"`
	// Examinations: the procedures coded at it with no value (the 6-8
	// week check's NIPE screening elements), each for one sex or both.
	Examinations []ChildExamination `yaml:"examinations"`
}

// ChildExamination is a procedure coded at a review.
type ChildExamination struct {
	Key string `yaml:"key"` // observation_codes.csv key
	Sex string `yaml:"sex"` // female or male; empty: both
}

// LateReview is a review made after its window.
type LateReview struct {
	Uptake  float64 `yaml:"uptake"`
	AgeDays [2]int  `yaml:"age_days"`
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
	if r := ch.Correlation.BMIWithHeight; r < 0 || r >= 1 || len(ch.Growth["weight"]["female"]) == 0 || len(ch.Growth["height"]["male"]) == 0 {
		return nil, fmt.Errorf("child_health.yaml: correlation bmi_with_height must be in [0, 1), with weight and height rows")
	}
	if err := ch.Safeguarding.check(); err != nil {
		return nil, err
	}
	for _, r := range ch.Reviews {
		if r.AgeDays[0] < 0 || r.AgeDays[1] < r.AgeDays[0] || r.Uptake < 0 || r.Uptake > 100 {
			return nil, fmt.Errorf("child_health.yaml: review %s: bad window or uptake", r.Key)
		}
		if l := r.Late; l != nil && (l.AgeDays[0] <= r.AgeDays[1] || l.AgeDays[1] < l.AgeDays[0] || l.Uptake < 0 || r.Uptake+l.Uptake > 100) {
			return nil, fmt.Errorf("child_health.yaml: review %s: late needs a window after the review's and uptake + late uptake <= 100", r.Key)
		}
		for _, e := range r.Examinations {
			if _, ok := ObservationByKey(e.Key); !ok || e.Sex != "" && e.Sex != "female" && e.Sex != "male" {
				return nil, fmt.Errorf("child_health.yaml: review %s examines %q: an observation_codes.csv key, sex female, male or none", r.Key, e.Key)
			}
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

// WeightFor is the weight (kg) of a child of the sex at the age in months
// whose length is h cm and whose BMI is on z-score zBMI: BMI x length².
func (ch *ChildHealth) WeightFor(sex string, month, h, zBMI float64) float64 {
	m, sd := ch.bmiLogNormal(sex, month)
	return m * math.Exp(sd*zBMI) * (h / 100) * (h / 100)
}

// BMIZ is the z-score of a BMI (kg/m²) for a child of the sex at the age in
// months (the inverse of WeightFor's BMI).
func (ch *ChildHealth) BMIZ(sex string, month, bmi float64) float64 {
	m, sd := ch.bmiLogNormal(sex, month)
	return math.Log(bmi/m) / sd
}

// bmiLogNormal is the median BMI and the spread of its log at an age, read
// from the weight and length standards so that BMI x length² gives back
// their weight: the median weight over the median length squared, and the
// log spread s_b with s_w² = s_b² + 4 s_h² + 4 r s_b s_h (log weight = log
// BMI + 2 log length, r the correlation between the two z-scores).
func (ch *ChildHealth) bmiLogNormal(sex string, month float64) (median, sd float64) {
	_, mw, sw := growthLMS(ch.Growth["weight"][sex], month)
	_, mh, sh := growthLMS(ch.Growth["height"][sex], month)
	r := ch.Correlation.BMIWithHeight
	sd = -2*r*sh + math.Sqrt(sw*sw-4*sh*sh*(1-r*r))
	return mw / (mh / 100) / (mh / 100), sd
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
