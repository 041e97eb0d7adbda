package datasets

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// UrgentPathway is the hospital course of a condition the GP refers urgently
// (suspected cancer, NICE NG12): the clinic that makes the diagnosis, the
// treatments that follow it and the clinic's follow-up. Days are counted
// from the GP consultation that refers (the condition's onset) for the
// clinic, and from the clinic for the first treatment.
type UrgentPathway struct {
	ClinicDays    [2]int        `yaml:"clinic_days"`    // referral to the first clinic attendance
	TreatmentDays [2]int        `yaml:"treatment_days"` // decision to treat (the clinic) to the first treatment
	GapDays       [2]int        `yaml:"gap_days"`       // between one treatment's end and the next's start
	Combinations  []Combination `yaml:"combinations"`   // which treatments, by share
	// BySite replaces Combinations for a primary site (the condition's
	// sites): site key -> treatments joined by "+" ("none": no hospital
	// treatment) -> weight. Read through SiteCombinations.
	BySite     map[string]map[string]float64 `yaml:"by_site"`
	Treatments []UrgentTreat                 `yaml:"treatments"`
	FollowUp   UrgentFollowUp                `yaml:"follow_up"`
	// Referrals: the code of the GP's urgent referral, by primary site (the
	// first entry that names the site, or Children for a child; the entry
	// with neither for the rest): an observation_codes.csv key.
	Referrals []UrgentReferral `yaml:"referrals"`
	// Hormone: the endocrine therapies the clinic starts after treatment,
	// by primary site (hormone.go).
	Hormone []SiteHormone `yaml:"hormone_therapy"`
	// Marker: the tumour marker that follows a site's cancer after its
	// diagnosis (PSA after prostate cancer, NICE NG131; markers.go).
	Marker []SiteMarker `yaml:"marker_monitoring"`
	Source string       `yaml:"source"`
}

// UrgentReferral is the coded referral for some primary sites.
type UrgentReferral struct {
	Sites       []string `yaml:"sites"`
	Children    bool     `yaml:"children"`
	Observation string   `yaml:"observation"`
}

// Referral is the observation key of the referral for a site and age ("":
// none).
func (u *UrgentPathway) Referral(site string, child bool) string {
	fallback := ""
	for _, r := range u.Referrals {
		switch {
		case child && r.Children, !child && slices.Contains(r.Sites, site):
			return r.Observation
		case len(r.Sites) == 0 && !r.Children && fallback == "":
			fallback = r.Observation
		}
	}
	return fallback
}

// Combination is one set of treatments given together (in the order of
// Treatments), with its weight.
type Combination struct {
	Weight float64  `yaml:"weight"`
	Treat  []string `yaml:"treat"`
}

// UrgentTreat is one kind of hospital treatment: an operation with a stay
// (StayDays) or a series of day-case sessions (Sessions, EveryDays apart).
type UrgentTreat struct {
	Key       string  `yaml:"key"`
	StayDays  float64 `yaml:"stay_days"`
	Sessions  [2]int  `yaml:"sessions"`
	EveryDays int     `yaml:"every_days"`
	// Outpatient: the sessions are outpatient attendances (radiotherapy
	// fractions), not day-case admissions, typed by Snomed and Display
	// (fifteenth review: radiotherapy was five day-case admissions).
	Outpatient bool   `yaml:"outpatient"`
	Snomed     string `yaml:"snomed"`
	Display    string `yaml:"display"`
	// MaxAge is the oldest age, in whole years, at which the treatment is
	// given; past it the combination goes on without it (no chemotherapy
	// cycles at 104; twenty-second review). 0: no limit.
	MaxAge int `yaml:"max_age"`
}

// UrgentFollowUp is the clinic's follow-up after treatment: an attendance
// every EveryDays for Years.
type UrgentFollowUp struct {
	EveryDays [2]int  `yaml:"every_days"`
	Years     float64 `yaml:"years"`
}

// Treatment returns the treatment with the key, or nil.
func (u *UrgentPathway) Treatment(key string) *UrgentTreat {
	for i := range u.Treatments {
		if u.Treatments[i].Key == key {
			return &u.Treatments[i]
		}
	}
	return nil
}

// SiteCombinations returns the treatment combinations of a primary site, in
// a fixed order (by their names), or the pathway's own when the site has
// none of its own.
func (u *UrgentPathway) SiteCombinations(site string) []Combination {
	m, ok := u.BySite[site]
	if !ok {
		return u.Combinations
	}
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]Combination, 0, len(names))
	for _, name := range names {
		c := Combination{Weight: m[name]}
		if name != "none" {
			c.Treat = strings.Split(name, "+")
		}
		out = append(out, c)
	}
	return out
}

func validRange(r [2]int) bool { return r[0] > 0 && r[1] >= r[0] }

func (u *UrgentPathway) check() error {
	if u == nil {
		return nil
	}
	if !validRange(u.ClinicDays) || !validRange(u.TreatmentDays) || !validRange(u.GapDays) || !validRange(u.FollowUp.EveryDays) || u.FollowUp.Years < 0 {
		return fmt.Errorf("clinic_days, treatment_days, gap_days and follow_up every_days need ranges [least, most] of days above 0")
	}
	for _, t := range u.Treatments {
		if t.Key == "" || (t.StayDays <= 0) == (t.Sessions[0] <= 0) || t.Sessions[0] > 0 && (t.Sessions[1] < t.Sessions[0] || t.EveryDays <= 0) ||
			t.Outpatient && (t.Sessions[0] <= 0 || t.Snomed == "" || t.Display == "") {
			return fmt.Errorf("treatment %q needs either stay_days or sessions [least, most] with every_days (and outpatient sessions a snomed and display)", t.Key)
		}
		if t.MaxAge < 0 {
			return fmt.Errorf("treatment %q: max_age must not be negative", t.Key)
		}
	}
	for _, r := range u.Referrals {
		if _, ok := ObservationByKey(r.Observation); !ok {
			return fmt.Errorf("referral observation %q has no code in observation codes", r.Observation)
		}
	}
	if len(u.Combinations) == 0 {
		return fmt.Errorf("no combinations")
	}
	all := u.Combinations
	for site := range u.BySite {
		all = append(all[:len(all):len(all)], u.SiteCombinations(site)...)
	}
	for _, c := range all {
		if c.Weight <= 0 {
			return fmt.Errorf("a combination needs a weight above 0")
		}
		for _, k := range c.Treat {
			if u.Treatment(k) == nil {
				return fmt.Errorf("combination names unknown treatment %q", k)
			}
		}
	}
	return nil
}
