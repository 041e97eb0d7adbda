package datasets

import (
	_ "embed"
	"fmt"
	"math"
	"sync"
)

//go:embed workforce.yaml
var workforceYAML []byte

// Workforce is who works at a practice and who sees the patient at each
// kind of contact (workforce.yaml).
type Workforce struct {
	Staff           []StaffRole                   `yaml:"staff"`
	Contacts        map[string]map[string]float64 `yaml:"contacts"` // contact -> role -> share
	NurseLedReviews []string                      `yaml:"nurse_led_reviews"`
	// AppointmentsByRole is the published share of appointments (%) by
	// role, for cohortgen stats.
	AppointmentsByRole struct {
		Shares map[string]float64 `yaml:"shares"`
		Source string             `yaml:"source"`
	} `yaml:"appointments_by_role"`
}

// StaffRole is one role of a practice's staff.
type StaffRole struct {
	Role       string `yaml:"role"`
	Min        int    `yaml:"min"`
	Max        int    `yaml:"max"`
	Code       string `yaml:"code"`    // SNOMED CT occupation
	Display    string `yaml:"display"` // its term
	Title      string `yaml:"title"`   // name prefix ("Dr"), empty for none
	Prescriber bool   `yaml:"prescriber"`
}

// RoleIndex is the place of role in Staff, -1 if absent.
func (w *Workforce) RoleIndex(role string) int {
	for i := range w.Staff {
		if w.Staff[i].Role == role {
			return i
		}
	}
	return -1
}

var loadWorkforce = sync.OnceValues(func() (*Workforce, error) {
	var w Workforce
	if err := decodeStrict(workforceYAML, &w); err != nil {
		return nil, fmt.Errorf("workforce.yaml: %w", err)
	}
	if len(w.Staff) == 0 || !w.Staff[0].Prescriber {
		return nil, fmt.Errorf("workforce.yaml: the first staff role must be a prescriber (the GPs)")
	}
	for i, r := range w.Staff {
		if r.Role == "" || r.Code == "" || r.Display == "" || r.Min < 0 || r.Max < r.Min || (i == 0 && r.Min < 1) {
			return nil, fmt.Errorf("workforce.yaml: staff %q needs a role, code, display and 0 <= min <= max (the first at least 1)", r.Role)
		}
		if w.RoleIndex(r.Role) != i {
			return nil, fmt.Errorf("workforce.yaml: staff role %q twice", r.Role)
		}
	}
	for c, shares := range w.Contacts {
		sum := 0.0
		for role, v := range shares {
			if w.RoleIndex(role) < 0 || v < 0 {
				return nil, fmt.Errorf("workforce.yaml: contact %s: unknown role %q or negative share", c, role)
			}
			sum += v
		}
		if len(shares) > 0 && math.Abs(sum-1) > 1e-9 { // none: a record no one sees the patient at (a letter filed)
			return nil, fmt.Errorf("workforce.yaml: contact %s: shares sum to %g, not 1", c, sum)
		}
	}
	for role, v := range w.AppointmentsByRole.Shares {
		if w.RoleIndex(role) < 0 || v <= 0 || v > 100 {
			return nil, fmt.Errorf("workforce.yaml: appointments_by_role: unknown role %q or share outside (0, 100]", role)
		}
	}
	return &w, nil
})

// PracticeWorkforce returns the practice workforce knowledge.
func PracticeWorkforce() (*Workforce, error) { return loadWorkforce() }
