// Checks for the fifth GP review's findings (docs/clinical-model.md, "Fifth review").
package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoGrommetsForYoungBabies: a GP review found a planned admission for
// otitis media at 9 days old, the baby's first contact of any kind.
func TestNoGrommetsForYoungBabies(t *testing.T) {
	r := review5Population(t) // the shared 20,000 (same plan as newRealism(t, 20000))
	key := r.conditionKeys()
	older := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.AdmissionMethod != "11" || key[e.ReasonConditionID] != "otitis_media" {
			continue
		}
		p := r.patients[e.PatientID]
		if age := e.StartTime.Date() - p.BirthDate; age < 365 {
			t.Fatalf("planned admission for otitis media at %d days old", age)
		}
		older++
	}
	if older == 0 {
		t.Fatal("no planned admission for otitis media at all: the test tests nothing")
	}
}

// TestYoungBabiesAreSeenNotPhoned: a GP review found half the fevers of
// babies under 90 days managed by telephone. The call that tells the
// practice of a baby's sudden death (suddendeath.go) is not a consultation.
func TestYoungBabiesAreSeenNotPhoned(t *testing.T) {
	r := review5Population(t) // the shared 20,000 (same plan as newRealism(t, 20000))
	limit := models.Date(r.p.Cat.Activity.FaceToFaceUnderDays)
	seen := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		p := r.patients[e.PatientID]
		if e.StartTime.Date()-p.BirthDate >= limit || e.Setting != settingGP {
			continue
		}
		if e.TypeCode == r.p.encTypes[encGPTelephone].Code && !verifiesDeath(r, e) { // the call about a sudden infant death is not a consultation
			t.Fatalf("a telephone consultation at %d days old", e.StartTime.Date()-p.BirthDate)
		}
		seen++
	}
	if seen == 0 {
		t.Fatal("no GP contact under the age limit at all: the test tests nothing")
	}
}

// TestFewClinicVisitsInEndOfLifeCare: routine clinic follow-up stops when
// end-of-life care begins (a GP review found 47 of 142 people on the
// palliative care register still going to clinics); referrals the team asks
// for may still happen, so a few remain.
func TestFewClinicVisitsInEndOfLifeCare(t *testing.T) {
	r := newRealism(t, 6000)
	onRegister := r.registerEntries()
	after := map[string]bool{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if from, ok := onRegister[e.PatientID]; ok && e.Setting == settingOutpatient && e.StartTime.Date() > from {
			after[e.PatientID] = true
		}
	}
	if len(onRegister) < 50 {
		t.Fatalf("only %d people on the palliative care register", len(onRegister))
	}
	if share := float64(len(after)) / float64(len(onRegister)); share > 0.05 {
		t.Errorf("%d of %d people on the palliative care register went to a clinic after joining it (%.0f%%), want under 5%%",
			len(after), len(onRegister), 100*share)
	}
}

// TestEndOfLifeCareAtHome: once end-of-life care begins, the old are seen
// at home: a read-through found 299 surgery consultations ("check up",
// "symptom") of people over 65 on the palliative care register in 5,000
// patients.
func TestEndOfLifeCareAtHome(t *testing.T) {
	r := newRealism(t, 6000)
	onRegister := r.registerEntries()
	surgery := map[string]bool{r.p.encTypes[encGPConsultation].Code: true, r.p.encTypes[encGPProblem].Code: true}
	home := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		p := r.patients[e.PatientID]
		onset, ok := onRegister[e.PatientID]
		if !ok || e.Setting != settingGP || e.StartTime.Date() < onset || p.DeathDate == models.NoDate ||
			models.YearsBetween(p.BirthDate, p.DeathDate) < r.p.Cat.EndOfLife.HomeVisitsFromAge {
			continue
		}
		if surgery[e.TypeCode] {
			t.Fatalf("%s: a surgery consultation (%s) %d days into end-of-life care", e.PatientID, e.TypeDisplay, e.StartTime.Date()-onset)
		}
		if e.TypeCode == r.p.encTypes[encGPHomeVisit].Code {
			home++
		}
	}
	if home < 50 {
		t.Fatalf("only %d home visits in end-of-life care: the test tests little", home)
	}
}

// registerEntries maps each person on the palliative care register to the
// day they joined it.
func (r *realism) registerEntries() map[string]models.Date {
	out := map[string]models.Date{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "palliative_care" {
			out[c.PatientID] = c.OnsetDate
		}
	}
	return out
}

// TestCheckUpsAreNotForAcuteProblems: a GP appointment about a new or
// recent acute problem is a consultation for a symptom, not a check-up (a
// read-through found 33,809 "Encounter for check up" rows whose reason was
// gastroenteritis, a URI or a rash in 5,000 patients).
func TestCheckUpsAreNotForAcuteProblems(t *testing.T) {
	r := newRealism(t, 3000)
	chronic := map[string]bool{}
	workup := map[string]bool{} // a presenting problem the GP referred (presents_as, h59g): worked up like a symptom
	for i := range r.p.Cat.Conditions {
		if pa := r.p.Cat.Conditions[i].PresentsAs; pa != nil {
			workup[pa.Key] = true
		}
	}
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		// a suspected cancer's symptom problem (h56b) is the reason of the
		// practice blood test taken for it (a PSA for urinary symptoms): a
		// test booked about it, not a consultation for a new problem
		chronic[c.ConditionID] = c.Chronic || strings.HasPrefix(c.ConditionKey, "symptom_") || workup[c.ConditionKey]
		// a clot's anticoagulant has its monitoring bloods at practice blood
		// tests about the clot while it runs (vtecare.go, h59e)
		if v := r.p.Cat.VTE; v != nil && (c.ConditionKey == v.DVT.Key || c.ConditionKey == v.PE.Key) {
			chronic[c.ConditionID] = true
		}
		// a raised blood pressure of pregnancy treated after the birth has
		// its GP reviews at 2 and 6-8 weeks about it (NICE NG133; h69c)
		if rb := r.p.pregnancy.raisedBP.r; c.ConditionKey == rb.Problem.Key || c.ConditionKey == rb.PreEclampsia.Problem.Key {
			chronic[c.ConditionID] = true
		}
	}
	checkUp := r.p.encTypes[encGPConsultation].Code
	withChronic := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.TypeCode != checkUp || e.ReasonConditionID == "" {
			continue
		}
		if !chronic[e.ReasonConditionID] {
			t.Fatalf("%s: a check-up whose reason is an acute problem", e.EncounterID)
		}
		withChronic++
	}
	if withChronic == 0 {
		t.Fatal("no check-up about a long-term condition at all: the test tests nothing")
	}
}
