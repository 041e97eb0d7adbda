package datasets

import (
	"fmt"
	"slices"
)

// CVDRisk is the assessment of cardiovascular risk in people without
// cardiovascular disease (eighteenth review; NICE NG238 2023): the 10-year
// risk is estimated (QRISK3, qrisk3.go) from 40 at the reviews of the
// conditions AtReviewsOf (hypertension) and at an adult's health check
// (HealthCheck ages, the NHS Health Check), and recorded as the Score
// observation; at Statin.AtLeast or more, atorvastatin is offered.
// NotWith are the conditions that make the assessment moot: established
// cardiovascular disease (QRISK3 is for people without it) and those whose
// own pathway offers a statin whatever the score (diabetes, CKD).
type CVDRisk struct {
	Score       string        `yaml:"score"` // observation_codes.csv key of the recorded score
	MinAge      int           `yaml:"min_age"`
	MaxAge      int           `yaml:"max_age"`
	AtReviewsOf []string      `yaml:"at_reviews_of"`
	EveryDays   int           `yaml:"every_days"` // at a review: rescored once the latest score is this old
	NotWith     []string      `yaml:"not_with"`
	HealthCheck CVDRiskCheck  `yaml:"health_check"`
	Statin      CVDRiskStatin `yaml:"statin"`
	Source      string        `yaml:"source"`
}

// CVDRiskCheck is the NHS Health Check's assessment: at an adult's blood
// pressure check between the ages, when no score is on the record from the
// last EveryDays, for a share of them; with a cholesterol reading
// (Observations) taken then.
type CVDRiskCheck struct {
	Ages [2]int `yaml:"ages"`
	// Share of the checks due that are full health checks (the rest a
	// blood pressure check only: the invitation not taken up).
	Share        float64  `yaml:"share"`
	EveryDays    int      `yaml:"every_days"`
	Observations []string `yaml:"observations"`
	Source       string   `yaml:"source"`
	// Statin: the offer that follows a score of the section's statin
	// at_least or more (twenty-first review).
	Statin *CVDRiskCheckStatin `yaml:"statin"`
}

// CVDRiskCheckStatin is the statin offered after a health check's score of
// 10% or more to someone no condition's pathway offers one: taken with
// chance Accept, at a results appointment AfterDays later that codes
// Condition (a from_health_check condition, whose care starts the statin);
// else declined and coded at the check (the section's declined code).
type CVDRiskCheckStatin struct {
	Condition string  `yaml:"condition"`
	Accept    float64 `yaml:"accept"`
	AfterDays [2]int  `yaml:"after_days"`
	Source    string  `yaml:"source"`
}

// CVDRiskStatin is the statin offered at a score of AtLeast or more: taken
// at an offer with chance Accept, else declined and coded (DeclinedCode,
// DeclinedTerm), and offered again at a review ReofferDays later.
type CVDRiskStatin struct {
	Drug         string             `yaml:"drug"`
	AtLeast      float64            `yaml:"at_least"`
	Accept       float64            `yaml:"accept"`
	ReofferDays  int                `yaml:"reoffer_days"`
	DeclinedCode string             `yaml:"declined_code"`
	DeclinedTerm string             `yaml:"declined_term"`
	Effects      map[string]float64 `yaml:"effects"`
	Source       string             `yaml:"source"`
	// OfferedIn: conditions whose reviews (the diagnosis included) offer the
	// statin whatever the score, to anyone with none of OfferedNotWith (whose
	// own pathways give a statin for secondary prevention) and no statin
	// running: CKD (NICE CG181 1.3.27, QS5 statement 3; twenty-sixth review).
	// OfferedAccept is the chance such an offer is taken.
	OfferedIn      []string `yaml:"offered_in"`
	OfferedNotWith []string `yaml:"offered_not_with"`
	OfferedAccept  float64  `yaml:"offered_accept"`
	// OfferedAcceptIn replaces OfferedAccept for the conditions it names
	// (type 2 diabetes, whose diagnosis gives the statin by its own
	// also_prescribe chance first; h52c).
	OfferedAcceptIn map[string]float64 `yaml:"offered_accept_in"`
	OfferedInSource string             `yaml:"offered_in_source"`
}

