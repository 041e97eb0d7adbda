package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// One kind, two names: an observation of the key recorded at an encounter
// whose attribute (its setting, or its practitioner's role) is in a set.
// observation_in_setting fails an observation at an encounter of one of
// `settings` (a DXA scan, a radiology test, coded at a GP review or a home
// visit; h69f); observation_by_role fails one at an encounter whose
// practitioner's role (practitioners.role) is not one of `roles` (the birth
// weight copied in at a new birth visit the GP made, not the health
// visitor; twenty-first review). Both count observations of the key.

func compileObservationInSetting(_ *index, r *datasets.Rule) (evalFunc, error) {
	setting := func(_ *view, e *models.Encounter) string { return e.Setting }
	return compileObservationAt(r, setting, r.Settings, true, func(o datasets.ObservationCode, ob *models.Observation, e *models.Encounter, _ string) string {
		return fmt.Sprintf("%s on %s recorded at a %s encounter (%s, %s)", o.Term, ob.EffectiveTime.Date(), e.Setting, e.Class, e.TypeDisplay)
	})
}

func compileObservationByRole(_ *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Roles) == 0 {
		return nil, fmt.Errorf("roles needs at least one practitioner role")
	}
	role := func(v *view, e *models.Encounter) string { return v.roles[e.PractitionerID] }
	return compileObservationAt(r, role, r.Roles, false, func(o datasets.ObservationCode, ob *models.Observation, _ *models.Encounter, role string) string {
		return fmt.Sprintf("%s on %s recorded by %q, not %s", o.Term, ob.EffectiveTime.Date(), role, strings.Join(r.Roles, " or "))
	})
}

// compileObservationAt counts the observations of the rule's key and fails
// each whose encounter's attribute is in set (failIn) or is not (!failIn).
// An observation whose encounter is not in the record has the attribute "".
func compileObservationAt(r *datasets.Rule, attr func(v *view, e *models.Encounter) string, set []string, failIn bool,
	says func(o datasets.ObservationCode, ob *models.Observation, e *models.Encounter, value string) string) (evalFunc, error) {
	o, ok := datasets.ObservationByKey(r.Observation.Key)
	if !ok || o.Snomed == "" {
		return nil, fmt.Errorf("observation %q has no SNOMED CT code in observation_codes.csv", r.Observation.Key)
	}
	return func(v *view, t *tally) {
		for i := range v.all {
			ob := &v.all[i]
			if ob.SnomedCode != o.Snomed {
				continue
			}
			t.count(1)
			var e *models.Encounter
			value := ""
			if k := slices.IndexFunc(v.encs, func(e models.Encounter) bool { return e.EncounterID == ob.EncounterID }); k >= 0 {
				e = &v.encs[k]
				value = attr(v, e)
			}
			if slices.Contains(set, value) != failIn {
				continue
			}
			t.fail(func() string { return says(o, ob, e, value) })
		}
	}, nil
}
