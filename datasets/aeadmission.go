package datasets

import (
	_ "embed"
	"fmt"
	"slices"
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
	// Unwell is the chance by age band that an adult attends systemically
	// unwell, their triage readings moved by Moves (brief h75h); the
	// triage's early warning score then decides (AETriage), and Admit and
	// HighRisk are the chance of admission of the others.
	Unwell []AgeShare         `yaml:"unwell"`
	Moves  map[string]float64 `yaml:"moves"`
	Source string             `yaml:"source"`
}

// AETriage is the adult triage's early warning score (brief h75h): the
// readings taken, each scored by its bands, and the scores that admit.
type AETriage struct {
	MinAge int `yaml:"min_age"`
	// Scores: per observation key, the band edges (a reading at or above
	// an edge is in the next band) and each band's score.
	Scores map[string]AEScoreBands `yaml:"scores"`
	// Plain: readings taken and moved but not scored (diastolic pressure).
	Plain       []string `yaml:"plain"`
	AdmitScore  int      `yaml:"admit_score"`  // an aggregate at least this admits
	SingleScore int      `yaml:"single_score"` // one reading scoring this admits
	Source      string   `yaml:"source"`
}

// AEScoreBands is one reading's bands: len(Scores) == len(Edges)+1.
type AEScoreBands struct {
	Edges  []float64 `yaml:"edges"`
	Scores []int     `yaml:"scores"`
}

// Score is the score of reading v.
func (b *AEScoreBands) Score(v float64) int {
	k := 0
	for k < len(b.Edges) && v >= b.Edges[k] {
		k++
	}
	return b.Scores[k]
}

// Urgent reports whether readings (by observation key) reach the triage's
// admission: an aggregate of AdmitScore or a single reading of SingleScore.
func (t *AETriage) Urgent(readings map[string]float64) bool {
	total := 0
	for key, b := range t.Scores {
		v, ok := readings[key]
		if !ok {
			continue
		}
		sc := b.Score(v)
		if sc >= t.SingleScore {
			return true
		}
		total += sc
	}
	return total >= t.AdmitScore
}

// UnwellAt is the chance an adult of age attends unwell.
func (a *AEAdmission) UnwellAt(age int) float64 { return shareFrom(a.Unwell, age) }

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
func (a *AEAdmission) ShareAt(age int) float64 { return shareFrom(a.Admit, age) }

// shareFrom is the share of the last band whose age the person has reached
// (0 under the first): bands are in age order (checked at load).
func shareFrom(bands []AgeShare, age int) float64 {
	share := 0.0
	for _, b := range bands {
		if age >= b.From {
			share = b.Share
		}
	}
	return share
}

var loadAEAdmissions = sync.OnceValues(func() ([]AEAdmission, error) {
	f, err := loadAEAdmissionFile()
	if err != nil {
		return nil, err
	}
	for _, a := range f.Admissions {
		ok := a.Problem != "" && a.Source != "" && len(a.Admit) > 0 && a.Admit[0].From == a.MinAge && a.HighRisk.Share >= 0 && a.HighRisk.Share <= 1
		for i, b := range a.Admit {
			ok = ok && b.Share >= 0 && b.Share <= 1 && (i == 0 || b.From > a.Admit[i-1].From)
		}
		for i, b := range a.Unwell {
			ok = ok && b.Share >= 0 && b.Share <= 1 && (i == 0 || b.From > a.Unwell[i-1].From)
		}
		for key := range a.Moves {
			_, scored := f.Triage.Scores[key]
			ok = ok && (scored || slices.Contains(f.Triage.Plain, key))
		}
		if !ok {
			return nil, fmt.Errorf("ae_admission.yaml: %q needs a source, admit and unwell shares in [0, 1] by rising age from min_age, and moves of triage readings only", a.Problem)
		}
	}
	return f.Admissions, nil
})

// aeAdmissionFile is ae_admission.yaml.
type aeAdmissionFile struct {
	Triage     AETriage      `yaml:"triage"`
	Admissions []AEAdmission `yaml:"admissions"`
}

var loadAEAdmissionFile = sync.OnceValues(func() (*aeAdmissionFile, error) {
	var f aeAdmissionFile
	if err := decodeStrict(aeAdmissionYAML, &f); err != nil {
		return nil, fmt.Errorf("ae_admission.yaml: %w", err)
	}
	t := &f.Triage
	ok := t.Source != "" && t.AdmitScore > 0 && t.SingleScore > 0 && len(t.Scores) > 0
	for _, b := range t.Scores {
		ok = ok && len(b.Scores) == len(b.Edges)+1 && slices.IsSorted(b.Edges)
	}
	if !ok {
		return nil, fmt.Errorf("ae_admission.yaml: triage needs a source, admit and single scores, and one score more than edges (rising) for each reading")
	}
	return &f, nil
})

// LoadAETriage returns ae_admission.yaml's triage score.
func LoadAETriage() (*AETriage, error) {
	f, err := loadAEAdmissionFile()
	if err != nil {
		return nil, err
	}
	return &f.Triage, nil
}

// LoadAEAdmissions returns ae_admission.yaml's entries.
func LoadAEAdmissions() ([]AEAdmission, error) { return loadAEAdmissions() }
