package datasets

import "fmt"

// Untreated is why someone with a condition has no treatment for it: the
// reasons a clinician codes (declined, contraindicated, not indicated), by
// weight. The generator records one, once, at the first review where the
// untreated person is seen, so the untreated minority is explicable; the
// audit's exception codes read the same codes.
type Untreated struct {
	Reasons []UntreatedReason `yaml:"reasons"`
	Source  string            `yaml:"source"`
}

// UntreatedReason is one coded reason (SNOMED CT situation) and its weight.
type UntreatedReason struct {
	Snomed      string  `yaml:"snomed"`
	Description string  `yaml:"description"`
	Weight      float64 `yaml:"weight"`
}

// check reports a reason list that cannot be used.
func (u *Untreated) check(cond string) error {
	if len(u.Reasons) == 0 || u.Source == "" {
		return fmt.Errorf("condition %s: untreated needs reasons and a source", cond)
	}
	for _, r := range u.Reasons {
		if r.Snomed == "" || r.Description == "" || r.Weight <= 0 {
			return fmt.Errorf("condition %s: untreated reason %q needs snomed, description and a weight above 0", cond, r.Description)
		}
	}
	return nil
}
