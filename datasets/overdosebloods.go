package datasets

import "fmt"

// OverdoseBloods are the bloods A&E takes after an overdose (brief h71f):
// the kidney and liver function tests and a clotting screen, timed for the
// 4-hour paracetamol level, with the attendance lasting until their results
// are read (generator/overdosebloods.go).
type OverdoseBloods struct {
	Problem string `yaml:"problem"`
	// Tests are numeric observations read from the person's levels (a
	// potassium brings its sodium, its panel).
	Tests []string `yaml:"tests"`
	// Clotting is the clotting test, read in the VTE clotting screen's
	// normal range (vte clotting: one definition of the range).
	Clotting string `yaml:"clotting"`
	// HoursAfter is how long after the ingestion the bloods are taken;
	// ArrivalHours (least, most) how long after it the person arrives: the
	// bloods at arrival when later.
	HoursAfter   int    `yaml:"hours_after"`
	ArrivalHours [2]int `yaml:"arrival_hours"`
	// ResultMinutes is how long the attendance lasts after the bloods at
	// least: their results read and the treatment decided.
	ResultMinutes int    `yaml:"result_minutes"`
	Source        string `yaml:"source"`
}

// checkOverdoseBloods checks the section against the observations.
func (c *Catalogue) checkOverdoseBloods() error {
	ob := c.OverdoseBloods
	if ob == nil {
		return nil
	}
	if ob.Problem == "" || len(ob.Tests) == 0 || ob.HoursAfter <= 0 || ob.ArrivalHours[0] < 0 || ob.ArrivalHours[1] < ob.ArrivalHours[0] || ob.ResultMinutes <= 0 || ob.Source == "" {
		return fmt.Errorf("catalogue: overdose_bloods needs a problem, tests, hours_after, arrival_hours [least, most], result_minutes and a source")
	}
	for _, t := range ob.Tests {
		if _, ok := c.Observations[t]; !ok {
			return fmt.Errorf("catalogue: overdose_bloods test %q is not a numeric observation", t)
		}
	}
	if _, ok := ObservationByKey(ob.Clotting); ob.Clotting != "" && (!ok || c.VTE == nil) {
		return fmt.Errorf("catalogue: overdose_bloods clotting %q needs an observation code and the vte clotting range", ob.Clotting)
	}
	return nil
}
