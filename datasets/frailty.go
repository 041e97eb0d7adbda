package datasets

import (
	_ "embed"
	"fmt"
	"sync"
	"time"
)

//go:embed frailty.yaml
var frailtyYAML []byte

// Frailty is frailty.yaml: the electronic Frailty Index coded yearly from
// 65, the falls risk assessment after a fall and the cognitive assessment
// after delirium (twentieth review).
type Frailty struct {
	EFI             EFI              `yaml:"efi"`
	FallsAssessment FallsAssessment  `yaml:"falls_assessment"`
	Delirium        DeliriumFollowUp `yaml:"delirium_follow_up"`
	// FallAdmission is the practice's follow-up after an emergency
	// admission for a fall or a broken hip (twenty-first review).
	FallAdmission AdmissionFollowUp `yaml:"fall_admission_follow_up"`
	// InjuryFollowUp is the practice's follow-up after A&E for an injury
	// of an older person that a fall explains (forty-seventh stop).
	InjuryFollowUp InjuryFollowUp `yaml:"injury_follow_up"`
	// FallsClinic is the falls risk assessment in hospital and at the
	// falls service after an injury from a fall (h61g).
	FallsClinic FallsClinic    `yaml:"falls_clinic"`
	byName      map[string]int // category name -> index in EFI.Categories
}

// EFI is the electronic Frailty Index as the model computes it.
type EFI struct {
	From       string         `yaml:"from"` // YYYY-MM-DD: the first day a category is coded
	FromAge    int            `yaml:"from_age"`
	EveryDays  int            `yaml:"every_days"`
	Deficits   int            `yaml:"deficits"`
	Categories []EFICategory  `yaml:"categories"`
	SevereWith []string       `yaml:"severe_with"`
	Conditions []EFICondition `yaml:"conditions"`
	// Polypharmacy is the number of repeat medicines that counts as the
	// polypharmacy deficit.
	Polypharmacy int             `yaml:"polypharmacy"`
	Loading      float64         `yaml:"loading"`
	Unmodelled   []EFIUnmodelled `yaml:"unmodelled"`
	// MedicationReview names the category from which a structured
	// medication review follows the coding.
	MedicationReview string `yaml:"medication_review"`
	Source           string `yaml:"source"`
	// Since is From parsed.
	Since time.Time `yaml:"-"`
}

// EFICategory is a frailty category and the code it is recorded with.
type EFICategory struct {
	Name        string  `yaml:"name"`
	Observation string  `yaml:"observation"` // observation_codes.csv key
	Above       float64 `yaml:"above"`       // the score above which it applies
}

// EFICondition is an eFI deficit the model records as conditions.
type EFICondition struct {
	Deficit string   `yaml:"deficit"`
	Keys    []string `yaml:"keys"`
}

// EFIUnmodelled is an eFI deficit the model has no condition for: the
// share of people who have it at 70, 80 and 90.
type EFIUnmodelled struct {
	Deficit string     `yaml:"deficit"`
	Share   [3]float64 `yaml:"share"`
}

// FallsAssessment is the falls risk assessment at the GP contact after a fall.
type FallsAssessment struct {
	After       []string `yaml:"after"` // the catalogue keys of the episodes followed up
	Observation string   `yaml:"observation"`
	MinAge      int      `yaml:"min_age"`
	Share       float64  `yaml:"share"`
	Source      string   `yaml:"source"`
}

// DeliriumFollowUp is the cognitive assessment at the practice after delirium.
type DeliriumFollowUp struct {
	After       []string `yaml:"after"` // the catalogue keys of the episodes followed up
	Observation string   `yaml:"observation"`
	MinAge      int      `yaml:"min_age"`
	Share       float64  `yaml:"share"`
	DaysAfter   [2]int   `yaml:"days_after"`
	Unless      []string `yaml:"unless"`
	Source      string   `yaml:"source"`
}

// AdmissionFollowUp is a GP contact about the reason for an emergency
// admission in the days after discharge.
type AdmissionFollowUp struct {
	After     []string `yaml:"after"` // the catalogue keys of the admissions' reasons followed up
	MinAge    int      `yaml:"min_age"`
	Share     float64  `yaml:"share"`
	DaysAfter [2]int   `yaml:"days_after"` // days after discharge
	Source    string   `yaml:"source"`
}

// InjuryFollowUp is a GP contact about an injury seen at A&E, booked as
// the catalogue's acute episode Like (a fall) books its follow_up.
type InjuryFollowUp struct {
	After  []string `yaml:"after"` // the presentation keys followed up
	Like   string   `yaml:"like"`  // the acute key whose follow_up gives the age, share, days and referral
	Source string   `yaml:"source"`
}

// FallsClinic is where an injury of an older person from a fall has its
// multifactorial falls risk assessment when the practice has not recorded
// one: at the hospital's own assessment of it, or at the falls service.
type FallsClinic struct {
	After           []string `yaml:"after"` // the catalogue keys of the injuries
	MinAge          int      `yaml:"min_age"`
	InHospitalShare float64  `yaml:"in_hospital_share"` // recorded at the admission's or first fracture clinic's assessment
	WithinDays      int      `yaml:"within_days"`       // an assessment within these days of the injury is the one it needs
	Share           float64  `yaml:"share"`             // the falls service sees the rest
	DaysAfter       [2]int   `yaml:"days_after"`        // days after the attendance or discharge
	Source          string   `yaml:"source"`
}

// UnmodelledShare is the share of people of age a who have deficit u:
// linear between 70, 80 and 90, flat outside.
func (u *EFIUnmodelled) UnmodelledShare(a float64) float64 {
	switch {
	case a <= 70:
		return u.Share[0]
	case a >= 90:
		return u.Share[2]
	case a <= 80:
		return u.Share[0] + (a-70)/10*(u.Share[1]-u.Share[0])
	default:
		return u.Share[1] + (a-80)/10*(u.Share[2]-u.Share[1])
	}
}

