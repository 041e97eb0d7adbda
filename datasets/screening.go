package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed screening.yaml
var screeningYAML []byte

// Screening is the national screening programmes recorded in the GP record
// (screening.yaml).
type Screening struct {
	Cervical    CervicalScreening `yaml:"cervical"`
	DiabeticEye DiabeticEye       `yaml:"diabetic_eye"`
	Programmes  []Programme       `yaml:"programmes"` // breast, bowel and AAA screening (programmes.go)
}

// DiabeticEye is the NHS Diabetic Eye Screening Programme: people with
// the conditions are invited from FromAge, first FirstDays after the
// diagnosis, then every IntervalYears, and attend at AttendPct.
type DiabeticEye struct {
	Conditions    []string   `yaml:"conditions"` // catalogue keys
	FromAge       int        `yaml:"from_age"`
	FirstDays     [2]int     `yaml:"first_days"`
	IntervalYears int        `yaml:"interval_years"`
	AttendPct     float64    `yaml:"attend_pct"`
	DelayDays     [2]int     `yaml:"delay_days"`
	Observation   string     `yaml:"observation"` // observation_codes.csv key
	Result        CodedValue `yaml:"result"`
	// DidNotAttend codes a missed appointment (observation_codes.csv key;
	// empty: not coded), and ReofferDays is when, after it, the programme
	// offers another (zero: at the next yearly invitation).
	DidNotAttend string `yaml:"did_not_attend"`
	ReofferDays  [2]int `yaml:"reoffer_days"`
	// AppointmentAttendPct: with a re-offer, the share attending the first
	// appointment; the re-offer brings the year to AttendPct.
	AppointmentAttendPct float64 `yaml:"appointment_attend_pct"`
}

// FirstAttendPct is the share attending an invitation's first appointment.
func (e *DiabeticEye) FirstAttendPct() float64 {
	if e.ReofferDays[1] > 0 && e.AppointmentAttendPct > 0 {
		return e.AppointmentAttendPct
	}
	return e.AttendPct
}

// ReofferAttendPct is the share of those who missed the first appointment
// who attend the one re-offered: the year's uptake is AttendPct.
func (e *DiabeticEye) ReofferAttendPct() float64 {
	a := e.FirstAttendPct()
	if a >= 100 || a >= e.AttendPct {
		return 0
	}
	return 100 * (e.AttendPct - a) / (100 - a)
}

// CervicalScreening is the NHS Cervical Screening Programme: who is
// invited and how often, who attends, the results and what follows them.
type CervicalScreening struct {
	FromAge                  int        `yaml:"from_age"`
	UntilAge                 int        `yaml:"until_age"`
	Intervals                []AgeYears `yaml:"intervals"`
	FiveYearlyFrom           YMD        `yaml:"five_yearly_from"`
	FiveYearlyYears          int        `yaml:"five_yearly_years"`
	HPVPrimaryFrom           YMD        `yaml:"hpv_primary_from"`
	NeverAttendPct           float64    `yaml:"never_attend_pct"`
	Attend                   []AgePct   `yaml:"attend"`
	DelayDays                [2]int     `yaml:"delay_days"`
	HPVPositive              []AgePct   `yaml:"hpv_positive"`
	HPVPersistsPct           float64    `yaml:"hpv_persists_pct"`
	AbnormalPct              float64    `yaml:"abnormal_pct"`
	CytologyAbnormalPct      float64    `yaml:"cytology_abnormal_pct"`
	EarlyRecallMonths        int        `yaml:"early_recall_months"`
	ColposcopyAfterPositives int        `yaml:"colposcopy_after_positives"`
	ColposcopyDays           [2]int     `yaml:"colposcopy_days"`
	AfterColposcopyMonths    int        `yaml:"after_colposcopy_months"`
	Observation              string     `yaml:"observation"`          // observation_codes.csv key: the HPV result
	CytologyObservation      string     `yaml:"cytology_observation"` // observation_codes.csv key: the cytology read
	Results                  struct {
		HPVNegative      CodedValue `yaml:"hpv_negative"`
		HPVPositive      CodedValue `yaml:"hpv_positive"`
		CytologyNegative CodedValue `yaml:"cytology_negative"`
	} `yaml:"results"`
	Abnormal       []CodedValue `yaml:"abnormal"`
	ReferralReason CodedProblem `yaml:"referral_reason"`
	StopWithSite   string       `yaml:"stop_with_site"`
}

// AgeYears is a number of years that applies from an age.
type AgeYears struct {
	FromAge int `yaml:"from_age"`
	Years   int `yaml:"years"`
}

// AgePct is a percentage that applies from an age.
type AgePct struct {
	FromAge int     `yaml:"from_age"`
	Pct     float64 `yaml:"pct"`
}

// IntervalAt is the routine interval in years for a woman of age.
func (c *CervicalScreening) IntervalAt(age int) int {
	y := 0
	for _, iv := range c.Intervals {
		if age >= iv.FromAge {
			y = iv.Years
		}
	}
	return y
}

