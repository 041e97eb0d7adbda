package datasets

import (
	"fmt"
	"slices"
)

// OneProblem makes a presentation's episodes flares of one long-term
// problem: a flare that begins within RelapseAfterDays of the end of the
// one before is recorded against the same problem, which stays active to
// the last flare's end; after a longer clear spell the problem had
// cleared, and a flare then is a relapse, coded as the problem again.
type OneProblem struct {
	RelapseAfterDays int    `yaml:"relapse_after_days"`
	Source           string `yaml:"source"`
	// Repeat: the medicine (a prescribe entry's drug) kept on repeat from
	// the first flare's issue while the problem lasts (an eczema's
	// emollient; h69a), re-authorised at yearly reviews; "": none.
	Repeat       string `yaml:"repeat"`
	RepeatSource string `yaml:"repeat_source"`
}

// checkOneProblem checks a presentation's one_problem: a clear spell and a
// source, on a presentation whose episodes end (a long-standing one is
// already one problem).
func checkOneProblem(pr *Presentation) error {
	o := pr.OneProblem
	if o == nil {
		return nil
	}
	if o.RelapseAfterDays <= 0 || o.Source == "" || pr.DurationDays <= 0 {
		return fmt.Errorf("one_problem needs relapse_after_days above 0, a source, and episodes that end (duration_days)")
	}
	if o.Repeat != "" && (o.RepeatSource == "" || !slices.ContainsFunc(pr.Prescribe, func(c ShortCourse) bool { return c.Drug == o.Repeat })) {
		return fmt.Errorf("one_problem repeat needs a medicine the presentation prescribes and a repeat_source")
	}
	return nil
}