// AcceptIn is the chance an offer at a review of condition key is taken.
func (st *CVDRiskStatin) AcceptIn(key string) float64 {
	if a, ok := st.OfferedAcceptIn[key]; ok {
		return a
	}
	return st.OfferedAccept
}

// checkCVDRisk checks the section's conditions, observations, medicine,
// shares and sources.
func (c *Catalogue) checkCVDRisk(conds map[string]bool, drugKnown func(string) error) error {
	r := c.CVDRisk
	if r == nil {
		return nil
	}
	if _, ok := ObservationByKey(r.Score); !ok {
		return fmt.Errorf("cvd_risk: score %q is not in observation_codes.csv", r.Score)
	}
	if r.MinAge < 25 || r.MaxAge > 84 || r.MinAge > r.MaxAge || r.EveryDays <= 0 || r.Source == "" {
		return fmt.Errorf("cvd_risk: ages within QRISK3's 25-84, every_days and a source")
	}
	for _, k := range append(append([]string{}, r.AtReviewsOf...), r.NotWith...) {
		if !conds[k] {
			return fmt.Errorf("cvd_risk: unknown condition %q", k)
		}
	}
	h := r.HealthCheck
	if h.Ages[0] < r.MinAge || h.Ages[1] > r.MaxAge || h.Ages[0] > h.Ages[1] || h.EveryDays <= 0 || h.Share <= 0 || h.Share > 1 || h.Source == "" {
		return fmt.Errorf("cvd_risk health_check: ages within the section's, every_days, a share in (0, 1] and a source")
	}
	for _, k := range h.Observations {
		if _, ok := c.Observations[k]; !ok {
			return fmt.Errorf("cvd_risk health_check: unknown numeric observation %q", k)
		}
	}
	if hs := h.Statin; hs != nil {
		cond, ok := c.Condition(hs.Condition)
		if !ok || !cond.FromHealthCheck || hs.Accept <= 0 || hs.Accept > 1 || hs.AfterDays[0] < 1 || hs.AfterDays[1] < hs.AfterDays[0] || hs.Source == "" {
			return fmt.Errorf("cvd_risk health_check statin: a from_health_check condition, accept in (0, 1], after_days from 1 and a source")
		}
	}
	st := r.Statin
	if err := drugKnown(st.Drug); err != nil {
		return fmt.Errorf("cvd_risk statin: %w", err)
	}
	if st.AtLeast <= 0 || st.Accept <= 0 || st.Accept > 1 || st.ReofferDays <= 0 || st.DeclinedCode == "" || st.DeclinedTerm == "" || st.Source == "" {
		return fmt.Errorf("cvd_risk statin: at_least, accept in (0, 1], reoffer_days, declined_code and term, and a source")
	}
	for k := range st.Effects {
		if _, ok := c.Observations[k]; !ok {
			return fmt.Errorf("cvd_risk statin: effect on unknown observation %q", k)
		}
	}
	for _, k := range append(append([]string{}, st.OfferedIn...), st.OfferedNotWith...) {
		if !conds[k] {
			return fmt.Errorf("cvd_risk statin: unknown condition %q", k)
		}
	}
	if len(st.OfferedIn) > 0 && (st.OfferedInSource == "" || st.OfferedAccept <= 0 || st.OfferedAccept > 1) {
		return fmt.Errorf("cvd_risk statin: offered_in needs offered_accept in (0, 1] and offered_in_source")
	}
	for k, a := range st.OfferedAcceptIn {
		if !slices.Contains(st.OfferedIn, k) || a <= 0 || a > 1 {
			return fmt.Errorf("cvd_risk statin: offered_accept_in %q needs a condition of offered_in and a chance in (0, 1]", k)
		}
	}
	return nil
}
