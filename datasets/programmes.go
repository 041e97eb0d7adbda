package datasets

import (
	"fmt"

	"github.com/code4health/cohortgen/models"
)

// Programme is one of the national cancer and aneurysm screening
// programmes (screening.yaml programmes; nineteenth review): who is invited
// and how often, who takes part, what the result is and what follows it.
type Programme struct {
	Key              string       `yaml:"key"`
	Sex              string       `yaml:"sex"` // female, male or empty (everyone)
	FromAge          int          `yaml:"from_age"`
	FromAges         []DatedAge   `yaml:"from_ages"` // the youngest age invited from a day (instead of from_age)
	UntilAge         int          `yaml:"until_age"`
	FirstWithinYears int          `yaml:"first_within_years"`
	FirstDays        [2]int       `yaml:"first_days"` // days around the from_age birthday, when first_within_years is 0
	IntervalYears    int          `yaml:"interval_years"`
	Start            YMD          `yaml:"start"`
	NeverAttendPct   float64      `yaml:"never_attend_pct"`
	DelayDays        [2]int       `yaml:"delay_days"`
	Record           string       `yaml:"record"`         // result | findings
	Observation      string       `yaml:"observation"`    // observation_codes.csv key of the result (record: result)
	DidNotAttend     string       `yaml:"did_not_attend"` // observation_codes.csv key, optional
	Tests            []ScreenTest `yaml:"tests"`
	FollowUp         struct {
		Days       [2]int       `yaml:"days"`
		Resolves   bool         `yaml:"resolves"`
		EveryYears int          `yaml:"every_years"`
		Problem    CodedProblem `yaml:"problem"`
		// Procedure: the test the clinic books after it (a colonoscopy
		// after an abnormal bowel screening kit), nil for none.
		Procedure *ScreenProcedure `yaml:"procedure"`
	} `yaml:"follow_up"`
	StopWithSite string `yaml:"stop_with_site"`
}

// ScreenProcedure is the day-case test a screening clinic books: taken up
// with chance Share, Days after the clinic, typed by its procedure code.
type ScreenProcedure struct {
	Share   float64 `yaml:"share"`
	Days    [2]int  `yaml:"days"`
	Snomed  string  `yaml:"snomed"`
	Display string  `yaml:"display"`
	Source  string  `yaml:"source"`
}

// DatedAge is an age that applies from a day.
type DatedAge struct {
	From YMD `yaml:"from"`
	Age  int `yaml:"age"`
}

// ScreenTest is a programme's test from a day: its uptake, its coded
// results and the share abnormal.
type ScreenTest struct {
	From        YMD        `yaml:"from"`
	AttendPct   float64    `yaml:"attend_pct"`
	Normal      CodedValue `yaml:"normal"`
	Abnormal    CodedValue `yaml:"abnormal"`
	AbnormalPct float64    `yaml:"abnormal_pct"`
}

// YoungestOn is the youngest age invited on day d: FromAge, or the last
// FromAges entry in force (0: no one yet).
func (p *Programme) YoungestOn(d models.Date) int {
	if len(p.FromAges) == 0 {
		return p.FromAge
	}
	age := 0
	for _, a := range p.FromAges {
		if d >= a.From.Date() {
			age = a.Age
		}
	}
	return age
}

// Youngest is the youngest age the programme ever invites.
func (p *Programme) Youngest() int {
	y := p.FromAge
	for _, a := range p.FromAges {
		if y == 0 || a.Age < y {
			y = a.Age
		}
	}
	return y
}

// TestOn is the test in use on day d (nil before the first).
func (p *Programme) TestOn(d models.Date) *ScreenTest {
	var t *ScreenTest
	for i := range p.Tests {
		if d >= p.Tests[i].From.Date() {
			t = &p.Tests[i]
		}
	}
	return t
}

// check validates a programme.
func (p *Programme) check() error {
	bad := func(what string) error { return fmt.Errorf("screening.yaml: programme %q: %s", p.Key, what) }
	switch {
	case p.Key == "":
		return fmt.Errorf("screening.yaml: a programme needs a key")
	case p.Sex != "" && p.Sex != "female" && p.Sex != "male":
		return bad("sex must be female, male or empty")
	case (p.FromAge > 0) == (len(p.FromAges) > 0):
		return bad("needs from_age or from_ages, not both")
	case p.UntilAge <= p.Youngest():
		return bad("until_age must be above the youngest age invited")
	case p.FirstWithinYears < 0 || p.IntervalYears < 0 || p.FirstDays[1] < p.FirstDays[0]:
		return bad("first_within_years, interval_years and first_days must make sense")
	case p.NeverAttendPct < 0 || p.NeverAttendPct >= 100:
		return bad("never_attend_pct must be in [0, 100)")
	case p.DelayDays[0] < 0 || p.DelayDays[1] < p.DelayDays[0] || p.FollowUp.Days[0] < 0 || p.FollowUp.Days[1] < p.FollowUp.Days[0]:
		return bad("delay_days and follow_up.days need 0 <= low <= high")
	case p.Record != "result" && p.Record != "findings":
		return bad("record must be result or findings")
	case len(p.Tests) == 0:
		return bad("needs tests")
	case p.FollowUp.Problem.Key == "" || p.FollowUp.Problem.Snomed == "" || p.FollowUp.EveryYears < 0:
		return bad("follow_up needs a coded problem")
	}
	if pc := p.FollowUp.Procedure; pc != nil && (pc.Share <= 0 || pc.Share > 1 || pc.Days[0] < 1 || pc.Days[1] < pc.Days[0] || pc.Snomed == "" || pc.Display == "" || pc.Source == "") {
		return bad("follow_up procedure needs a share in (0, 1], days 1 <= low <= high, a code, a display and a source")
	}
	for i, t := range p.Tests {
		switch {
		case t.AttendPct <= 0 || t.AttendPct > 100 || t.AbnormalPct < 0 || t.AbnormalPct > 100:
			return bad("a test's attend_pct and abnormal_pct must be percentages")
		case i > 0 && t.From.Date() <= p.Tests[i-1].From.Date():
			return bad("tests must be in date order")
		case p.Record == "result" && (t.Normal.Code == "" || t.Abnormal.Code == ""):
			return bad("a recorded result needs coded normal and abnormal values")
		}
	}
	keys := []string{p.DidNotAttend}
	if p.Record == "result" {
		keys = append(keys, p.Observation)
	}
	for i, k := range keys {
		if k == "" && i == 0 {
			continue // did_not_attend is optional
		}
		if _, ok := ObservationByKey(k); !ok {
			return bad(fmt.Sprintf("observation %q is not in observation_codes.csv", k))
		}
	}
	return nil
}
