package audit

import (
	"fmt"
	"path/filepath"

	"github.com/code4health/cohortgen/models"
)

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
