package datasets

import "fmt"

// ProgressionStep is a dose step of a medicine given for a progressive
// condition that waits for the disease's years, not for a missed target
// (h61e, issue 9: co-beneldopa in Parkinson's disease stayed at 25/100
// three times a day for a decade). The step is not reached before
// AfterYears from the condition's diagnosis (scaled by the person's pace,
// catalogue reviews.specialist), and in the record only at the
// condition's specialist review: the specialist adjusts levodopa as the
// disease progresses (NICE NG71), the practice continues the repeat.
type ProgressionStep struct {
	Medicine   string  `yaml:"medicine"`
	Condition  string  `yaml:"condition"`
	Step       int     `yaml:"step"`
	AfterYears float64 `yaml:"after_years"`
	Source     string  `yaml:"source"`
}

// SpecialistReview is a condition's review by its specialist clinic every
// EveryDays (least, most) from the diagnosis: an outpatient attendance
// about it that takes the medicine's progression_steps as they come due
// and starts a later treatment line once its planned day has come
// (StartsLaterLines: the practice does not start them). Pace (least,
// most) is the spread of each person's progression: the steps' years are
// multiplied by a factor drawn in it.
type SpecialistReview struct {
	EveryDays        [2]int     `yaml:"every_days"`
	Pace             [2]float64 `yaml:"pace"`
	StartsLaterLines bool       `yaml:"starts_later_lines"`
	Source           string     `yaml:"source"`
}

// checkProgressionSteps checks progression_steps: a known medicine and a
// condition, a step above 0 and after_years above 0, rising with the step,
// and a source.
func (p *Prescribing) checkProgressionSteps(known func(med, class string) error) error {
	last := map[string]ProgressionStep{}
	for _, r := range p.ProgressionSteps {
		if err := known(r.Medicine, ""); err != nil || r.Condition == "" || r.Step <= 0 || r.AfterYears <= 0 || r.Source == "" {
			return fmt.Errorf("prescribing.yaml: progression_steps of %q: needs a known medicine, a condition, step and after_years above 0, and a source", r.Medicine)
		}
		k := r.Medicine + "/" + r.Condition
		if prev, ok := last[k]; ok && (r.Step <= prev.Step || r.AfterYears <= prev.AfterYears) {
			return fmt.Errorf("prescribing.yaml: progression_steps of %q for %s: steps and after_years rise down the list", r.Medicine, r.Condition)
		}
		last[k] = r
	}
	return nil
}

// check checks a specialist review: every_days least above 0 and most at
// least it, pace least above 0 and most at least it, and a source.
func (r *SpecialistReview) check(cond string) error {
	if r.EveryDays[0] <= 0 || r.EveryDays[1] < r.EveryDays[0] || r.Pace[0] <= 0 || r.Pace[1] < r.Pace[0] || r.Source == "" {
		return fmt.Errorf("catalogue: condition %s: reviews.specialist needs every_days and pace [least, most] above 0 and a source", cond)
	}
	return nil
}
