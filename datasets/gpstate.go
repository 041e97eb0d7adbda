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
	UnsettledBPGapDays int `yaml:"unsettled_bp_gap_days"`
	// ContactGapDays keeps a person's background GP contacts about one
	// long-term condition or long-standing problem apart.
	ContactGapDays ContactGapDays `yaml:"contact_gap_days"`
	// AdminCalls says what an administrative telephone contact is about
	// (generator/admincalls.go); nil: a bare "Telephone consultation".
	AdminCalls *AdminCalls `yaml:"admin_calls"`
	Source     string      `yaml:"source"`
}

// AdminCalls: an administrative telephone contact answers something on the
// record, else it is not booked (issue 9, brief h54c). It gives the result
// of a test in Results taken ResultDays[0]-ResultDays[1] days before it
// (coded ResultCode), or, for a person aged FitNoteAges, issues a fit note
// (coded FitNoteCode) during an illness episode of at least
// FitNoteMinDays (self-certification covers the first 7 days), within
// FitNoteAfterDays after an inpatient stay, or within FitNoteNewDays of
// the onset of an episode of one of FitNoteFor.
type AdminCalls struct {
	ResultDays       [2]int   `yaml:"result_days"`
	Results          []string `yaml:"results"`
	ResultCode       string   `yaml:"result_code"`
	FitNoteAges      [2]int   `yaml:"fit_note_ages"`
	FitNoteMinDays   int      `yaml:"fit_note_min_days"`
	FitNoteAfterDays int      `yaml:"fit_note_after_days"`
	FitNoteNewDays   int      `yaml:"fit_note_new_days"`
	FitNoteFor       []string `yaml:"fit_note_for"`
	FitNoteCode      string   `yaml:"fit_note_code"`
	// FitNoteNotAfter: stays for these bring no fit note (a birth: maternity
	// leave is certified on a MATB1, not a fit note).
	FitNoteNotAfter []string `yaml:"fit_note_not_after"`
	// MoveDays: a contact with nothing to answer on its day moves, on the
	// same day of the week, to answer something within this many days.
	MoveDays int    `yaml:"move_days"`
	Source   string `yaml:"source"`
}

// ContactGapDays: a background GP contact about a long-term condition held
// is booked for it only when no other such contact about it falls within
// Unsettled days (while it is unsettled) or Stable days (otherwise), and one
// about a long-standing problem (osteoarthritis) within LongStanding days.
// Before, a frequent attender's every contact went to the condition: 67
// contacts about asthma in a year, 46 about knee osteoarthritis.
//
// In end-of-life care a contact about the cause keeps EndOfLife days from
// the next, and Dying days in the last DyingDays of life: a frequent
// attender had 95 home visits and calls in a year of a two-year register.
type ContactGapDays struct {
	Unsettled    int    `yaml:"unsettled"`
	Stable       int    `yaml:"stable"`
	LongStanding int    `yaml:"long_standing"`
	EndOfLife    int    `yaml:"end_of_life"`
	Dying        int    `yaml:"dying"`
	DyingDays    int    `yaml:"dying_days"`
	Source       string `yaml:"source"`
}

// EndOfLifeGap is the gap between contacts about the cause of death
// daysLeft days before death.
func (g ContactGapDays) EndOfLifeGap(daysLeft int) int {
	if daysLeft < g.DyingDays {
		return g.Dying
	}
	return g.EndOfLife
}

// checkGPConditionState: every interval above 0, a share in [0, 1], and a
// cited source.
func (c *Catalogue) checkGPConditionState() error {
	g := c.Activity.GPConditionState
	if g.SettleDays <= 0 || g.TitrateDays <= 0 || g.AfterFlareDays <= 0 || g.QueryGapDays <= 0 || g.OpportunisticBPGapDays <= 0 || g.UnsettledBPGapDays <= 0 ||
		g.StableShare < 0 || g.StableShare > 1 || g.AdminShare < 0 || g.AdminShare > 1 || g.Source == "" {
		return fmt.Errorf("activity.gp_condition_state: need settle_days, titrate_days, after_flare_days and query_gap_days opportunistic_bp_gap_days and unsettled_bp_gap_days above 0, stable_share and admin_share in [0, 1], and a source")
	}
	if cg := g.ContactGapDays; cg.Unsettled <= 0 || cg.Stable <= 0 || cg.LongStanding <= 0 || cg.EndOfLife <= 0 || cg.Dying <= 0 || cg.DyingDays <= 0 || cg.Source == "" {
		return fmt.Errorf("activity.gp_condition_state.contact_gap_days: need unsettled, stable, long_standing, end_of_life, dying and dying_days above 0 and a source")
	}
	if a := g.AdminCalls; a != nil {
		if a.ResultDays[0] < 1 || a.ResultDays[1] < a.ResultDays[0] || len(a.Results) == 0 || a.FitNoteAges[0] < 16 || a.FitNoteAges[1] < a.FitNoteAges[0] ||
			a.FitNoteMinDays <= 0 || a.MoveDays <= 0 || a.FitNoteAfterDays <= 0 || a.FitNoteNewDays <= 0 || a.Source == "" {
			return fmt.Errorf("activity.gp_condition_state.admin_calls: need result_days from 1 up, results, fit_note_ages from 16 up, fit_note_min_days, fit_note_after_days and fit_note_new_days above 0, and a source")
		}
		for _, k := range [...]string{a.ResultCode, a.FitNoteCode} {
			if _, ok := ObservationByKey(k); !ok {
				return fmt.Errorf("activity.gp_condition_state.admin_calls: code %q is not in observation_codes.csv", k)
			}
		}
	}
	if t := c.Activity.GPTelephoneShare; t <= 0 || t > 0.3 {
		return fmt.Errorf("activity.gp_telephone_share: need a share above 0 and at most 0.3 (the home visits' draw begins there)")
	}
	return nil
}
