package datasets

import "fmt"

// RecurrenceFirst holds back the first line of a condition first seen in
// the record as its presenting problem (presents_as): the specialist
// starts it at once only where the risk of a recurrence is high
// (TreatFirstShare), and otherwise at the recurrence, Days after the
// clinic (epilepsy: antiseizure medicine after a second unprovoked
// seizure, NICE NG217).
type RecurrenceFirst struct {
	TreatFirstShare float64 `yaml:"treat_first_share"`
	Days            [2]int  `yaml:"days"`
	Source          string  `yaml:"source"`
}

// checkRecurrenceFirst reports a recurrence_first with a share outside
// 0-1, a day range that is not one, no source, or on a condition with no
// presenting problem to recur.
func (cond *Condition) checkRecurrenceFirst(where string) error {
	r := cond.RecurrenceFirst
	if r == nil {
		return nil
	}
	if r.TreatFirstShare < 0 || r.TreatFirstShare > 1 || !dayRange(r.Days) || r.Days[0] < 1 || r.Source == "" || cond.PresentsAs == nil {
		return fmt.Errorf("%s: recurrence_first needs a share in 0-1, days [from, to] from 1, a source and a presents_as", where)
	}
	return nil
}