// PctAt is the percentage of the band age falls in (bands by from_age, in
// order); 0 below the first band.
func PctAt(bands []AgePct, age int) float64 {
	p := 0.0
	for _, b := range bands {
		if age >= b.FromAge {
			p = b.Pct
		}
	}
	return p
}

var loadScreening = sync.OnceValues(func() (*Screening, error) {
	var s Screening
	if err := decodeStrict(screeningYAML, &s); err != nil {
		return nil, fmt.Errorf("screening.yaml: %w", err)
	}
	c := &s.Cervical
	bad := func(what string) (*Screening, error) { return nil, fmt.Errorf("screening.yaml: cervical: %s", what) }
	switch {
	case c.FromAge <= 0 || c.UntilAge <= c.FromAge:
		return bad("needs 0 < from_age < until_age")
	case len(c.Intervals) == 0 || c.Intervals[0].FromAge != c.FromAge:
		return bad("intervals must start at from_age")
	case c.FiveYearlyFrom.IsZero() || c.FiveYearlyYears <= 0 || c.HPVPrimaryFrom.IsZero():
		return bad("needs five_yearly_from, five_yearly_years and hpv_primary_from")
	case c.NeverAttendPct < 0 || c.NeverAttendPct >= 100 || c.AbnormalPct < 0 || c.AbnormalPct > 100 || c.HPVPersistsPct < 0 || c.HPVPersistsPct > 100 ||
		c.CytologyAbnormalPct < 0 || c.CytologyAbnormalPct > 100:
		return bad("percentages must be in [0, 100]")
	case c.DelayDays[0] < 0 || c.DelayDays[1] < c.DelayDays[0] || c.ColposcopyDays[0] <= 0 || c.ColposcopyDays[1] < c.ColposcopyDays[0]:
		return bad("delay_days and colposcopy_days need 0 <= low <= high")
	case c.EarlyRecallMonths <= 0 || c.AfterColposcopyMonths <= 0 || c.ColposcopyAfterPositives < 1:
		return bad("needs early_recall_months, after_colposcopy_months and colposcopy_after_positives")
	case len(c.Abnormal) == 0 || c.ReferralReason.Key == "" || c.ReferralReason.Snomed == "":
		return bad("needs abnormal results and a referral_reason")
	}
	for _, iv := range c.Intervals {
		if iv.Years <= 0 {
			return bad("an interval must be a positive number of years")
		}
	}
	for _, bands := range [][]AgePct{c.Attend, c.HPVPositive} {
		if len(bands) == 0 || bands[0].FromAge > c.FromAge {
			return bad("attend and hpv_positive bands must start by from_age")
		}
		for _, b := range bands {
			if b.Pct < 0 || b.Pct > 100 {
				return bad("a band percentage must be in [0, 100]")
			}
		}
	}
	for _, v := range append([]CodedValue{c.Results.HPVNegative, c.Results.HPVPositive, c.Results.CytologyNegative}, c.Abnormal...) {
		if v.Code == "" || v.Display == "" {
			return bad("every result needs a SNOMED CT code and a display")
		}
	}
	for _, k := range []string{c.Observation, c.CytologyObservation} {
		if _, ok := ObservationByKey(k); !ok {
			return bad(fmt.Sprintf("observation %q is not in observation_codes.csv", k))
		}
	}
	e := &s.DiabeticEye
	switch {
	case len(e.Conditions) == 0 || e.FromAge < 0 || e.IntervalYears <= 0:
		return nil, fmt.Errorf("screening.yaml: diabetic_eye: needs conditions, from_age and interval_years")
	case e.FirstDays[0] < 0 || e.FirstDays[1] < e.FirstDays[0] || e.DelayDays[0] < 0 || e.DelayDays[1] < e.DelayDays[0] || e.ReofferDays[0] < 0 || e.ReofferDays[1] < e.ReofferDays[0]:
		return nil, fmt.Errorf("screening.yaml: diabetic_eye: first_days and delay_days need 0 <= low <= high")
	case e.AttendPct < 0 || e.AttendPct > 100 || e.AppointmentAttendPct < 0 || e.AppointmentAttendPct > e.AttendPct || e.Result.Code == "" || e.Result.Display == "":
		return nil, fmt.Errorf("screening.yaml: diabetic_eye: attend_pct in [0, 100] and a coded result")
	}
	if _, ok := ObservationByKey(e.Observation); !ok {
		return nil, fmt.Errorf("screening.yaml: diabetic_eye: observation %q is not in observation_codes.csv", e.Observation)
	}
	for i := range s.Programmes {
		if err := s.Programmes[i].check(); err != nil {
			return nil, err
		}
	}
	return &s, nil
})

// ScreeningProgrammes returns the screening knowledge.
func ScreeningProgrammes() (*Screening, error) { return loadScreening() }
