package datasets

import "fmt"

// OldAgeNoise widens an observation's visit-to-visit spread from FromAge
// (ObsModel.OldAgeNoise).
type OldAgeNoise struct {
	FromAge int     `yaml:"from_age"`
	Noise   float64 `yaml:"noise"`
	Source  string  `yaml:"source"`
}

// NoiseAt is the model's visit-to-visit spread for a person of the age.
func (m *ObsModel) NoiseAt(age int) float64 {
	if o := m.OldAgeNoise; o != nil && age >= o.FromAge {
		return o.Noise
	}
	return m.Noise
}

func (o *OldAgeNoise) check(key string, noise float64) error {
	if o != nil && (o.FromAge <= 0 || o.Noise <= noise || o.Source == "") {
		return fmt.Errorf("catalogue.yaml observation %s: old_age_noise needs from_age, a noise above the usual one and a source", key)
	}
	return nil
}
