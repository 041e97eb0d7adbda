package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestUncontrolledAsthmaIsSteppedUp: NICE NG245 steps asthma treatment up
// when it stays uncontrolled on an inhaled corticosteroid (adults: a trial
// of a leukotriene receptor antagonist when FeNO and eosinophils are not
// raised; children 5-11: one added to the paediatric low-dose ICS). Before
// the tenth review treatment stopped at the inhaled steroid whatever
// happened: a woman of 72 had six attacks in a year, one admitted, on the
// same inhaler. Now an emergency admission with an asthma attack misses the
// care target at the next review, which steps up at the pathway's rate:
// most people admitted more than a year before the record ends are on
// montelukast by then (since the twelfth review adults first step to
// moderate-dose MART, which counts); montelukast goes only to people with asthma, on an
// inhaled steroid, in the product for their age.
func TestUncontrolledAsthmaIsSteppedUp(t *testing.T) {
	r := pathwayPopulation(t)
	admittedFor := map[string]bool{} // conditions an emergency admission names as its reason
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingInpatient && e.ReasonConditionID != "" {
			admittedFor[e.ReasonConditionID] = true
		}
	}
	admitted, steppedUp := 0, 0
	for id, pt := range r.patients {
		var firstAdmission models.Date = models.NoDate
		for _, c := range r.condsOf[id] {
			if c.ConditionKey != "asthma_attack" {
				continue
			}
			if admittedFor[c.ConditionID] && (firstAdmission == models.NoDate || c.OnsetDate < firstAdmission) {
				firstAdmission = c.OnsetDate
			}
		}
		last := r.p.Opts.Population()
		if pt.DeathDate != models.NoDate {
			last = pt.DeathDate
		}
		var onLTRA *models.Prescription
		ics, stepped := models.NoDate, models.NoDate // stepped: montelukast or moderate-dose MART (twelfth review)
		for _, rx := range r.rxOf[id] {
			k := medKey(rx)
			if asthmaStepUp(rx) && (stepped == models.NoDate || rx.StartDate < stepped) {
				stepped = rx.StartDate
			}
			if k == "montelukast" && onLTRA == nil {
				onLTRA = rx
			}
			if datasets.InClass(k, "ics") || datasets.InClass(k, "ics_laba") || datasets.InClass(k, "ics_laba_lama") {
				if ics == models.NoDate || rx.StartDate < ics {
					ics = rx.StartDate
				}
			}
		}
		if onLTRA != nil {
			age := models.YearsBetween(pt.BirthDate, onLTRA.StartDate)
			want := "Montelukast 10mg tablets"
			if age < 15 {
				want = "Montelukast 5mg chewable tablets sugar free"
			}
			switch {
			case r.has(id, "asthma") == nil:
				t.Fatalf("patient %s: montelukast with no asthma", id)
			case ics == models.NoDate || ics > onLTRA.StartDate:
				t.Fatalf("patient %s: montelukast from %s before any inhaled steroid (%s)", id, onLTRA.StartDate, ics)
			case age < 6 || onLTRA.Medication != want:
				t.Fatalf("patient %s: %s at %d, want %s from 6", id, onLTRA.Medication, age, want)
			}
		}
		if firstAdmission == models.NoDate || last-firstAdmission < 400 || firstAdmission < r.p.windowStart {
			continue
		}
		admitted++
		if stepped != models.NoDate {
			steppedUp++
		}
	}
	enough(t, admitted, 20, "people admitted with an asthma attack more than a year before the record ends")
	t.Logf("%d of %d people admitted with an asthma attack are stepped up (montelukast or moderate-dose MART)", steppedUp, admitted)
	if float64(steppedUp) < 0.5*float64(admitted) {
		t.Fatalf("%d of %d people admitted with an asthma attack stepped up (want most: 70%% a review)", steppedUp, admitted)
	}
}
