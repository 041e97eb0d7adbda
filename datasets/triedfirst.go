package datasets

import "fmt"

// TriedFirst: from FromAge a short course of the medicine (or a medicine
// of Class) is given only when a course of First was issued in the
// WithinDays before; otherwise First is given instead, and the medicine is
// the next step (co-codamol at 85 and over only after paracetamol: older
// people tolerate codeine poorly; twenty-second review).
type TriedFirst struct {
	Medicine   string `yaml:"medicine"`
	Class      string `yaml:"class"`
	FromAge    int    `yaml:"from_age"`
	First      string `yaml:"first"`
	WithinDays int    `yaml:"within_days"`
	Source     string `yaml:"source"`
}

// AppliesTo reports whether the rule covers the medicine.
func (t TriedFirst) AppliesTo(key string) bool { return applies(t.Medicine, t.Class, key) }

// checkTriedFirst checks tried_first: a known medicine or class, a known
// first medicine, from_age and within_days above 0, a source.
func (p *Prescribing) checkTriedFirst(known func(med, class string) error) error {
	for _, t := range p.TriedFirst {
		if err := known(t.Medicine, t.Class); err != nil {
			return fmt.Errorf("prescribing.yaml: tried_first: %w", err)
		}
		if _, ok := MedicineByKey(t.First); !ok || t.FromAge <= 0 || t.WithinDays <= 0 || t.Source == "" {
			return fmt.Errorf("prescribing.yaml: tried_first of %s%s: needs a known first medicine, from_age and within_days above 0 and a source", t.Medicine, t.Class)
		}
	}
	return nil
}
