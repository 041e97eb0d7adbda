package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
)

// encounter_without_contact: an encounter of the settings (narrowed by
// admission_methods) in the history window with no encounter of the
// contact_settings starting before it on its day: an emergency admission a
// GP arranged (method 22) with no practice contact that day (twenty-first
// review). With within_hours the contact must start in those hours before
// it instead: an admission through A&E (method 21) with no A&E attendance
// (twenty-fourth review). Counts the encounters of the settings in the
// window.
func compileEncounterWithoutContact(_ *index, r *datasets.Rule) (evalFunc, error) {
	f, err := encFilterOf(r)
	if err != nil {
		return nil, err
	}
	if len(r.ContactSettings) == 0 {
		return nil, fmt.Errorf("contact_settings needs at least one of gp, ae, inpatient, outpatient")
	}
	if r.WithinHours < 0 {
		return nil, fmt.Errorf("within_hours must be above 0")
	}
	return func(v *view, t *tally) {
		for i := range v.encs {
			e := &v.encs[i]
			d := e.StartTime.Date()
			if !f.match(e) || d < v.windowStart {
				continue
			}
			t.count(1)
			found := false
			for k := range v.encs {
				c := &v.encs[k]
				if slices.Contains(r.ContactSettings, c.Setting) && c.StartTime < e.StartTime && (r.WithinHours > 0 && c.StartTime >= e.StartTime.AddMinutes(-60*r.WithinHours) || r.WithinHours == 0 && c.StartTime.Date() == d) {
					found = true
					break
				}
			}
			if !found {
				t.fail(func() string {
					when := "before it that day"
					if r.WithinHours > 0 {
						when = fmt.Sprintf("in the %d hours before it", r.WithinHours)
					}
					return fmt.Sprintf("%s encounter (method %s) at %s with no %v contact %s", e.Setting, e.AdmissionMethod,
						e.StartTime.Time().Format("2006-01-02 15:04"), r.ContactSettings, when)
				})
			}
		}
	}, nil
}
