package audit

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// observation_by_role: an observation of the key recorded at an encounter
// whose practitioner's role (practitioners.role) is not one of `roles`: the
// birth weight copied in at a new birth visit the GP made, not the health
// visitor (twenty-first review). Counts observations of the key.
func compileObservationByRole(_ *index, r *datasets.Rule) (evalFunc, error) {
	o, ok := datasets.ObservationByKey(r.Observation.Key)
	if !ok || o.Snomed == "" {
		return nil, fmt.Errorf("observation %q has no SNOMED CT code in observation_codes.csv", r.Observation.Key)
	}
	if len(r.Roles) == 0 {
		return nil, fmt.Errorf("roles needs at least one practitioner role")
	}
	return func(v *view, t *tally) {
		for i := range v.all {
			ob := &v.all[i]
			if ob.SnomedCode != o.Snomed {
				continue
			}
			t.count(1)
			k := slices.IndexFunc(v.encs, func(e models.Encounter) bool { return e.EncounterID == ob.EncounterID })
			role := ""
			if k >= 0 {
				role = v.roles[v.encs[k].PractitionerID]
			}
			if slices.Contains(r.Roles, role) {
				continue
			}
			t.fail(func() string {
				return fmt.Sprintf("%s on %s recorded by %q, not %s", o.Term, ob.EffectiveTime.Date(), role, strings.Join(r.Roles, " or "))
			})
		}
	}, nil
}

// practitionerRow is what the audit reads of a practitioner.
type practitionerRow struct {
	ID   string `parquet:"practitioner_id"`
	Role string `parquet:"role"`
}

// practitionerRoles reads a dataset's practitioners table: each
// practitioner's role by id; nil when the dataset has no such table.
func practitionerRoles(dir string) (map[string]string, error) {
	parts, err := filepath.Glob(filepath.Join(dir, "parquet", models.TablePractitioners, "*.parquet"))
	if err != nil || len(parts) == 0 {
		return nil, err
	}
	roles := map[string]string{}
	for _, p := range parts {
		s, err := openStream[practitionerRow](p)
		if err != nil {
			return nil, err
		}
		for row := s.peek(); row != nil; row = s.peek() {
			roles[row.ID] = row.Role
			s.i++
		}
		if err := s.close(); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	return roles, nil
}

// PlanRoles is each practitioner's role by id, of a plan's practitioners.
func PlanRoles(ps []models.Practitioner) map[string]string {
	roles := make(map[string]string, len(ps))
	for i := range ps {
		roles[ps[i].PractitionerID] = ps[i].Role
	}
	return roles
}
