package datasets

import (
	"fmt"
	"math"
)

// DiagnosisSurvival is the published survival after a diagnosis, by the age
// it is made at: a person who dies with the condition is diagnosed a time
// before the death drawn from it (generator onsetDate), not an exponential
// time that puts most diagnoses in the last year of life (brief h57e:
// dementia, Rait et al., BMJ 2010).
type DiagnosisSurvival struct {
	Bands  []SurvivalBand `yaml:"bands"`
	Source string         `yaml:"source"`
}

// SurvivalBand is the survival of people diagnosed from FromAge (to the
// next band's age): the median years to death and the interquartile range,
// read as a log-normal (its log sd from the IQR).
type SurvivalBand struct {
	FromAge float64    `yaml:"from_age"`
	Median  float64    `yaml:"median"`
	IQR     [2]float64 `yaml:"iqr"`
}

// quartileZ is the standard normal deviate at the upper quartile.
const quartileZ = 0.6744897501960817

// years is the band's survival at quantile z of the standard normal.
func (b *SurvivalBand) years(z float64) float64 {
	sd := math.Log(b.IQR[1]/b.IQR[0]) / (2 * quartileZ)
	return b.Median * math.Exp(sd*z)
}

// YearsBeforeDeath is the time from the diagnosis to a death at ageAtDeath,
// for u uniform in (0, 1): the same quantile of each band's survival, taken
// from the oldest band whose diagnosis age it fits (a death at 92 after 5
// years was diagnosed at 87, in the band below 90), the youngest otherwise.
func (sv *DiagnosisSurvival) YearsBeforeDeath(ageAtDeath, u float64) float64 {
	u = min(max(u, 1e-9), 1-1e-9)
	z := math.Sqrt2 * math.Erfinv(2*u-1)
	for i := len(sv.Bands) - 1; i > 0; i-- {
		if y := sv.Bands[i].years(z); ageAtDeath-y >= sv.Bands[i].FromAge {
			return y
		}
	}
	return sv.Bands[0].years(z)
}

// YearsBeforeDeathFrom is YearsBeforeDeath for a diagnosis no younger than
// minAge: a draw past it (the youngest band's long tail, for a death the
// later bands do not fit) is mapped, by its place in that tail, onto the
// youngest band's quantiles that fit, instead of onto the minimum age
// (brief h64e: 9 of 81 dementia diagnoses fell before 65, most at 50-51,
// generate -n 3000 -s 31). Draws that fit are unchanged.
func (sv *DiagnosisSurvival) YearsBeforeDeathFrom(ageAtDeath, minAge, u float64) float64 {
	y := sv.YearsBeforeDeath(ageAtDeath, u)
	most := ageAtDeath - minAge
	if y <= most || most <= 0 {
		return y
	}
	b := &sv.Bands[0]
	sd := math.Log(b.IQR[1]/b.IQR[0]) / (2 * quartileZ)
	fit := 0.5 * math.Erfc(-math.Log(most/b.Median)/(sd*math.Sqrt2)) // the youngest band's share that fits
	u = min(max(u, 1e-9), 1-1e-9)
	if fit >= u { // the draw fitted under the youngest band: a later band's tail
		return min(y, most)
	}
	place := (u - fit) / (1 - fit) // its place in the tail
	return min(b.years(math.Sqrt2*math.Erfinv(2*place*fit-1)), most)
}

// check: bands by rising age, medians within their ranges, a source.
func (sv *DiagnosisSurvival) check(where string) error {
	if sv == nil {
		return nil
	}
	if len(sv.Bands) == 0 || sv.Source == "" {
		return fmt.Errorf("%s: onset.survival needs bands and a source", where)
	}
	for i, b := range sv.Bands {
		if !(b.IQR[0] > 0 && b.IQR[0] < b.Median && b.Median < b.IQR[1]) || i > 0 && b.FromAge <= sv.Bands[i-1].FromAge {
			return fmt.Errorf("%s: onset.survival bands need 0 < iqr low < median < iqr high, by rising from_age", where)
		}
	}
	return nil
}

// diagnosisStep is the grid, in years of age, over which
// YearsBeforeDeathWeighted weighs the diagnosis age.
const diagnosisStep = 0.25

// YearsBeforeDeathWeighted is the time from the diagnosis to a death at
// ageAtDeath, for u uniform in (0, 1), with the diagnosis age a (no younger
// than minAge) drawn in proportion to rate(a) (how often the condition is
// diagnosed at that age) times the survival density, at A-a years, of the
// band a falls in. YearsBeforeDeath took a high quantile to the youngest
// band's long tail when the older bands did not fit it, so a death at 89
// read a dementia diagnosed at 51, 38 years before (brief fxa: 9f5dcd0a,
// a456558a at generate -n 3000 -s 31): a diagnosis at 51 is now as rare as
// the diagnoses at that age are. One draw, as YearsBeforeDeath.
func (sv *DiagnosisSurvival) YearsBeforeDeathWeighted(ageAtDeath, minAge, u float64, rate func(age float64) float64) float64 {
	n := int((ageAtDeath - minAge) / diagnosisStep)
	if n <= 0 {
		return sv.YearsBeforeDeathFrom(ageAtDeath, minAge, u)
	}
	w := make([]float64, n)
	total := 0.0
	for i := range n {
		a := minAge + (float64(i)+0.5)*diagnosisStep
		w[i] = rate(a) * sv.band(a).density(ageAtDeath-a)
		total += w[i]
	}
	if !(total > 0) {
		return sv.YearsBeforeDeathFrom(ageAtDeath, minAge, u)
	}
	u = min(max(u, 1e-9), 1-1e-9) * total
	for i := range n {
		if u < w[i] || i == n-1 { // within the step, by its place in it
			a := minAge + (float64(i)+min(u/w[i], 1))*diagnosisStep
			return ageAtDeath - a
		}
		u -= w[i]
	}
	return 0
}

// band is the survival band of a diagnosis at age a.
func (sv *DiagnosisSurvival) band(a float64) *SurvivalBand {
	for i := len(sv.Bands) - 1; i > 0; i-- {
		if a >= sv.Bands[i].FromAge {
			return &sv.Bands[i]
		}
	}
	return &sv.Bands[0]
}

// density is the band's log-normal density of the survival at y years.
func (b *SurvivalBand) density(y float64) float64 {
	if y <= 0 {
		return 0
	}
	sd := math.Log(b.IQR[1]/b.IQR[0]) / (2 * quartileZ)
	z := math.Log(y/b.Median) / sd
	return math.Exp(-z*z/2) / (y * sd * math.Sqrt(2*math.Pi))
}
