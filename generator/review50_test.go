package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// Fiftieth review (issue 9): a GP reading a frequent-attending child's
// record (index 4513 of generate -n 20000 -s 5) found "Sepsis" opened at a
// surgery visit, a temperature of 37.4, two follow-ups and no antibiotic,
// no A&E, no admission: an emergency drawn when nothing the GP sees fitted
// the child (gpfallback.go).

// TestNoEmergencyOpenedAtTheSurgery: an emergency (a presentation the
// catalogue marks emergency_only or via_ae, and sepsis) first seen at a GP
// contact is one the catalogue has GPs see at that age (a GP weight in the
// band), unless the person went to A&E or was admitted the same day (the
// GP sent them: a feverish baby, a suspected sepsis). NICE NG51: suspected
// sepsis with high-risk criteria goes to emergency care; a hip fracture and
// an overdose are A&E's. On main 75 of the 729 emergencies opened at a GP
// contact in this population had no hospital contact that day (sepsis,
// bronchiolitis, acute kidney injury); at -n 20000 -s 5, 36 sepsis, 36
// bronchiolitis, 8 self-poisoning and 5 acute kidney injury episodes.
func TestNoEmergencyOpenedAtTheSurgery(t *testing.T) {
	r := review5Population(t)
	first := firstContacts(r.b)
	pres := map[string]int{} // the emergencies
	for i := range r.p.presentations {
		if pr := &r.p.presentations[i]; pr.EmergencyOnly || pr.ViaAE || pr.Key == "sepsis" {
			pres[pr.Key] = i
		}
	}
	hospitalDay := map[string]map[models.Date]bool{} // patient -> days with an A&E or inpatient contact
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting == settingAE || e.Setting == settingInpatient {
			if hospitalDay[e.PatientID] == nil {
				hospitalDay[e.PatientID] = map[models.Date]bool{}
			}
			hospitalDay[e.PatientID][e.StartTime.Date()] = true
		}
	}
	opened, wrong := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		pi, isPres := pres[c.ConditionKey]
		f, ok := first[c.ConditionID]
		if c.Chronic || !isPres || !ok || f.Setting != settingGP {
			continue
		}
		opened++
		pt := r.patients[c.PatientID]
		day := f.StartTime.Date()
		if hospitalDay[c.PatientID][day] {
			continue
		}
		wt := r.p.presentations[pi].weights[sexIndex(pt.Sex)][presGP]
		if age := ageOnDay(pt, day); wt == nil || wt[r.p.Cat.BandOf(age)] == 0 {
			if wrong++; wrong <= 5 {
				t.Errorf("patient %d: %s opened at a GP contact on %v at %d, no A&E or admission that day", pt.PatientIndex, c.ConditionKey, day, age)
			}
		}
	}
	t.Logf("%d emergencies opened at a GP contact; %d of them ones the GP does not see, with no hospital contact that day", opened, wrong)
	if len(pres) < 5 {
		t.Fatalf("only %d emergency presentations in the catalogue", len(pres))
	}
}
