// Checks for the nineteenth review's prescribing in the very old
// (docs/clinical-model.md, "Stepping blood pressure treatment, and
// prescribing in the very old (nineteenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// startsOf is a patient's issues of medicine key that start it: none of it
// ran in the 28 days before (the audit's continuesCourse).
func (r *realism) startsOf(id, key string) []*models.Prescription {
	rx := r.issuesOf(id, key)
	var out []*models.Prescription
	for k, x := range rx {
		cont := false
		for _, o := range rx[:k] {
			if o.StartDate < x.StartDate && (o.EndDate == models.NoDate || o.EndDate >= x.StartDate-28) {
				cont = true
			}
		}
		if !cont {
			out = append(out, x)
		}
	}
	return out
}

// TestAmitriptylineNotStartedAt75: on main amitriptyline was started in 98
// people of 75 and over (61 for painful diabetic neuropathy, 38 for
// sciatica); Beers and STOPP/START v3 advise against it in older people.
// None is started from 75 now, a course begun younger goes on, and
// neuropathic pain at 75+ has gabapentin instead (the ladder's
// if_ruled_out).
func TestAmitriptylineNotStartedAt75(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	younger, gabaOld := 0, 0
	for id, pt := range r.patients {
		for _, x := range r.startsOf(id, "amitriptyline") {
			if a := ageOnDay(pt, x.StartDate); a >= 75 {
				t.Errorf("patient %s: amitriptyline started %s at %d", id, x.StartDate, a)
			} else {
				younger++
			}
		}
		for _, x := range r.startsOf(id, "gabapentin") {
			if keys[x.ConditionID] == "painful_diabetic_neuropathy" && ageOnDay(pt, x.StartDate) >= 75 {
				gabaOld++
			}
		}
	}
	enough(t, younger, 150, "amitriptyline starts under 75")
	enough(t, gabaOld, 30, "gabapentin starts for painful diabetic neuropathy at 75+")
}

// TestZopicloneNotStartedBesideSedativesAt80: on main 13 zopiclone starts
// at 80+ came while co-codamol, gabapentin, pregabalin or amitriptyline
// ran (Beers 2023: avoid combining CNS-active drugs; falls). None now.
// Since the twenty-second review zopiclone is not started at 80+ at all
// (TestHypnoticsNotStartedInTheVeryOldOrFrail), so there are no starts at
// 80+ to count; the check stays for a bar that is lifted again.
func TestZopicloneNotStartedBesideSedativesAt80(t *testing.T) {
	r := review5Population(t)
	sedating := func(x *models.Prescription) bool {
		k := medicineOf(x)
		return datasets.InClass(k, "opioid") || datasets.InClass(k, "gabapentinoid") || datasets.InClass(k, "tricyclic")
	}
	for id, pt := range r.patients {
		for _, z := range r.startsOf(id, "zopiclone") {
			if ageOnDay(pt, z.StartDate) < 80 {
				continue
			}
			for _, o := range r.rxOf[id] {
				if sedating(o) && o.StartDate <= z.StartDate && (o.EndDate == models.NoDate || o.EndDate >= z.StartDate) {
					t.Errorf("patient %s: zopiclone started %s at %d while %s runs (from %s)", id, z.StartDate, ageOnDay(pt, z.StartDate), o.Medication, o.StartDate)
					break
				}
			}
		}
	}
}
