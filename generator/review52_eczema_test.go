package generator

// Session 52 (brief h52d): eczema that keeps flaring is stepped up.

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestEczemaFlaringAgainIsSteppedUp: NICE CG57 stepped care. A child's
// eczema back after an emollient and a mild steroid is given a moderate
// one (clobetasone); before, a child under 12 never was (22% of children
// with 5 or more eczema contacts in two years had a moderate steroid or a
// clinic, generate -n 20000 -s 5). A child's first flare starts mild (no
// moderate steroid under 12), no baby under 1 has one, and no flare is
// issued a mild and a moderate steroid together. A flare is a day with an
// acute eczema issue (eczemaFlares): the emollient repeat's authorisation
// and review days (brief h69a) are none.
func TestEczemaFlaringAgainIsSteppedUp(t *testing.T) {
	r := review5Population(t)
	type issued struct{ mild, moderate bool }
	onDay := map[string]*issued{} // patient and day
	for i := range r.b.Prescriptions {
		x := &r.b.Prescriptions[i]
		k := x.PatientID + x.StartDate.String()
		if onDay[k] == nil {
			onDay[k] = &issued{}
		}
		switch x.DMDCode {
		case "346992009": // hydrocortisone 1% cream (regimens.csv)
			onDay[k].mild = true
		case "331880006": // clobetasone 0.05% cream
			onDay[k].moderate = true
			if age := x.StartDate - r.patients[x.PatientID].BirthDate; age < 365 {
				t.Errorf("%s: a moderate steroid at %d days old (NICE CG57: none potent under 12 months)", x.PatientID, age)
			}
		}
	}
	again, stepped, firstModerate := 0, 0, 0
	for id, flares := range r.eczemaFlares() {
		birth := r.patients[id].BirthDate
		for k, f := range flares {
			is := onDay[id+f.day.String()]
			if is.mild && is.moderate {
				t.Fatalf("%s: a mild and a moderate steroid issued together on %v", id, f.day)
			}
			age := models.YearsBetween(birth, f.day)
			if age < 1 || age >= 12 {
				continue
			}
			if k == 0 {
				if is.moderate {
					firstModerate++
				}
				continue
			}
			again++
			if is.moderate {
				stepped++
			}
		}
	}
	enough(t, again, 300, "repeat eczema flares aged 1-11")
	if firstModerate > 0 {
		t.Errorf("%d children's first eczema flares given a moderate steroid under 12: stepped care starts mild", firstModerate)
	}
	if share := float64(stepped) / float64(again); share < 0.65 {
		t.Errorf("%d of %d repeat flares aged 1-11 given a moderate steroid (%.0f%%), want most (NICE CG57 stepped care)", stepped, again, 100*share)
	}
}
