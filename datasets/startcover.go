package datasets

import "fmt"

// StartCover is a medicine given for a time when a medicine of a class is
// first started (prescribing.yaml start_cover): colchicine for the first
// six months of urate-lowering therapy, while flares are likeliest (NICE
// NG219). Step is its regimens.csv step (not the acute one), Reduce moves
// it to a lower step at a lower eGFR, and below NotBelow it is not started.
type StartCover struct {
	Class    string      `yaml:"class"`
	With     string      `yaml:"with"`
	Step     int         `yaml:"step"`
	Reduce   []RenalDose `yaml:"reduce"`
	NotBelow float64     `yaml:"not_below"`
	Days     int         `yaml:"days"`
	// WithinDays: given at a review up to this many days after the class's
	// first start (the review that starts it, or the next).
	WithinDays int    `yaml:"within_days"`
	Source     string `yaml:"source"`
}

// StepAt is the cover's regimen step at an eGFR (0: none is read), and
// whether it is given at all.
func (c *StartCover) StepAt(egfr float64) (int, bool) {
	if egfr > 0 && egfr < c.NotBelow {
		return 0, false
	}
	step := c.Step
	for _, r := range c.Reduce {
		if egfr > 0 && egfr < r.Below && r.Step > step {
			step = r.Step
		}
	}
	return step, true
}

func (c *StartCover) check(classes map[string]bool) error {
	if _, ok := MedicineByKey(c.With); !ok || !classes[c.Class] {
		return fmt.Errorf("prescribing.yaml: start_cover of %s: needs a known class and medicine (with %q)", c.Class, c.With)
	}
	if c.Days <= 0 || c.WithinDays < 0 || c.Step < 0 || c.NotBelow < 0 || c.Source == "" {
		return fmt.Errorf("prescribing.yaml: start_cover of %s: needs days, a step, within_days and not_below from 0, and a source", c.Class)
	}
	for _, r := range c.Reduce {
		if r.Below <= c.NotBelow || r.Step <= c.Step {
			return fmt.Errorf("prescribing.yaml: start_cover of %s: reduce needs below above not_below and a step above step", c.Class)
		}
	}
	steps := map[int]bool{}
	for _, g := range Regimens(c.With) {
		steps[g.Step] = true
	}
	for _, st := range append([]RenalDose{{Step: c.Step}}, c.Reduce...) {
		if !steps[st.Step] {
			return fmt.Errorf("prescribing.yaml: start_cover of %s: %s has no regimen step %d", c.Class, c.With, st.Step)
		}
	}
	return nil
}
