package openehr

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestComposerTitle: a composition's composer is named with the
// practitioner's title only when it has one: a GP is "Dr ...", a practice
// nurse is not (every composer used to be written "Dr").
func TestComposerTitle(t *testing.T) {
	gp := models.Practitioner{PractitionerID: "gp1", GivenName: "Amelia", FamilyName: "Patel", Title: "Dr"}
	nurse := models.Practitioner{PractitionerID: "n1", GivenName: "Sam", FamilyName: "Jones"}
	for p, want := range map[*models.Practitioner]string{&gp: `"name":"Dr Amelia Patel"`, &nurse: `"name":"Sam Jones"`} {
		got := string(openComposition(nil, &tplProblems, "u1", &context{composer: p}))
		if !strings.Contains(got, want) {
			t.Errorf("composer of %s: want %s in %s", p.PractitionerID, want, got)
		}
	}
}
