package datasets

import "fmt"

// ReferralCourse is the course of attendances an at-diagnosis referral's
// service gives after its first (assessment) appointment, and the
// practice's follow-up once it ends: children and young people's mental
// health services assess a depression and give psychological therapy over
// weeks, and the GP reviews it after (NICE NG134; brief h75d). Sessions
// (inclusive range) are the attendances after the first, EveryDays apart;
// the GP reads Review (an observation key) ReviewDays after the last.
type ReferralCourse struct {
	Sessions   [2]int `yaml:"sessions"`
	EveryDays  [2]int `yaml:"every_days"`
	Review     string `yaml:"review"`
	ReviewDays [2]int `yaml:"review_days"`
	Source     string `yaml:"source"`
}

// check reports a course whose ranges are not ones, with no reading or
// no source, or on a referral not made at the diagnosis.
func (c *ReferralCourse) check(where string, r *Referral) error {
	ok := func(x [2]int) bool { return x[0] >= 1 && x[1] >= x[0] }
	if !ok(c.Sessions) || !ok(c.EveryDays) || !ok(c.ReviewDays) || c.Source == "" || !r.AtDiagnosis || r.Community {
		return fmt.Errorf("%s: course needs sessions, every_days and review_days ranges from 1, a source, and an at_diagnosis clinic referral", where)
	}
	if _, ok := ObservationByKey(c.Review); !ok {
		return fmt.Errorf("%s: course review %q is not in observation_codes.csv", where, c.Review)
	}
	return nil
}
