package datasets

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"
)

//go:embed symptom_contacts.yaml
var symptomContactsYAML []byte

// SymptomContacts is symptom_contacts.yaml: by condition key, what the
// clinician assesses at a face-to-face contact about a long-standing
// condition the person holds (brief h55f).
type SymptomContacts struct {
	Conditions map[string]SymptomAssessment `yaml:"conditions"`
}

// SymptomAssessment is one condition's assessment at such a contact.
type SymptomAssessment struct {
	Observations []SymptomReading `yaml:"observations"`
	Source       string           `yaml:"source"`
}

// SymptomReading is one observation taken (Key, a catalogue observation
// key); a blood test is not sent when one of the same test lies within
// UnlessWithinDays of the contact (0: always taken).
type SymptomReading struct {
	Key              string `yaml:"key"`
	UnlessWithinDays int    `yaml:"unless_within_days"`
}

var loadSymptomContacts = sync.OnceValues(func() (*SymptomContacts, error) {
	var sc SymptomContacts
	if err := decodeStrict(symptomContactsYAML, &sc); err != nil {
		return nil, fmt.Errorf("symptom_contacts.yaml: %w", err)
	}
	for k, a := range sc.Conditions {
		if len(a.Observations) == 0 || a.Source == "" {
			return nil, fmt.Errorf("symptom_contacts.yaml: %s needs observations and a source", k)
		}
		for i, r := range a.Observations {
			if _, ok := ObservationByKey(r.Key); !ok {
				return nil, fmt.Errorf("symptom_contacts.yaml: %s: observation %q is not in observation_codes.csv", k, r.Key)
			}
			if r.UnlessWithinDays < 0 {
				return nil, fmt.Errorf("symptom_contacts.yaml: %s: %s unless_within_days below 0", k, r.Key)
			}
			if slices.ContainsFunc(a.Observations[:i], func(o SymptomReading) bool { return o.Key == r.Key }) {
				return nil, fmt.Errorf("symptom_contacts.yaml: %s lists %s twice", k, r.Key)
			}
		}
	}
	return &sc, nil
})

// LoadSymptomContacts returns symptom_contacts.yaml, checked.
func LoadSymptomContacts() (*SymptomContacts, error) { return loadSymptomContacts() }
