package datasets

import "fmt"

// LowPressureRaise keeps the dose of a medicine of Classes from being
// raised while the latest systolic on the record is below Below, or below
// BelowFromAge from FromAge (brief h70g: ramipril raised 5 -> 10 mg at a
// systolic of 96 in a man of 88). A low reading is a reason to review the
// dose, not to add to it.
type LowPressureRaise struct {
	Classes      []string `yaml:"classes"`
	Observation  string   `yaml:"observation"`
	Below        float64  `yaml:"below"`
	FromAge      int      `yaml:"from_age"`
	BelowFromAge float64  `yaml:"below_from_age"`
	Source       string   `yaml:"source"`
}

// LimitAt is the systolic under which no dose is raised at the age.
func (r *LowPressureRaise) LimitAt(age int) float64 {
	if r.FromAge > 0 && age >= r.FromAge {
		return max(r.Below, r.BelowFromAge)
	}
	return r.Below
}

func (r *LowPressureRaise) check(classes map[string]bool) error {
	if r == nil {
		return nil
	}
	if len(r.Classes) == 0 || r.Below <= 0 || r.Source == "" {
		return fmt.Errorf("prescribing.yaml: low_pressure_raise needs classes, below and a source")
	}
	if _, ok := ObservationByKey(r.Observation); !ok {
		return fmt.Errorf("prescribing.yaml: low_pressure_raise: observation %q is not in observation_codes.csv", r.Observation)
	}
	for _, c := range r.Classes {
		if !classes[c] {
			return fmt.Errorf("prescribing.yaml: low_pressure_raise: unknown class %q", c)
		}
	}
	return nil
}
