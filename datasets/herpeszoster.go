package datasets

import "fmt"

// HerpesZoster is shingles as the GP sees it (catalogue herpes_zoster): a
// rash at a rate by age band, raised by conditions that stand for
// immunosuppression and lowered by a shingles vaccine on the record; the
// contact some days after the rash; an antiviral by NICE CKS's criteria;
// and postherpetic neuralgia for a share rising with age.
type HerpesZoster struct {
	Key          string    `yaml:"key"`
	Snomed       string    `yaml:"snomed"`
	ICD10        string    `yaml:"icd10"`
	Description  string    `yaml:"description"`
	Rate         []float64 `yaml:"rate"` // episodes per person-year by band, unvaccinated
	DurationDays int       `yaml:"duration_days"`
	RateSource   string    `yaml:"rate_source"`
	// Immunosuppressed: the relative rate of shingles in someone holding
	// the condition (the highest applies).
	Immunosuppressed []ZosterRisk `yaml:"immunosuppressed"`
	// Vaccines: the share of episodes a dose of the vaccine on the record
	// prevents, from its day; WaneYears > 0: falling linearly to none then.
	Vaccines []ZosterVaccine `yaml:"vaccines"`
	// PresentDays[d]: the share of people first seen d days after the rash
	// began (the weights are normalised).
	PresentDays   []float64       `yaml:"present_days"`
	PresentSource string          `yaml:"present_source"`
	Antiviral     ZosterAntiviral `yaml:"antiviral"`
	PHN           ZosterPHN       `yaml:"phn"`
}

// ZosterRisk is the relative rate of shingles with a condition held.
type ZosterRisk struct {
	Condition string  `yaml:"condition"`
	RR        float64 `yaml:"rr"`
	Source    string  `yaml:"source"`
}

// ZosterVaccine is the protection a shingles vaccine (immunisations.yaml
// key) gives from the day it is given.
type ZosterVaccine struct {
	Vaccine   string  `yaml:"vaccine"`
	Efficacy  float64 `yaml:"efficacy"`
	WaneYears float64 `yaml:"wane_years"`
	Source    string  `yaml:"source"`
}

// ZosterAntiviral is who is given the antiviral: seen within WithinDays of
// the rash and MinAge or over or immunosuppressed (Probability), or younger
// with other reasons (YoungerShare of them); seen later, up to LateDays,
// only from LateMinAge or immunosuppressed (LateShare).
type ZosterAntiviral struct {
	Course       ShortCourse `yaml:"course"`
	WithinDays   int         `yaml:"within_days"`
	MinAge       int         `yaml:"min_age"`
	YoungerShare float64     `yaml:"younger_share"`
	LateDays     int         `yaml:"late_days"`
	LateMinAge   int         `yaml:"late_min_age"`
	LateShare    float64     `yaml:"late_share"`
	Source       string      `yaml:"source"`
}

// ZosterPHN is postherpetic neuralgia: Share by band of episodes, coded at
// a GP contact AfterDays after the rash, lasting DurationDays, treated
// with Course.
type ZosterPHN struct {
	Snomed       string      `yaml:"snomed"`
	ICD10        string      `yaml:"icd10"`
	Description  string      `yaml:"description"`
	Key          string      `yaml:"key"`
	Share        []float64   `yaml:"share"`
	AfterDays    [2]int      `yaml:"after_days"`
	DurationDays int         `yaml:"duration_days"`
	Course       ShortCourse `yaml:"course"`
	Source       string      `yaml:"source"`
}

func (z *HerpesZoster) check(conds map[string]bool, bands func(string, []float64) error, drugKnown func(string) error) error {
	if z == nil {
		return nil
	}
	if z.Key == "" || z.Snomed == "" || z.ICD10 == "" || z.DurationDays <= 0 || z.RateSource == "" {
		return fmt.Errorf("key, snomed, icd10, duration_days and rate_source needed")
	}
	if err := bands("rate", z.Rate); err != nil {
		return err
	}
	for _, r := range z.Immunosuppressed {
		if !conds[r.Condition] || r.RR < 1 || r.Source == "" {
			return fmt.Errorf("immunosuppressed %q: a catalogue condition, rr of 1 or more and a source", r.Condition)
		}
	}
	for _, v := range z.Vaccines {
		if v.Efficacy <= 0 || v.Efficacy >= 1 || v.WaneYears < 0 || v.Source == "" {
			return fmt.Errorf("vaccine %q: efficacy in (0, 1), wane_years 0 or more, and a source", v.Vaccine)
		}
	}
	sum := 0.0
	for _, w := range z.PresentDays {
		sum += w
	}
	if sum <= 0 || z.PresentSource == "" {
		return fmt.Errorf("present_days: weights and a present_source")
	}
	a := &z.Antiviral
	if a.WithinDays < 0 || a.LateDays < a.WithinDays || a.Source == "" {
		return fmt.Errorf("antiviral: late_days from within_days, and a source")
	}
	if err := a.Course.drugsKnown(drugKnown); err != nil {
		return fmt.Errorf("antiviral: %w", err)
	}
	p := &z.PHN
	if p.Key == "" || p.Snomed == "" || p.DurationDays <= 0 || p.AfterDays[0] < 1 || p.AfterDays[1] < p.AfterDays[0] || p.Source == "" {
		return fmt.Errorf("phn: key, snomed, duration_days, after_days from 1 and a source")
	}
	if err := bands("phn share", p.Share); err != nil {
		return err
	}
	if err := p.Course.drugsKnown(drugKnown); err != nil {
		return fmt.Errorf("phn: %w", err)
	}
	return nil
}
