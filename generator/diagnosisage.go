package generator

import (
	"sync"

	"github.com/code4health/cohortgen/datasets"
)

// aliveAt is the share of a birth cohort alive at each age by sex (0
// female, 1 male), from the life table's qx (ONS national life tables,
// datasets.DeathProbability).
var aliveAt = sync.OnceValue(func() (s [2][maxAge + 1]float64) {
	for sex, name := range []string{"female", "male"} {
		alive := 1.0
		for a := range maxAge + 1 {
			s[sex][a] = alive
			alive *= 1 - datasets.DeathProbability(a, name)
		}
	}
	return s
})

// diagnosisRate weighs the age a decedent's condition was diagnosed at
// (onsetDate, a condition with onset survival): the condition's age shape
// (for dementia incidence rises with age as prevalence does, approx) times
// the share of the cohort alive at that age, so that the ages weigh as the
// cohort's new diagnoses do: a dementia at 51 is as rare as it is, and a
// diagnosis is not pulled to the oldest ages, where few are still alive
// (brief fxa).
func diagnosisRate(c *condPlan, sex int) func(age float64) float64 {
	al := aliveAt()
	return func(a float64) float64 {
		i := min(max(int(a), 0), maxAge)
		return c.base[sex][i] * al[sex][i]
	}
}
