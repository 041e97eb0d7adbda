package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestSuicideIsACauseOfDeath: no death in a lifetime's records was a
// suicide (seventeenth review). ONS 2022: about 1% of deaths, three
// quarters men, mostly at working age; a recorded depression or severe
// mental illness raises the risk (catalogue causes_of_death suicide).
func TestSuicideIsACauseOfDeath(t *testing.T) {
	r := review5Population(t)
	deaths, suicides, men, working, withMentalIllness := 0, 0, 0, 0, 0
	for i := range r.b.Patients {
		pt := &r.b.Patients[i]
		if pt.DeathDate == models.NoDate {
			continue
		}
		deaths++
		if pt.CauseOfDeathCode != "X70" {
			continue
		}
		suicides++
		if pt.Sex == "male" {
			men++
		}
		if age := ageOnDay(pt, pt.DeathDate); age >= 15 && age < 65 {
			working++
		}
		for _, c := range r.condsOf[pt.PatientID] {
			if c.ConditionKey == "depression" || c.ConditionKey == "smi" {
				withMentalIllness++
				break
			}
		}
	}
	enough(t, deaths, 1000, "deaths")
	if share := float64(suicides) / float64(deaths); share < 0.005 || share > 0.02 {
		t.Errorf("%d of %d deaths (%.2f%%) are suicides; ONS about 1%%", suicides, deaths, 100*share)
	}
	if suicides > 0 && (2*men < suicides || 2*working < suicides) {
		t.Errorf("of %d suicides %d are men and %d at 15-64; ONS: three quarters men, most at working age", suicides, men, working)
	}
	if withMentalIllness == 0 {
		t.Errorf("none of %d suicides had a recorded depression or severe mental illness", suicides)
	}
}

// TestSelfPoisoningComesToHospital: self-harm was absent from every record.
// Self-poisoning presents at A&E (Multicentre Study of Self-harm: about 4.3
// presentations of self-harm per 1,000 a year in England, 61% female, over
// three quarters self-poisoning), and about half are admitted.
func TestSelfPoisoningComesToHospital(t *testing.T) {
	r := review5Population(t)
	episodes, women, viaAE, admitted := 0, 0, 0, 0
	atAE := map[string]bool{}
	inpatient := map[string]bool{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		switch e.Setting {
		case settingAE:
			atAE[e.ReasonConditionID] = true
		case settingInpatient:
			inpatient[e.ReasonConditionID] = true
		}
	}
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "self_poisoning" {
			continue
		}
		episodes++
		if r.patients[c.PatientID].Sex == "female" {
			women++
		}
		if atAE[c.ConditionID] {
			viaAE++
		}
		if inpatient[c.ConditionID] {
			admitted++
		}
		if age := ageOnDay(r.patients[c.PatientID], c.OnsetDate); age < 10 {
			t.Errorf("%s: self-poisoning at %d", c.PatientID, age)
		}
	}
	enough(t, episodes, 200, "episodes of self-poisoning")
	if viaAE < episodes*9/10 {
		t.Errorf("%d of %d episodes of self-poisoning came through A&E; want nearly all", viaAE, episodes)
	}
	if share := float64(admitted) / float64(episodes); share < 0.3 || share > 0.7 {
		t.Errorf("%d of %d episodes admitted (%.0f%%); about half are", admitted, episodes, 100*share)
	}
	if share := float64(women) / float64(episodes); share < 0.5 || share > 0.75 {
		t.Errorf("%.0f%% of episodes in women; 61%% in the Multicentre Study of Self-harm", 100*share)
	}
}
