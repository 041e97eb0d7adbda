package datasets

import (
	"fmt"

	"github.com/code4health/cohortgen/models"
)

// ShinglesStage lowers the shingles programme's routine age for people
// born from BornFrom (the Shingrix programme's phases from September 2023).
type ShinglesStage struct {
	BornFrom YMD `yaml:"born_from"`
	FromAge  int `yaml:"from_age"`
}

// FromAgeFor is the routine age a person born on birth is first offered
// the vaccine at: the latest stage they were born in, or FromAge.
func (sh *Shingles) FromAgeFor(birth models.Date) int {
	age := sh.FromAge
	for _, st := range sh.Stages {
		if birth >= st.BornFrom.Date() {
			age = st.FromAge
		}
	}
	return age
}

func (sh *Shingles) checkStages() error {
	for k, st := range sh.Stages {
		if st.BornFrom.IsZero() || st.FromAge <= 0 || st.FromAge >= sh.FromAge ||
			k > 0 && (st.BornFrom.Date() <= sh.Stages[k-1].BornFrom.Date() || st.FromAge >= sh.Stages[k-1].FromAge) {
			return fmt.Errorf("immunisations.yaml: shingles stage %d: born_from in order, each from_age below the one before", k+1)
		}
	}
	if len(sh.Stages) > 0 && sh.StagesSource == "" {
		return fmt.Errorf("immunisations.yaml: shingles stages need a stages_source")
	}
	return nil
}
