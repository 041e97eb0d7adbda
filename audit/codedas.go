package audit

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// codedAs reports whether the observation carries one of codes, as its own
// code or as its coded value: a rule's `recorded` codes are findings coded
// either way ("Statin declined" as the observation, or "Influenza
// vaccination declined" as the value of an immunisation-not-given row).
func codedAs(o *models.Observation, codes []string) bool {
	return slices.Contains(codes, o.SnomedCode) || slices.Contains(codes, o.ValueCode)
}
