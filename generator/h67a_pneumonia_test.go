package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// h67a: a GP review (generate -n 20000 -s 83) found every non-fatal
// pneumonia in hospital (1,029 at A&E, 217 admitted, none at the GP), the
// GP contacts that saw a fatal pneumonia measuring nothing (0 of 68 with a
// respiratory rate or a blood pressure), and one code written with two
// terms ("Pneumonia", "Pneumonia, unspecified"). The tests read the shared
// pathway population.

// pneumoniaSeen is a pneumonia row's diagnosing encounter and the
// person's age at its onset, or nil.
func (r *realism) pneumoniaSeen(c *models.Condition) (*models.Encounter, int) {
	e := r.encs[c.DiagnosisEncounterID]
	if e == nil {
		return nil, 0
	}
	p := r.patients[c.PatientID]
	return e, int((c.OnsetDate - p.BirthDate) / 365)
}

// crb65State is the CRB65 points a person's record shows on day d (NICE
// CG191 1.2.1): age 65 or more, and confusion (dementia held, a delirium
// open). The rate and pressure points are read at the contact.
func (r *realism) crb65State(id string, age int, d models.Date) int {
	n := 0
	if age >= 65 {
		n++
	}
	for _, c := range r.condsOf[id] {
		if (c.ConditionKey == "dementia" || c.ConditionKey == "delirium") && c.OnsetDate <= d && (c.ResolvedDate == models.NoDate || d <= c.ResolvedDate) {
			return n + 1
		}
	}
	return n
}

// TestNonFatalPneumoniaIsSeenAtTheGP: an adult's community-acquired
// pneumonia is mostly seen and managed in general practice when its CRB65
// is low (NICE CG191 1.2.3, NG138: consider home care at 0; catalogue
// presentation pneumonia gp and crb65). The bounds: at least a fifth of the
// adult pneumonias that do not end in death are diagnosed at the practice,
// and a pneumonia of CRB65 0 (from the record: under 65, no confusion) is
// seen there more often than one of 1 or more. Before, none at the GP.
func TestNonFatalPneumoniaIsSeenAtTheGP(t *testing.T) {
	r := pathwayPopulation(t)
	var all, gp [2]int // by CRB65 state: 0, 1 or more
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "pneumonia" {
			continue
		}
		e, age := r.pneumoniaSeen(c)
		if e == nil || age < 16 {
			continue
		}
		k := min(r.crb65State(c.PatientID, age, c.OnsetDate), 1)
		all[k]++
		if e.Setting == settingGP {
			gp[k]++
		}
	}
	t.Logf("adult pneumonias at CRB65 0: %d, %d at the GP; at 1 or more: %d, %d at the GP", all[0], gp[0], all[1], gp[1])
	enough(t, all[0], 20, "adult pneumonias at CRB65 0")
	enough(t, all[1], 20, "adult pneumonias at CRB65 1 or more")
	if 5*(gp[0]+gp[1]) < all[0]+all[1] {
		t.Errorf("%d of %d adult non-fatal pneumonias diagnosed at the GP: want at least a fifth (NICE CG191, NG138)", gp[0]+gp[1], all[0]+all[1])
	}
	if gp[0]*all[1] <= gp[1]*all[0] {
		t.Errorf("GP share of pneumonias at CRB65 0 (%d of %d) not above that at 1 or more (%d of %d): the setting should follow the score", gp[0], all[0], gp[1], all[1])
	}
}

// TestGPPneumoniaRecordsCRB65Components: the face-to-face GP contact that
// diagnoses an adult's pneumonia, fatal or not, records the CRB65 score's
// measured components, the respiratory rate and the blood pressure (no
// SNOMED CT code for the score itself verified; catalogue contact_readings,
// NICE CG191 1.2.1, QS110 statement 1). The bound: at most 2% without (a
// contact written by another path). Before, 0 of 68 contacts about a fatal
// pneumonia had either.
func TestGPPneumoniaRecordsCRB65Components(t *testing.T) {
	r := pathwayPopulation(t)
	rr, sbp, dbp := r.snomed("respiratory_rate"), r.snomed("systolic_bp"), r.snomed("diastolic_bp")
	seen, missing := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "pneumonia" && c.ConditionKey != "cause_pneumonia" {
			continue
		}
		e, age := r.pneumoniaSeen(c)
		if e == nil || age < 16 || e.Setting != settingGP || e.Class == "VR" {
			continue
		}
		seen++
		got := map[string]bool{}
		for _, o := range r.obsByEnc[e.EncounterID] {
			got[o.SnomedCode] = true
		}
		if !got[rr] || !got[sbp] || !got[dbp] {
			missing++
			if missing <= 3 {
				t.Logf("%s %s on %s at %s: rate %v, systolic %v, diastolic %v", c.PatientID, c.ConditionKey, c.OnsetDate, e.TypeDisplay, got[rr], got[sbp], got[dbp])
			}
		}
	}
	t.Logf("%d adult pneumonias diagnosed face to face at the GP, %d without a rate and a pressure", seen, missing)
	enough(t, seen, 10, "adult pneumonias diagnosed at the GP")
	if 50*missing > seen {
		t.Errorf("%d of %d GP contacts diagnosing an adult pneumonia without a respiratory rate and a blood pressure: want at most 2%% (CRB65)", missing, seen)
	}
}

// TestPneumoniaHasOneDefinition: every row of the pneumonia code carries
// one term, whether the pneumonia was treated or killed (catalogue
// causes_of_death pneumonia coded_as). Before, two.
func TestPneumoniaHasOneDefinition(t *testing.T) {
	r := pathwayPopulation(t)
	terms := map[string]int{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.SnomedCode == "233604007" {
			terms[c.Description]++
		}
	}
	t.Logf("terms of 233604007: %v", terms)
	if len(terms) != 1 {
		t.Errorf("pneumonia (233604007) written with %d terms: %v, want one", len(terms), terms)
	}
}
