package datasets

import "fmt"

// GPConditionState says when a long-term condition brings GP contacts
// beyond its routine review (generator/conditionstate.go): while it is new
// (SettleDays after diagnosis), while its treatment is being started or
// changed (TitrateDays after a course for it starts) and after an
// exacerbation (AfterFlareDays). A stable one brings a contact drawn for it
// with chance StableShare only. A reason-less contact of someone on a
// repeat medicine is a query about it by telephone at most once in
// QueryGapDays per condition; any other reason-less contact is an
// administrative telephone contact with chance AdminShare, else not booked.
type GPConditionState struct {
	SettleDays     int     `yaml:"settle_days"`
	TitrateDays    int     `yaml:"titrate_days"`
	AfterFlareDays int     `yaml:"after_flare_days"`
	StableShare    float64 `yaml:"stable_share"`
	QueryGapDays   int     `yaml:"query_gap_days"`
	AdminShare     float64 `yaml:"admin_share"`
	// OpportunisticBPGapDays: a contact about a problem takes no
	// opportunistic blood pressure within this many days of another reading.
	OpportunisticBPGapDays int `yaml:"opportunistic_bp_gap_days"`
	// UnsettledBPGapDays: an unsettled hypertension's blood pressure is
	// checked at a contact with nothing else to see only when no reading
	// falls within this many days.
	UnsettledBPGapDays int    `yaml:"unsettled_bp_gap_days"`
	Source             string `yaml:"source"`
}

// checkGPConditionState: every interval above 0, a share in [0, 1], and a
// cited source.
func (c *Catalogue) checkGPConditionState() error {
	g := c.Activity.GPConditionState
	if g.SettleDays <= 0 || g.TitrateDays <= 0 || g.AfterFlareDays <= 0 || g.QueryGapDays <= 0 || g.OpportunisticBPGapDays <= 0 || g.UnsettledBPGapDays <= 0 ||
		g.StableShare < 0 || g.StableShare > 1 || g.AdminShare < 0 || g.AdminShare > 1 || g.Source == "" {
		return fmt.Errorf("activity.gp_condition_state: need settle_days, titrate_days, after_flare_days and query_gap_days opportunistic_bp_gap_days and unsettled_bp_gap_days above 0, stable_share and admin_share in [0, 1], and a source")
	}
	if t := c.Activity.GPTelephoneShare; t <= 0 || t > 0.3 {
		return fmt.Errorf("activity.gp_telephone_share: need a share above 0 and at most 0.3 (the home visits' draw begins there)")
	}
	return nil
}
