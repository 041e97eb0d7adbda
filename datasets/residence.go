package datasets

import "fmt"

// Residence is where a very old person comes to be cared for at home: a
// care home, or their own home when they can no longer leave it
// (housebound). From the day it begins their GP consultations are home
// visits, and the status is coded at the first of them.
type Residence struct {
	// FromAge: the status may begin from this age; WithinYears: the years
	// after it, a range, in which it begins for those it comes to.
	FromAge     int    `yaml:"from_age"`
	WithinYears [2]int `yaml:"within_years"`
	// CareHome and Housebound: the share of each sex it comes to, and the
	// observation (observation_codes.csv key) coded.
	CareHome   ResidenceStatus `yaml:"care_home"`
	Housebound ResidenceStatus `yaml:"housebound"`
	// Frail: severe frailty brings the status sooner, whatever the age
	// (h59f); nil: by age alone.
	Frail *FrailResidence `yaml:"frail"`
	// VisitHours: the local hours [from, to) in which the GP visits people
	// at home, between the surgery's sessions (h59f); nil: surgery hours.
	VisitHours *VisitHours `yaml:"visit_hours"`
}

// FrailResidence is the care home or housebound status that severe frailty
// brings: from the first onset of one of Conditions (catalogue keys), at
// FromAge at the earliest, within WithinYears (a range) of it, for the
// shares of each sex (CareHome and Housebound give the shares; their codes
// are the Residence's own).
type FrailResidence struct {
	Conditions  []string        `yaml:"conditions"`
	FromAge     int             `yaml:"from_age"`
	WithinYears [2]int          `yaml:"within_years"`
	CareHome    ResidenceShares `yaml:"care_home"`
	Housebound  ResidenceShares `yaml:"housebound"`
	Source      string          `yaml:"source"`
}

// ResidenceShares is the share of women and of men a status comes to.
type ResidenceShares struct {
	Female float64 `yaml:"female"`
	Male   float64 `yaml:"male"`
}

// VisitHours is a range of local hours, from inclusive to exclusive.
type VisitHours struct {
	From   int    `yaml:"from"`
	To     int    `yaml:"to"`
	Source string `yaml:"source"`
}

// ResidenceStatus is one status: the share of women and of men it comes
// to, its code and its source.
type ResidenceStatus struct {
	Female      float64 `yaml:"female"`
	Male        float64 `yaml:"male"`
	Observation string  `yaml:"observation"`
	Source      string  `yaml:"source"`
}

// checkResidence checks the residence block: an age, a range of years,
// shares that add up to at most 1 for each sex, known codes and sources.
func checkResidence(r *Residence) error {
	if r.FromAge <= 0 || r.WithinYears[0] < 0 || r.WithinYears[1] < r.WithinYears[0] {
		return fmt.Errorf("residence: needs from_age and within_years [least, most]")
	}
	if r.CareHome.Female+r.Housebound.Female > 1 || r.CareHome.Male+r.Housebound.Male > 1 {
		return fmt.Errorf("residence: the shares of a sex add up to more than 1")
	}
	for _, st := range []ResidenceStatus{r.CareHome, r.Housebound} {
		if _, ok := ObservationByKey(st.Observation); !ok || st.Source == "" || st.Female < 0 || st.Male < 0 {
			return fmt.Errorf("residence: %q needs a known observation, shares and a source", st.Observation)
		}
	}
	if f := r.Frail; f != nil {
		if len(f.Conditions) == 0 || f.FromAge <= 0 || f.WithinYears[0] < 0 || f.WithinYears[1] < f.WithinYears[0] || f.Source == "" ||
			f.CareHome.Female+f.Housebound.Female > 1 || f.CareHome.Male+f.Housebound.Male > 1 {
			return fmt.Errorf("residence frail: needs conditions, from_age, within_years [least, most], shares adding up to at most 1 and a source")
		}
	}
	if h := r.VisitHours; h != nil && (h.From < 8 || h.To > 18 || h.To <= h.From || h.Source == "") {
		return fmt.Errorf("residence visit_hours: needs from < to within the surgery's 8-18 and a source")
	}
	return nil
}
