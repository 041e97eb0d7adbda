package datasets

import "fmt"

// Alcohol describes adult drinking: the shares of non-drinkers and of
// increasing- and higher-risk drinkers by age band and sex (the rest drink
// at lower risk), the weekly-units limits of the categories, how the
// AUDIT-C score is read from the drinking, and the brief intervention an
// AUDIT-C of increasing or higher risk brings (catalogue.yaml alcohol).
type Alcohol struct {
	FromAge     int       `yaml:"from_age"`
	NonDrinker  BySex     `yaml:"non_drinker"` // % by band
	Increasing  BySex     `yaml:"increasing"`  // % by band
	Higher      BySex     `yaml:"higher"`      // % by band
	LowerLimit  float64   `yaml:"lower_limit"` // units a week: lower risk up to here
	HigherAbove SexFigure `yaml:"higher_above"`
	UnitsMax    SexFigure `yaml:"units_max"`
	// Dependence is the condition key of the history a death from
	// alcoholic liver disease writes: its holders are higher-risk drinkers.
	Dependence string `yaml:"dependence"`
	Source     string `yaml:"source"`
	AuditC     AuditC `yaml:"audit_c"`
	// UnitsObservation and AuditCObservation are the catalogue observations
	// (derived_from: alcohol) holding the weekly units and the score.
	UnitsObservation  string              `yaml:"units_observation"`
	AuditCObservation string              `yaml:"audit_c_observation"`
	Brief             *BriefIntervention  `yaml:"brief_intervention"`
	LiverTests        *LiverTests         `yaml:"liver_tests"`
	Harmful           *HarmfulDrinking    `yaml:"harmful"`
	Persistent        *PersistentDrinking `yaml:"persistent"`
	Change            *DrinkingChange     `yaml:"change"`
}

// DrinkingChange is how a person's drinking answers the care given (brief
// h62b): a brief intervention, an extended one, a referral to specialist
// alcohol services taken up.
type DrinkingChange struct {
	Brief      DrinkingResponse `yaml:"brief"`
	Extended   DrinkingResponse `yaml:"extended"`
	Specialist DrinkingResponse `yaml:"specialist"`
	Source     string           `yaml:"source"`
}

// DrinkingResponse: Reduce of people cut down by Bands categories (to
// non-drinking at most); Relapse of those return to their usual drinking
// RelapseDays (least, most) later.
type DrinkingResponse struct {
	Reduce      float64 `yaml:"reduce"`
	Bands       int     `yaml:"bands"`
	Relapse     float64 `yaml:"relapse"`
	RelapseDays [2]int  `yaml:"relapse_days"`
}

// PersistentDrinking is what follows drinking that brief advice did not
// change (brief h61f: NICE PH24, CG115): an AUDIT-C of AtLeast or more
// again at least AfterDays after a brief intervention brings the full AUDIT
// (an increasing-risk drinker's scored in AuditIncreasing; a harmful
// drinker's as at the diagnosis) and an extended brief intervention
// (Extended); one at least AfterDays after that, an offer of referral to
// specialist alcohol services (harmful referral), taken up by Accept of
// people and otherwise declined (Declined).
type PersistentDrinking struct {
	AtLeast         int     `yaml:"at_least"`
	AfterDays       int     `yaml:"after_days"`
	AuditIncreasing [2]int  `yaml:"audit_increasing"`
	Extended        string  `yaml:"extended"` // observation_codes.csv key
	Declined        string  `yaml:"declined"` // observation_codes.csv key
	Accept          float64 `yaml:"accept"`
	// ReofferDays: a declined referral is offered again at an AUDIT-C of
	// AtLeast or more at least this long after the last offer (h62b).
	ReofferDays int    `yaml:"reoffer_days"`
	Source      string `yaml:"source"`
}

