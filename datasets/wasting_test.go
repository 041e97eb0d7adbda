package datasets

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// A cancer that kills within the catalogue's from_diagnosis_within_days
// wastes from its diagnosis; one diagnosed earlier, or within the last
// Days, from Days before death.
func TestWastingFromARecentDiagnosis(t *testing.T) {
	cat, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	c, ok := cat.Condition("cancer")
	if !ok || c.CauseOfDeath == nil || c.CauseOfDeath.Wasting == nil {
		t.Fatal("cancer has no wasting before death")
	}
	wa := c.CauseOfDeath.Wasting
	if wa.FromDiagnosisWithinDays <= wa.Days {
		t.Fatalf("from_diagnosis_within_days %d is not beyond days %d", wa.FromDiagnosisWithinDays, wa.Days)
	}
	death := models.Date(20000)
	for _, tc := range []struct {
		onset, want models.Date
	}{
		{death - models.Date(wa.FromDiagnosisWithinDays) + 10, death - models.Date(wa.FromDiagnosisWithinDays) + 10}, // diagnosed within the year: from the diagnosis
		{death - models.Date(wa.FromDiagnosisWithinDays) - 10, death - models.Date(wa.Days)},                         // diagnosed earlier
		{death - models.Date(wa.Days) + 30, death - models.Date(wa.Days)},                                            // diagnosed in the last Days
	} {
		if got := wa.From(tc.onset, death); got != tc.want {
			t.Errorf("diagnosed %d days before death: wasting from %d days before, want %d", death-tc.onset, death-got, death-tc.want)
		}
	}
}
