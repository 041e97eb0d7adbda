// Checks for the sixteenth review: osteoarthritis pain is treated at the GP
// contacts about it, step by step (catalogue contact_ladder, NICE NG226).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// oaContacts maps each person with GP contacts about knee or hip
// osteoarthritis to those contacts.
func oaContacts(r *realism) map[string][]*models.Encounter {
	keys := r.conditionKeys()
	out := map[string][]*models.Encounter{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if k := keys[e.ReasonConditionID]; e.Setting == settingGP && (k == "knee_osteoarthritis" || k == "hip_osteoarthritis") {
			out[e.PatientID] = append(out[e.PatientID], e)
		}
	}
	return out
}

// TestOsteoarthritisContactsAreTreated: a GP review found people seen about
// ten times each for knee or hip osteoarthritis with nothing prescribed for
// it (generate -n 20000 -s 5: 705 people, 6,746 contacts, no prescription).
// Now most people seen three times or more about it have pain relief issued
// at one of those contacts, and the first is never an oral NSAID (NICE
// NG226: a topical NSAID first).
func TestOsteoarthritisContactsAreTreated(t *testing.T) {
	r := pathwayPopulation(t)
	checked, treated := 0, 0
	for id, encs := range oaContacts(r) {
		if len(encs) < 3 {
			continue
		}
		checked++
		at := map[string]bool{}
		for _, e := range encs {
			at[e.EncounterID] = true
		}
		var first *models.Prescription
		for _, rx := range r.rxOf[id] {
			if at[rx.EncounterID] && medKey(rx) != "omeprazole" && medKey(rx) != "senna" && (first == nil || rx.StartDate < first.StartDate) {
				first = rx
			}
		}
		if first == nil {
			continue
		}
		treated++
		if medKey(first) == "naproxen" {
			t.Errorf("%s: osteoarthritis first treated with naproxen on %s, before a topical NSAID", id, first.StartDate)
		}
	}
	enough(t, checked, 60, "people seen three times or more about osteoarthritis")
	if share := float64(treated) / float64(checked); share < 0.7 {
		t.Errorf("%d of %d people seen three times or more about osteoarthritis were prescribed for it (%.0f%%), want 70%% or more", treated, checked, 100*share)
	}
}

// TestOsteoarthritisOralNSAIDKeepsTheRules: the oral step is an NSAID only
// where the rules allow it: never beside heart failure or CKD held on the
// day, always with a PPI from 65; where an NSAID is ruled out the GP gives
// co-codamol, with a laxative (BNF).
func TestOsteoarthritisOralNSAIDKeepsTheRules(t *testing.T) {
	r := pathwayPopulation(t)
	nsaids, opioids := 0, 0
	for id, encs := range oaContacts(r) {
		at := map[string]bool{}
		for _, e := range encs {
			at[e.EncounterID] = true
		}
		byEnc := map[string][]string{}
		for _, rx := range r.rxOf[id] {
			byEnc[rx.EncounterID] = append(byEnc[rx.EncounterID], medKey(rx))
		}
		for _, rx := range r.rxOf[id] {
			if !at[rx.EncounterID] {
				continue
			}
			switch k := medKey(rx); {
			case datasets.InClass(k, "nsaid"):
				nsaids++
				for _, c := range r.condsOf[id] {
					if (c.ConditionKey == "heart_failure" || c.ConditionKey == "ckd") && c.OnsetDate <= rx.StartDate {
						t.Errorf("%s: %s issued on %s with %s held", id, k, rx.StartDate, c.ConditionKey)
					}
				}
				if age := ageOnDay(r.patients[id], rx.StartDate); age >= 65 && !r.ppiCovers(id, rx) {
					t.Errorf("%s: %s issued at %d on %s with no PPI", id, k, age, rx.StartDate)
				}
			case k == "co_codamol":
				opioids++
				if !containsKey(byEnc[rx.EncounterID], "senna") && !r.classRunning(id, "laxative", rx.StartDate) {
					t.Errorf("%s: co-codamol issued on %s with no laxative", id, rx.StartDate)
				}
			}
		}
	}
	enough(t, nsaids, 40, "oral NSAIDs issued for osteoarthritis")
	enough(t, opioids, 5, "co-codamol issues for osteoarthritis")
}

// ppiCovers reports whether a PPI runs on the first day of prescription rx.
func (r *realism) ppiCovers(id string, rx *models.Prescription) bool {
	return r.classRunning(id, "ppi", rx.StartDate)
}

// classRunning reports whether a prescription of the class runs on day d.
func (r *realism) classRunning(id, class string, d models.Date) bool {
	for _, o := range r.rxOf[id] {
		if datasets.InClass(medKey(o), class) && o.StartDate <= d && (o.EndDate == models.NoDate || o.EndDate >= d) {
			return true
		}
	}
	return false
}

func containsKey(keys []string, k string) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}
