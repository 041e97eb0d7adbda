package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed allergies.yaml
var allergiesYAML []byte

// Allergies is the allergy-list knowledge (allergies.yaml).
type Allergies struct {
	Allergies       []AllergyModel `yaml:"allergies"`
	ConfirmedShare  float64        `yaml:"confirmed_share"` // % of entries confirmed
	ConfirmedSource string         `yaml:"confirmed_source"`
}

// AllergyModel is one kind of allergy-list entry and how common it is.
type AllergyModel struct {
	Key         string `yaml:"key"`
	Snomed      string `yaml:"snomed"`
	Description string `yaml:"description"`
	CodeSource  string `yaml:"code_source"`
	Type        string `yaml:"type"`     // allergy | intolerance
	Category    string `yaml:"category"` // medication | food | environment | biologic
	// AvoidClasses and AvoidMedicine are what prescribing must not issue
	// once the entry is recorded.
	AvoidClasses  []string `yaml:"avoid_classes"`
	AvoidMedicine string   `yaml:"avoid_medicine"`
	// AdultPrevalence, when set, is the % of adults with the entry, and the
	// generator calibrates Lifetime to it; otherwise Lifetime (%) is used.
	AdultPrevalence float64    `yaml:"adult_prevalence"`
	Lifetime        float64    `yaml:"lifetime"`
	FemaleRatio     float64    `yaml:"female_ratio"`
	OnsetMin        int        `yaml:"onset_min"`
	OnsetMax        int        `yaml:"onset_max"`
	Source          string     `yaml:"source"`
	Status          string     `yaml:"status"` // verified | approx: was the prevalence read in Source
	Reactions       []Reaction `yaml:"reactions"`
}

// Reaction is a recorded manifestation with its severity and the
// criticality it gives the entry.
type Reaction struct {
	Code        string  `yaml:"code"`
	Display     string  `yaml:"display"`
	Severity    string  `yaml:"severity"`    // mild | moderate | severe
	Criticality string  `yaml:"criticality"` // low | high
	Weight      float64 `yaml:"weight"`
}

// LoadAllergies returns the embedded allergy data, checked.
var LoadAllergies = sync.OnceValues(func() (*Allergies, error) {
	var a Allergies
	if err := decodeStrict(allergiesYAML, &a); err != nil {
		return nil, fmt.Errorf("allergies.yaml: %w", err)
	}
	return &a, a.check()
})

func (a *Allergies) check() error {
	if a.ConfirmedShare < 0 || a.ConfirmedShare > 100 || a.ConfirmedSource == "" {
		return fmt.Errorf("allergies.yaml: confirmed_share must be a percentage with its source")
	}
	seen := map[string]bool{}
	for _, m := range a.Allergies {
		bad := func(f string, args ...any) error {
			return fmt.Errorf("allergies.yaml: %s: %s", m.Key, fmt.Sprintf(f, args...))
		}
		if seen[m.Key] {
			return bad("listed twice")
		}
		seen[m.Key] = true
		if m.Snomed == "" || m.Description == "" || m.CodeSource == "" || m.Source == "" {
			return bad("needs snomed, description, code_source and source")
		}
		if !status(m.Status) {
			return bad("status %q: want verified or approx", m.Status)
		}
		switch m.Type {
		case "allergy", "intolerance":
		default:
			return bad("type %q: want allergy or intolerance", m.Type)
		}
		switch m.Category {
		case "medication", "food", "environment", "biologic":
		default:
			return bad("category %q", m.Category)
		}
		if (m.AdultPrevalence > 0) == (m.Lifetime > 0) || m.AdultPrevalence > 100 || m.Lifetime > 100 {
			return bad("give one of adult_prevalence or lifetime, as a percentage")
		}
		if m.OnsetMin < 0 || m.OnsetMax < m.OnsetMin || m.FemaleRatio <= 0 {
			return bad("needs 0 <= onset_min <= onset_max and female_ratio > 0")
		}
		for _, c := range m.AvoidClasses {
			if !knownClasses()[c] {
				return bad("unknown avoid_classes %q", c)
			}
		}
		if m.AvoidMedicine != "" {
			if _, ok := MedicineByKey(m.AvoidMedicine); !ok {
				return bad("unknown avoid_medicine %q", m.AvoidMedicine)
			}
		}
		if len(m.Reactions) == 0 {
			return bad("needs reactions")
		}
		for _, r := range m.Reactions {
			if r.Code == "" || r.Display == "" || r.Weight <= 0 {
				return bad("reaction %q needs code, display and a positive weight", r.Display)
			}
			switch r.Severity {
			case "mild", "moderate", "severe":
			default:
				return bad("reaction severity %q", r.Severity)
			}
			switch r.Criticality {
			case "low", "high", "unable-to-assess":
			default:
				return bad("reaction criticality %q", r.Criticality)
			}
		}
	}
	return nil
}

// Avoids reports whether the entry rules the medicine out.
func (m *AllergyModel) Avoids(medicine string) bool {
	if m.AvoidMedicine != "" && m.AvoidMedicine == medicine {
		return true
	}
	for _, c := range m.AvoidClasses {
		if InClass(medicine, c) {
			return true
		}
	}
	return false
}
