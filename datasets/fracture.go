package datasets

import "fmt"

// AfterFracture is how a fragility fracture brings a person onto a bone
// condition's register (catalogue osteoporosis after_fracture): the fracture
// at MinAge or over is followed up by the practice at Coded share; from
// NoScanFrom the person is diagnosed and treated without a scan, younger
// people are assessed in a clinic (a DXA scan) and diagnosed when it
// confirms the condition (Confirmed share). DrawnShare is the share of the
// register's prevalence drawn apart from the record's fractures, so the
// register stays at its published size.
type AfterFracture struct {
	Fractures     []string `yaml:"fractures"` // presentation keys
	MinAge        int      `yaml:"min_age"`
	Coded         float64  `yaml:"coded"`
	NoScanFrom    int      `yaml:"no_scan_from"`
	ScanDays      [2]int   `yaml:"scan_days"`      // days after discharge to the scan
	Confirmed     float64  `yaml:"confirmed"`      // share of scans that confirm the condition
	DiagnosisDays [2]int   `yaml:"diagnosis_days"` // days after discharge (or the scan) to the GP's diagnosis
	DrawnShare    float64  `yaml:"drawn_share"`
	Source        string   `yaml:"source"`
}

// checkAfterFracture checks each condition's after_fracture: known
// presentations, shares between 0 and 1, ordered day ranges, a source.
func (c *Catalogue) checkAfterFracture() error {
	pres := map[string]bool{}
	for _, p := range c.Presentations {
		pres[p.Key] = true
	}
	for i := range c.Conditions {
		cond := &c.Conditions[i]
		af := cond.AfterFracture
		if af == nil {
			continue
		}
		where := "condition " + cond.Key + ": after_fracture"
		if len(af.Fractures) == 0 || af.Source == "" {
			return fmt.Errorf("%s needs fractures and a source", where)
		}
		for _, k := range af.Fractures {
			if !pres[k] {
				return fmt.Errorf("%s: %q is not a presentation", where, k)
			}
		}
		for _, x := range []float64{af.Coded, af.Confirmed, af.DrawnShare} {
			if x < 0 || x > 1 {
				return fmt.Errorf("%s: shares must be between 0 and 1", where)
			}
		}
		if af.DrawnShare == 0 {
			return fmt.Errorf("%s: drawn_share must be above 0", where)
		}
		for _, r := range [][2]int{af.ScanDays, af.DiagnosisDays} {
			if r[0] < 0 || r[1] < r[0] {
				return fmt.Errorf("%s: day ranges must be [low, high] with 0 <= low <= high", where)
			}
		}
	}
	return nil
}
