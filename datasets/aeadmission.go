package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed ae_admission.yaml
var aeAdmissionYAML []byte

// AEAdmission is one ae_admission.yaml entry (brief h73h): whether an
// adult seen at A&E with Problem is admitted, by age band, and at least at
// HighRisk's share when they hold one of its conditions.
type AEAdmission struct {
	Problem  string      `yaml:"problem"`
	MinAge   int         `yaml:"min_age"`
	Admit    []AgeShare  `yaml:"admit"`
	HighRisk AEAdmitRisk `yaml:"high_risk"`
	Source   string      `yaml:"source"`
}

// AgeShare is a share from an age on (to the next entry's).
type AgeShare struct {
	From  int     `yaml:"from"`
	Share float64 `yaml:"share"`
}

// AEAdmitRisk is the conditions that raise the chance of admission to
// Share.
type AEAdmitRisk struct {
	Conditions []string `yaml:"conditions"`
	Share      float64  `yaml:"share"`
}

// ShareAt is the chance of admission at age (0 under MinAge).
func (a *AEAdmission) ShareAt(age int) float64 {
	share := 0.0
	for _, b := range a.Admit {
		if age >= b.From {
			share = b.Share
		}
	}
	return share
}

var loadAEAdmissions = sync.OnceValues(func() ([]AEAdmission, error) {
	var f struct {
		Admissions []AEAdmission `yaml:"admissions"`
	}
	if err := decodeStrict(aeAdmissionYAML, &f); err != nil {
		return nil, fmt.Errorf("ae_admission.yaml: %w", err)
	}
	for _, a := range f.Admissions {
		ok := a.Problem != "" && a.Source != "" && len(a.Admit) > 0 && a.Admit[0].From == a.MinAge && a.HighRisk.Share >= 0 && a.HighRisk.Share <= 1
		for i, b := range a.Admit {
			ok = ok && b.Share >= 0 && b.Share <= 1 && (i == 0 || b.From > a.Admit[i-1].From)
		}
		if !ok {
			return nil, fmt.Errorf("ae_admission.yaml: %q needs a source and admit shares in [0, 1] by rising age from min_age", a.Problem)
		}
	}
	return f.Admissions, nil
})

// LoadAEAdmissions returns ae_admission.yaml's entries.
func LoadAEAdmissions() ([]AEAdmission, error) { return loadAEAdmissions() }
