package datasets

import "fmt"

// VisitRecord is one thing a clinician records at a visit of an encounter
// type that would otherwise record nothing (nineteenth review: a GP home
// visit to a housebound or dying person recorded no observation, medicine or
// note in 83% of visits about frailty, dementia or palliative care). Either
// Code (a key of observation_codes.csv: a procedure or finding coded with no
// value) or Observations (measured slots of the catalogue's observations,
// recorded with their values). When narrows it: "end_of_life" (the person is
// in end-of-life care on the day), "not_end_of_life" (the person is not:
// neither in end-of-life care nor on the palliative care register; the
// routine blood pressure and pulse, brief h57a), "on_repeats" (a repeat
// medicine is running), or "" (any visit); Reason to visits about a condition with that
// key; GapDays to at most one such record of the person's in any GapDays (a
// dementia care plan is reviewed yearly, not at every visit). A measured
// record is kept out of the last days of a life in end-of-life care by
// end_of_life monitoring_stops (no routine observations once a person is
// dying: twenty-first review, session 49). Among the records that fit a
// visit one is chosen by Weight.
type VisitRecord struct {
	Code         string   `yaml:"code"`
	GapDays      int      `yaml:"gap_days"`
	Observations []string `yaml:"observations"`
	When         string   `yaml:"when"`
	Reason       string   `yaml:"reason"`
	Weight       float64  `yaml:"weight"`
}

// checkVisitRecords checks encounter type name's records against the
// catalogue's observations and observation_codes.csv.
func (c *Catalogue) checkVisitRecords(name string, et EncounterType) error {
	if len(et.Records) > 0 && (et.EmptyShare < 0 || et.EmptyShare >= 1 || et.RecordsSource == "") {
		return fmt.Errorf("encounter_types %s: records need empty_share in [0, 1) and a records_source", name)
	}
	for i, r := range et.Records {
		if (r.Code == "") == (len(r.Observations) == 0) || r.Weight <= 0 || r.GapDays < 0 {
			return fmt.Errorf("encounter_types %s record %d: exactly one of code and observations, a weight above 0, gap_days of 0 or more", name, i)
		}
		if r.When != "" && r.When != "end_of_life" && r.When != "not_end_of_life" && r.When != "on_repeats" {
			return fmt.Errorf("encounter_types %s record %d: when %q (end_of_life, not_end_of_life, on_repeats or none)", name, i, r.When)
		}
		if r.Code != "" {
			if _, ok := ObservationByKey(r.Code); !ok {
				return fmt.Errorf("encounter_types %s record %d: code %q is not in observation_codes.csv", name, i, r.Code)
			}
		}
		for _, o := range r.Observations {
			if _, ok := c.Observations[o]; !ok {
				return fmt.Errorf("encounter_types %s record %d: no observation %q", name, i, o)
			}
		}
	}
	return nil
}
