package datasets

import "fmt"

// Interaction: what a prescriber does when a short course of Medicine (or
// of a medicine of Class) is called for while a medicine of ClassRunning
// runs (brief h56d). Action "monitor": the course is given, and the
// Observations are taken at a blood test of their own Days[0]-Days[1] after
// its first day (an INR 3-7 days into clarithromycin beside warfarin).
// Action "avoid": the course is not given; the contact's other choice is,
// when it has one (no acute naproxen beside methotrexate). A long-term
// line is not touched: an interaction that rules one out is a
// contraindication (class_running) instead.
type Interaction struct {
	Medicine     string   `yaml:"medicine"`
	Class        string   `yaml:"class"`
	ClassRunning string   `yaml:"class_running"`
	Action       string   `yaml:"action"`
	Observations []string `yaml:"observations"`
	Days         [2]int   `yaml:"days"`
	// LongTerm: the monitoring follows a long-term course's start too, not
	// only a short course's (a thiazide or an ACE inhibitor started beside
	// lithium; brief h71b).
	LongTerm bool   `yaml:"long_term"`
	Source   string `yaml:"source"`
}

// Avoid reports whether the interaction keeps the course from being given.
func (i Interaction) Avoid() bool { return i.Action == "avoid" }

// AppliesTo reports whether the interaction is of the course's medicine.
func (i Interaction) AppliesTo(key string) bool { return applies(i.Medicine, i.Class, key) }

// checkInteractions checks interactions: a known medicine or class and a
// known class running; monitor with known observations and days [least,
// most] from 1; avoid with neither; a source.
func (p *Prescribing) checkInteractions(known func(med, class string) error) error {
	for _, i := range p.Interactions {
		name := i.Medicine + i.Class + " with " + i.ClassRunning
		if err := known(i.Medicine, i.Class); err != nil {
			return fmt.Errorf("prescribing.yaml: interactions of %q: %w", name, err)
		}
		if err := known("", i.ClassRunning); err != nil || i.ClassRunning == "" {
			return fmt.Errorf("prescribing.yaml: interactions of %q: class_running needs a known class", name)
		}
		switch i.Action {
		case "monitor":
			if len(i.Observations) == 0 || i.Days[0] < 1 || i.Days[1] < i.Days[0] {
				return fmt.Errorf("prescribing.yaml: interactions of %q: monitor needs observations and days [least, most] from 1", name)
			}
			for _, o := range i.Observations {
				if _, ok := ObservationByKey(o); !ok {
					return fmt.Errorf("prescribing.yaml: interactions of %q: %q is not in observation_codes.csv", name, o)
				}
			}
		case "avoid":
			if len(i.Observations) > 0 || i.Days != [2]int{} || i.LongTerm {
				return fmt.Errorf("prescribing.yaml: interactions of %q: avoid takes no observations or days", name)
			}
		default:
			return fmt.Errorf("prescribing.yaml: interactions of %q: action %q is not monitor or avoid", name, i.Action)
		}
		if i.Source == "" {
			return fmt.Errorf("prescribing.yaml: interactions of %q: needs a source", name)
		}
	}
	return nil
}
