package audit

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// observation_in_setting: an observation of the key recorded at an
// encounter of one of `settings`: a DXA scan, a radiology test, coded at a
// GP review or a home visit (h69f). Counts observations of the key.
func compileObservationInSetting(_ *index, r *datasets.Rule) (evalFunc, error) {
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
			k := slices.IndexFunc(v.encs, func(e models.Encounter) bool { return e.EncounterID == ob.EncounterID })
			if k < 0 || !slices.Contains(r.Settings, v.encs[k].Setting) {
				continue
			}
			e := &v.encs[k]
			t.fail(func() string {
				return fmt.Sprintf("%s on %s recorded at a %s encounter (%s, %s)", o.Term, ob.EffectiveTime.Date(), e.Setting, e.Class, e.TypeDisplay)
			})
		}
	}, nil
}