// HarmfulDrinking is what follows a positive AUDIT-C in a higher-risk
// drinker (above higher_above units a week, NICE NG50's thresholds): the
// full AUDIT, its score in the harmful or the dependent range (Dependent
// of them, drawn), the disorder coded (Condition, or the dependence of
// Alcohol.Dependence at AuditDependent), and a referral to specialist
// alcohol services at AuditDependent. The liver tests of liver_tests
// follow from the coded disorder's onset.
type HarmfulDrinking struct {
	AuditObservation string       `yaml:"audit_observation"` // observation_codes.csv key
	AuditHarmful     [2]int       `yaml:"audit_harmful"`     // score range when not dependent
	AuditDependent   [2]int       `yaml:"audit_dependent"`   // score range when dependent
	Dependent        float64      `yaml:"dependent"`         // share dependent
	Condition        CodedProblem `yaml:"condition"`
	Referral         string       `yaml:"referral"` // observation_codes.csv key
	Medicines        *AlcoholMeds `yaml:"medicines"`
	Source           string       `yaml:"source"`
}

// AlcoholMeds are the medicines of a coded drinking disorder (brief h60g:
// NICE CG100, CG115): oral thiamine from the diagnosis for a share of
// dependent drinkers and for harmful drinkers whose latest BMI is below
// ThiamineBMIBelow (malnourished), for ThiamineDays; and, for a share of
// dependent drinkers, a relapse-prevention medicine (Relapse, by weight,
// the first the prescribing rules allow) issued by the practice at the
// first GP consultation RelapseAfterDays after the referral (the specialist
// service's assisted withdrawal comes between), for RelapseDays. NotWith
// are condition keys whose row, held on the day, rules the relapse
// medicines out (decompensated alcoholic cirrhosis).
type AlcoholMeds struct {
	Thiamine         string        `yaml:"thiamine"` // medicines.csv key
	ThiamineShare    float64       `yaml:"thiamine_share"`
	ThiamineBMIBelow float64       `yaml:"thiamine_bmi_below"`
	ThiamineDays     int           `yaml:"thiamine_days"`
	Relapse          []AlcoholDrug `yaml:"relapse"`
	RelapseShare     float64       `yaml:"relapse_share"`
	RelapseAfterDays [2]int        `yaml:"relapse_after_days"`
	RelapseDays      int           `yaml:"relapse_days"`
	NotWith          []string      `yaml:"not_with"`
	// Withdrawal is the benzodiazepine of a community assisted withdrawal
	// (medicines.csv key, chlordiazepoxide; brief h61f): a reducing course
	// of WithdrawalDays, issued for WithdrawalShare of people referred for
	// dependence at the first GP consultation WithdrawalAfterDays after the
	// referral. A relapse medicine after it starts once it is over; the
	// others are withdrawn by the specialist service (not on the record).
	Withdrawal          string  `yaml:"withdrawal"`
	WithdrawalShare     float64 `yaml:"withdrawal_share"`
	WithdrawalAfterDays [2]int  `yaml:"withdrawal_after_days"`
	WithdrawalDays      [2]int  `yaml:"withdrawal_days"`
	Source              string  `yaml:"source"`
}

// AlcoholDrug is a relapse-prevention medicine and its weight.
type AlcoholDrug struct {
	Drug   string  `yaml:"drug"` // medicines.csv key
	Weight float64 `yaml:"weight"`
}

// LiverTests are the liver function tests taken from the diagnosis of
// alcohol dependence on (brief h54c: NICE CG100/CG115), at the first GP
// consultation on or after it and then every EveryDays, each result raised
// as its Raise says (on the observation's scale).
type LiverTests struct {
	Tests     []LiverTest `yaml:"tests"`
	EveryDays int         `yaml:"every_days"`
	Source    string      `yaml:"source"`
	// Reassess are the drinking readings taken again at the same
	// consultations (weekly units, AUDIT-C; h58d: NICE CG115 follow-up),
	// each once a consultation, with ReassessSource.
	Reassess       []string `yaml:"reassess"`
	ReassessSource string   `yaml:"reassess_source"`
}

// LiverTest is one test of LiverTests: an observation and its raise
// (mean, sd; a log-scale observation's on the log scale).
type LiverTest struct {
	Observation string  `yaml:"observation"`
	Raise       float64 `yaml:"raise"`
	RaiseSD     float64 `yaml:"raise_sd"`
}