var loadFrailty = sync.OnceValues(func() (*Frailty, error) {
	var f Frailty
	if err := decodeStrict(frailtyYAML, &f); err != nil {
		return nil, fmt.Errorf("frailty.yaml: %w", err)
	}
	e := &f.EFI
	var err error
	if e.Since, err = time.Parse(time.DateOnly, e.From); err != nil {
		return nil, fmt.Errorf("frailty.yaml: efi from %q: %w", e.From, err)
	}
	if e.FromAge < 1 || e.EveryDays < 1 || e.Polypharmacy < 1 || e.Source == "" {
		return nil, fmt.Errorf("frailty.yaml: efi needs from_age, every_days and polypharmacy of 1 or more and a source")
	}
	if e.Loading < 0 || e.Loading >= 1 {
		return nil, fmt.Errorf("frailty.yaml: efi loading %v is not in [0, 1)", e.Loading)
	}
	names := map[string]bool{}
	count := 1 // polypharmacy
	for _, c := range e.Conditions {
		if c.Deficit == "" || len(c.Keys) == 0 || names[c.Deficit] {
			return nil, fmt.Errorf("frailty.yaml: efi condition deficit %q is empty, has no keys or is repeated", c.Deficit)
		}
		names[c.Deficit] = true
		count++
	}
	for _, u := range e.Unmodelled {
		if u.Deficit == "" || names[u.Deficit] {
			return nil, fmt.Errorf("frailty.yaml: efi unmodelled deficit %q is empty or repeated", u.Deficit)
		}
		names[u.Deficit] = true
		count++
		for i, s := range u.Share {
			if s < 0 || s > 1 || (i > 0 && s < u.Share[i-1]) {
				return nil, fmt.Errorf("frailty.yaml: efi unmodelled %s: shares must be in [0, 1] and not fall with age", u.Deficit)
			}
		}
	}
	if count != e.Deficits {
		return nil, fmt.Errorf("frailty.yaml: efi lists %d deficits (polypharmacy included), not %d", count, e.Deficits)
	}
	f.byName = map[string]int{}
	for i, c := range e.Categories {
		if _, ok := ObservationByKey(c.Observation); !ok {
			return nil, fmt.Errorf("frailty.yaml: category %s: observation %q is not in observation_codes.csv", c.Name, c.Observation)
		}
		if i > 0 && c.Above <= e.Categories[i-1].Above {
			return nil, fmt.Errorf("frailty.yaml: categories must rise")
		}
		f.byName[c.Name] = i
	}
	if _, ok := f.byName[e.MedicationReview]; !ok {
		return nil, fmt.Errorf("frailty.yaml: medication_review %q is not a category", e.MedicationReview)
	}
	fa, dl := &f.FallsAssessment, &f.Delirium
	for _, key := range []string{fa.Observation, dl.Observation} {
		if _, ok := ObservationByKey(key); !ok {
			return nil, fmt.Errorf("frailty.yaml: observation %q is not in observation_codes.csv", key)
		}
	}
	if len(fa.After) == 0 || len(dl.After) == 0 {
		return nil, fmt.Errorf("frailty.yaml: falls_assessment and delirium_follow_up need the keys they follow (after)")
	}
	if fa.Share < 0 || fa.Share > 1 || dl.Share < 0 || dl.Share > 1 || fa.Source == "" || dl.Source == "" {
		return nil, fmt.Errorf("frailty.yaml: falls_assessment and delirium_follow_up need a share in [0, 1] and a source")
	}
	if dl.DaysAfter[0] < 1 || dl.DaysAfter[1] < dl.DaysAfter[0] {
		return nil, fmt.Errorf("frailty.yaml: delirium_follow_up days_after must be [min, max] from 1")
	}
	if fd := &f.FallAdmission; len(fd.After) == 0 || fd.Share < 0 || fd.Share > 1 || fd.Source == "" || fd.DaysAfter[0] < 1 || fd.DaysAfter[1] < fd.DaysAfter[0] {
		return nil, fmt.Errorf("frailty.yaml: fall_admission_follow_up needs the keys it follows (after), a share in [0, 1], days_after [min, max] from 1 and a source")
	}
	if fc := &f.FallsClinic; len(fc.After) == 0 || fc.InHospitalShare < 0 || fc.InHospitalShare > 1 || fc.Share < 0 || fc.Share > 1 ||
		fc.WithinDays < 1 || fc.DaysAfter[0] < 1 || fc.DaysAfter[1] < fc.DaysAfter[0] || fc.Source == "" {
		return nil, fmt.Errorf("frailty.yaml: falls_clinic needs the keys it follows (after), shares in [0, 1], within_days from 1, days_after [min, max] from 1 and a source")
	}
	if fi := &f.InjuryFollowUp; len(fi.After) == 0 || fi.Like == "" || fi.Source == "" {
		return nil, fmt.Errorf("frailty.yaml: injury_follow_up needs the keys it follows (after), the acute episode it follows up like and a source")
	}
	return &f, nil
})

// LoadFrailty returns frailty.yaml, checked.
func LoadFrailty() (*Frailty, error) { return loadFrailty() }

// Category returns the index of the named category, or -1.
func (f *Frailty) Category(name string) int {
	if i, ok := f.byName[name]; ok {
		return i
	}
	return -1
}

// CategoryOf returns the index of the category an eFI score falls in, or
// -1 for fit.
func (e *EFI) CategoryOf(score float64) int {
	k := -1
	for i, c := range e.Categories {
		if score > c.Above+1e-9 {
			k = i
		}
	}
	return k
}
