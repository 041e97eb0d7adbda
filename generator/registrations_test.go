package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// Registrations tell the story the other tables do: the current one is the
// patient's practice and registration date, an earlier one ends the day
// before it, and every encounter falls within a registration at the
// practice it was at. The same holds at an earlier as-of date, when some
// patients had not moved yet.
func TestRegistrationsMatchPatientsAndEncounters(t *testing.T) {
	for _, asOf := range []models.Date{DefaultAsOf, DefaultAsOf - 3*365} {
		p := testPlan(t, 1500, func(o *Options) { o.AsOf = asOf; o.Horizon = DefaultAsOf })
		b := generateAll(t, p, 0, 1500)
		regs := map[string][]models.Registration{}
		for _, r := range b.Registrations {
			regs[r.PatientID] = append(regs[r.PatientID], r)
		}
		moved := 0
		for _, pt := range b.Patients {
			rs := regs[pt.PatientID]
			if len(rs) == 0 || len(rs) > 2 {
				t.Fatalf("as of %s: patient %s has %d registrations", asOf, pt.PatientID, len(rs))
			}
			cur := rs[len(rs)-1]
			if cur.PracticeID != pt.PracticeID || cur.StartDate != pt.RegistrationDate || cur.EndDate != pt.DeathDate {
				t.Errorf("as of %s: current registration %+v, patient at %s from %s, died %s", asOf, cur, pt.PracticeID, pt.RegistrationDate, pt.DeathDate)
			}
			if len(rs) == 2 {
				moved++
				if prev := rs[0]; prev.EndDate != cur.StartDate-1 || prev.StartDate > prev.EndDate || prev.PracticeID == cur.PracticeID {
					t.Errorf("as of %s: earlier registration %+v before %+v", asOf, prev, cur)
				}
			}
		}
		for _, e := range b.Encounters {
			day, in := e.StartTime.Date(), false
			for _, r := range regs[e.PatientID] {
				in = in || (r.PracticeID == e.PracticeID && r.StartDate <= day && (r.EndDate == models.NoDate || day <= r.EndDate))
			}
			if !in {
				t.Fatalf("as of %s: encounter %s at %s on %s is in no registration there: %+v", asOf, e.EncounterID, e.PracticeID, day, regs[e.PatientID])
			}
		}
		if share := float64(moved) / float64(len(b.Patients)); share < 0.05 || share > 0.8 {
			t.Errorf("as of %s: %.2f of patients have an earlier registration", asOf, share)
		}
	}
}