// SexFigure is one figure for each sex.
type SexFigure struct {
	Female float64 `yaml:"female"`
	Male   float64 `yaml:"male"`
}

// For returns the figure for "female" or "male", as BySex.For does for
// bands.
func (f SexFigure) For(sex string) float64 {
	if sex == "male" {
		return f.Male
	}
	return f.Female
}

// AuditC is how the AUDIT-C answers are read from a person's drinking:
// the range of the typical amount on a drinking day and the amount that
// counts as heavy drinking on one occasion (question 3).
type AuditC struct {
	OccasionUnits struct {
		Lower      [2]float64 `yaml:"lower"`
		Increasing [2]float64 `yaml:"increasing"`
		Higher     [2]float64 `yaml:"higher"`
	} `yaml:"occasion_units"`
	BingeUnits SexFigure `yaml:"binge_units"`
	Source     string    `yaml:"source"`
}

// BriefIntervention is coded (Observation, no value) after an AUDIT-C of
// AtLeast or more, at Share of the recordings for the person's category.
type BriefIntervention struct {
	Observation string `yaml:"observation"`
	AtLeast     int    `yaml:"at_least"`
	// AlwaysAt: an AUDIT-C of this or more is always followed by the brief
	// intervention, whatever the drinking category (h72f); 0: by share only.
	AlwaysAt int `yaml:"always_at"`
	Share    struct {
		Increasing float64 `yaml:"increasing"`
		Higher     float64 `yaml:"higher"`
	} `yaml:"share"`
	Source string `yaml:"source"`
}

