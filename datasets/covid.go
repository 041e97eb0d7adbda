package datasets

import (
	"fmt"
	"slices"
)

// Covid is the COVID-19 vaccination programme (immunisations.yaml covid):
// the primary course by priority group and the booster campaigns.
type Covid struct {
	ProgrammeStart    YMD     `yaml:"programme_start"`
	SecondDoseMinDays int     `yaml:"second_dose_min_days"`
	SecondDoseMaxDays int     `yaml:"second_dose_max_days"`
	SecondDose        float64 `yaml:"second_dose"` // % of first doses followed by a second
	PersonCorrelation float64 `yaml:"person_correlation"`
	SpreadDays        int     `yaml:"spread_days"`   // first doses of a group fall within this after it opens
	CampaignDays      int     `yaml:"campaign_days"` // a booster campaign's doses fall within this after it opens
	RiskOpens         YMD     `yaml:"risk_opens"`
	RiskMinAge        int     `yaml:"risk_min_age"`
	RiskUptake        float64 `yaml:"risk_uptake"`
	// ImmunosuppressedWith: catalogue conditions standing for
	// immunosuppression (spring boosters).
	ImmunosuppressedWith []string       `yaml:"immunosuppressed_with"`
	DoseProcedures       [][2]string    `yaml:"dose_procedures"` // procedure of dose k at k-1
	Procedure            [2]string      `yaml:"procedure"`       // a later dose
	ProcedureSource      string         `yaml:"procedure_source"`
	Status               string         `yaml:"status"`
	Waves                []CovidWave    `yaml:"waves"`
	DefaultProduct       string         `yaml:"default_product"`
	Products             []CovidProduct `yaml:"products"`
	Boosters             []CovidBooster `yaml:"boosters"`
}

// CovidWave is a priority group of the primary course, by age.
type CovidWave struct {
	FromAge int     `yaml:"from_age"`
	Opens   YMD     `yaml:"opens"`
	Uptake  float64 `yaml:"uptake"`
	// SecondOpens: the group's second dose was offered only from this day,
	// at least SecondMinDays after the first (16-17 and 12-15 year olds:
	// first doses from August and September 2021, second doses advised in
	// November 2021 at 12 weeks or more); zero: the programme's interval.
	SecondOpens   YMD `yaml:"second_opens"`
	SecondMinDays int `yaml:"second_min_days"`
}

// CovidProduct is a vaccine given to a share of doses on days in
// [From, Until) to people of at least MinAge.
type CovidProduct struct {
	Vaccine     string  `yaml:"vaccine"`
	From        YMD     `yaml:"from"`
	Until       YMD     `yaml:"until"`
	MinAge      int     `yaml:"min_age"`
	Share       float64 `yaml:"share"`
	PrimaryOnly bool    `yaml:"primary_only"`
}

// CovidBooster is a booster campaign.
type CovidBooster struct {
	Name             string      `yaml:"name"`
	Opens            YMD         `yaml:"opens"`
	MinAge           int         `yaml:"min_age"`
	MaxAge           int         `yaml:"max_age"` // 0: none
	Risk             bool        `yaml:"risk"`
	Immunosuppressed bool        `yaml:"immunosuppressed"`
	MinGapDays       int         `yaml:"min_gap_days"`
	Uptake           []AgeUptake `yaml:"uptake"`
	Source           string      `yaml:"source"`
	RiskUptake       float64     `yaml:"risk_uptake"`
}

// AgeUptake is the uptake from an age (to the next band's); Status
// verified when the figure was read in the campaign's Source, else approx.
type AgeUptake struct {
	FromAge int     `yaml:"from_age"`
	Pct     float64 `yaml:"pct"`
	Status  string  `yaml:"status"`
}

// BandAt is the index of the campaign's uptake band for age, -1 when the
// age is in none.
func (b *CovidBooster) BandAt(age int) int {
	for k, u := range b.Uptake { // bands listed from the oldest
		if age >= u.FromAge {
			return k
		}
	}
	return -1
}

func (c *Covid) check(im *Immunisations, cat *Catalogue) error {
	if c.ProgrammeStart.IsZero() || c.SecondDoseMinDays <= 0 || c.SecondDoseMaxDays < c.SecondDoseMinDays || c.SpreadDays <= 0 || c.CampaignDays <= 0 || !status(c.Status) {
		return fmt.Errorf("immunisations.yaml: covid: programme_start, second dose days, spread_days and status are needed")
	}
	if len(c.DoseProcedures) == 0 || c.Procedure[0] == "" || c.ProcedureSource == "" {
		return fmt.Errorf("immunisations.yaml: covid: dose_procedures and procedure need their source")
	}
	for i, w := range c.Waves {
		if (i > 0 && w.FromAge >= c.Waves[i-1].FromAge) || w.Opens.Date() < c.ProgrammeStart.Date() || w.Uptake <= 0 || w.Uptake > 100 ||
			(!w.SecondOpens.IsZero() && (w.SecondOpens.Date() < w.Opens.Date() || w.SecondMinDays < c.SecondDoseMinDays)) {
			return fmt.Errorf("immunisations.yaml: covid wave %d: waves from the oldest, opening from programme_start, uptake a percentage, second_opens after opens with second_min_days", i+1)
		}
	}
	for _, b := range c.Boosters {
		if b.MinGapDays <= 0 || len(b.Uptake) == 0 || !slices.IsSortedFunc(b.Uptake, func(x, y AgeUptake) int { return y.FromAge - x.FromAge }) || b.Uptake[len(b.Uptake)-1].FromAge != b.MinAge {
			return fmt.Errorf("immunisations.yaml: covid booster %q: min_gap_days, and uptake bands from the oldest down to min_age", b.Name)
		}
		for _, u := range b.Uptake {
			if !status(u.Status) || (u.Status == "verified" && b.Source == "") {
				return fmt.Errorf("immunisations.yaml: covid booster %q: each uptake band needs a status, a verified one the campaign's source", b.Name)
			}
		}
	}
	for _, p := range append([]CovidProduct{{Vaccine: c.DefaultProduct, Share: 100}}, c.Products...) {
		if _, ok := im.Vaccines[p.Vaccine]; !ok || p.Share <= 0 || p.Share > 100 {
			return fmt.Errorf("immunisations.yaml: covid product %q: a vaccine with a share", p.Vaccine)
		}
	}
	for _, k := range c.ImmunosuppressedWith {
		if _, ok := cat.Condition(k); !ok {
			return fmt.Errorf("immunisations.yaml: covid immunosuppressed_with %q is not in the catalogue", k)
		}
	}
	return nil
}
