package datasets

import "fmt"

// PregnancyDose is a medicine whose dose is raised as soon as a pregnancy
// is recorded and lowered back to the dose before it when the pregnancy
// ends, with the level that follows the dose taken at the recording visit
// and PostnatalDays after the end (prescribing.yaml pregnancy_doses;
// levothyroxine, brief h72c).
type PregnancyDose struct {
	Medicine      string `yaml:"medicine"`
	Steps         int    `yaml:"steps"`       // regimen steps the dose is raised by
	Observation   string `yaml:"observation"` // the level checked at the raise and after the end
	PostnatalDays int    `yaml:"postnatal_days"`
	Source        string `yaml:"source"`
}

// checkPregnancyDoses checks pregnancy_doses: a known medicine and
// observation, a raise of a step or more, a postnatal check from day 1 and
// a source.
func (p *Prescribing) checkPregnancyDoses(known func(med, class string) error) error {
	for _, d := range p.PregnancyDoses {
		if err := known(d.Medicine, ""); err != nil {
			return fmt.Errorf("prescribing.yaml: pregnancy_doses: %w", err)
		}
		if _, ok := ObservationByKey(d.Observation); !ok || d.Steps < 1 || d.PostnatalDays < 1 || d.Source == "" {
			return fmt.Errorf("prescribing.yaml: pregnancy_doses of %q: needs a known observation, steps and postnatal_days from 1 and a source", d.Medicine)
		}
	}
	return nil
}
