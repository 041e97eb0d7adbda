package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Switching within a class (thirteenth review): an antidepressant that has
// not worked at an adequate dose is replaced by another (NICE NG222: switch
// to a different medicine), where two of the class are never given
// together. A line option that replaces (catalogue `replaces`) the running
// medicine of its exclusive class may be chosen although that medicine
// covers it: the running one stops on the day the new one starts.

// switches reports whether option o (medicine m) would replace the running
// course that covers it on day d.
func (w *worker) switches(per *person, o datasets.DrugOption, m *medPlan, d models.Date) bool {
	k := w.covered(per, m, d)
	return k >= 0 && per.courses[k].med != m.med && slices.Contains(o.Replaces, per.courses[k].med.Key) && !per.courses[k].forced
}

// switchFrom stops, on day d, the running course for condition ci that
// covers m and that m's option on the line replaces, so that m starts in
// its place.
func (w *worker) switchFrom(per *person, ci int, line *linePlan, m *medPlan, d models.Date) {
	for j, o := range line.meds {
		if o != m {
			continue
		}
		if k := w.covered(per, m, d); k >= 0 && per.courses[k].cond == ci && w.switches(per, line.Options[j], m, d) {
			w.stopCourse(per, k, d)
		}
	}
}