// checkAlcohol checks the alcohol section: shares per band that leave a
// lower-risk share, limits in order, observations that read the drinking.
func (c *Catalogue) checkAlcohol(bands func(string, []float64) error) error {
	a := &c.Alcohol
	if a.Source == "" {
		return nil // no alcohol section: nobody's drinking is drawn
	}
	for _, s := range []struct {
		name string
		v    []float64
	}{{"non_drinker female", a.NonDrinker.Female}, {"non_drinker male", a.NonDrinker.Male},
		{"increasing female", a.Increasing.Female}, {"increasing male", a.Increasing.Male},
		{"higher female", a.Higher.Female}, {"higher male", a.Higher.Male}} {
		if err := bands("alcohol "+s.name, s.v); err != nil {
			return err
		}
	}
	for b := range c.Bands {
		if a.NonDrinker.Female[b]+a.Increasing.Female[b]+a.Higher.Female[b] > 100 ||
			a.NonDrinker.Male[b]+a.Increasing.Male[b]+a.Higher.Male[b] > 100 {
			return fmt.Errorf("alcohol: shares of band %d add up to more than 100", b)
		}
	}
	if a.LowerLimit <= 0 || a.HigherAbove.Female <= a.LowerLimit || a.HigherAbove.Male <= a.LowerLimit ||
		a.UnitsMax.Female <= a.HigherAbove.Female || a.UnitsMax.Male <= a.HigherAbove.Male {
		return fmt.Errorf("alcohol: needs 0 < lower_limit < higher_above < units_max for each sex")
	}
	ou := a.AuditC.OccasionUnits
	for _, o := range [][2]float64{ou.Lower, ou.Increasing, ou.Higher} {
		if o[0] <= 0 || o[1] <= o[0] {
			return fmt.Errorf("alcohol audit_c: occasion_units needs (least, most) above 0 for each category")
		}
	}
	if a.AuditC.BingeUnits.Female <= 0 || a.AuditC.BingeUnits.Male <= 0 || a.AuditC.Source == "" {
		return fmt.Errorf("alcohol audit_c: needs binge_units and a source")
	}
	for _, k := range []string{a.UnitsObservation, a.AuditCObservation} {
		if m, ok := c.Observations[k]; !ok || m.DerivedFrom != "alcohol" {
			return fmt.Errorf("alcohol: observation %q must be a catalogue observation derived_from alcohol", k)
		}
	}
	if br := a.Brief; br != nil {
		if _, ok := ObservationByKey(br.Observation); !ok || br.AtLeast <= 0 || br.Source == "" ||
			br.Share.Increasing < 0 || br.Share.Higher > 1 || br.Share.Increasing > br.Share.Higher {
			return fmt.Errorf("alcohol brief_intervention: needs an observation of observation_codes.csv, at_least, shares in [0, 1] (higher at least increasing) and a source")
		}
	}
	if h := a.Harmful; h != nil {
		_, okA := ObservationByKey(h.AuditObservation)
		_, okR := ObservationByKey(h.Referral)
		if !okA || !okR || h.Dependent < 0 || h.Dependent > 1 || h.Source == "" || h.Condition.Key == "" || h.Condition.Snomed == "" ||
			h.AuditHarmful[0] > h.AuditHarmful[1] || h.AuditHarmful[1] >= h.AuditDependent[0] || h.AuditDependent[0] > h.AuditDependent[1] || h.AuditDependent[1] > 40 {
			return fmt.Errorf("alcohol harmful: needs audit_observation and referral of observation_codes.csv, a dependent share in [0, 1], a condition, AUDIT ranges harmful below dependent within 0-40, and a source")
		}
	}
	if ps := a.Persistent; ps != nil {
		_, okE := ObservationByKey(ps.Extended)
		_, okD := ObservationByKey(ps.Declined)
		if a.Harmful == nil || !okE || !okD || ps.AtLeast <= 0 || ps.AfterDays <= 0 || ps.Accept < 0 || ps.Accept > 1 ||
			ps.AuditIncreasing[0] > ps.AuditIncreasing[1] || ps.AuditIncreasing[1] > 40 || ps.Source == "" {
			return fmt.Errorf("alcohol persistent: needs harmful (its referral), extended and declined of observation_codes.csv, at_least and after_days above 0, accept in [0, 1], an AUDIT range within 0-40 and a source")
		}
	}
	if ch := a.Change; ch != nil {
		for _, r := range []DrinkingResponse{ch.Brief, ch.Extended, ch.Specialist} {
			if r.Reduce < 0 || r.Reduce > 1 || r.Relapse < 0 || r.Relapse > 1 || r.Bands < 1 ||
				r.RelapseDays[0] <= 0 || r.RelapseDays[0] > r.RelapseDays[1] || ch.Source == "" {
				return fmt.Errorf("alcohol change: each response needs reduce and relapse in [0, 1], bands of 1 or more, relapse_days (least, most) above 0, and a source")
			}
		}
	}
	if m := a.Harmful; m != nil && m.Medicines != nil && m.Medicines.Withdrawal != "" {
		w := m.Medicines
		if w.WithdrawalShare < 0 || w.WithdrawalShare > 1 || w.WithdrawalAfterDays[0] < 0 || w.WithdrawalAfterDays[0] > w.WithdrawalAfterDays[1] ||
			w.WithdrawalDays[0] <= 0 || w.WithdrawalDays[0] > w.WithdrawalDays[1] {
			return fmt.Errorf("alcohol harmful medicines: withdrawal needs a share in [0, 1] and day ranges (least, most)")
		}
	}
	if lt := a.LiverTests; lt != nil {
		if len(lt.Tests) == 0 || lt.EveryDays <= 0 || lt.Source == "" {
			return fmt.Errorf("alcohol liver_tests: needs tests, every_days above 0 and a source")
		}
		for _, t := range lt.Tests {
			if m, ok := c.Observations[t.Observation]; !ok || m.DerivedFrom != "" || t.RaiseSD < 0 {
				return fmt.Errorf("alcohol liver_tests: %q must be a measured catalogue observation, its raise_sd 0 or more", t.Observation)
			}
		}
		for _, k := range lt.Reassess {
			if _, ok := c.Observations[k]; !ok || lt.ReassessSource == "" {
				return fmt.Errorf("alcohol liver_tests: reassess %q must be a catalogue observation, with a reassess_source", k)
			}
		}
	}
	return nil
}
