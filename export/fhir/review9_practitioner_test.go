package fhir

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestPractitionerRoleAndTitle: a practitioner's name carries its title as
// the prefix only when it has one (a GP's "Dr"; a practice nurse has none,
// where every practitioner used to be written "Dr"), and its SNOMED CT
// occupation is its qualification.
func TestPractitionerRoleAndTitle(t *testing.T) {
	e := &encoder{}
	gp := models.Practitioner{PractitionerID: "gp1", Role: "GP", RoleCode: "62247001", RoleDisplay: "General practitioner", Title: "Dr",
		GivenName: "Amelia", FamilyName: "Patel", ProfessionalNumber: "ZZ0000001"}
	nurse := models.Practitioner{PractitionerID: "n1", Role: "practice_nurse", RoleCode: "159002008", RoleDisplay: "Practice nurse",
		GivenName: "Sam", FamilyName: "Jones", ProfessionalNumber: "ZZ0000002"}
	v := decode(t, e.Practitioner(nil, &gp))
	if get(v, "name", 0, "prefix", 0) != "Dr" || get(v, "qualification", 0, "code", "coding", 0, "code") != "62247001" ||
		get(v, "qualification", 0, "code", "coding", 0, "system") != SystemSNOMED {
		t.Errorf("GP: %v", v)
	}
	v = decode(t, e.Practitioner(nil, &nurse))
	if name, _ := get(v, "name", 0).(map[string]any); name == nil || hasKey(name, "prefix") || get(v, "qualification", 0, "code", "coding", 0, "code") != "159002008" ||
		get(v, "qualification", 0, "code", "text") != "Practice nurse" {
		t.Errorf("practice nurse: %v", v)
	}
}

// hasKey reports whether the JSON object has the key, null or not.
func hasKey(m map[string]any, k string) bool {
	_, ok := m[k]
	return ok
}
