package generator

import (
	"sort"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// h54b (issue 9): a GP read children's asthma contacts with nothing on them
// but the encounter and no child with a peak flow; asthma attacks repeated
// in adults with no step up; COPD exacerbations treated at home with
// neither an oral steroid nor an antibiotic.

// asthmaReasons is the set of condition ids that are asthma or one of its
// attacks.
func (r *realism) asthmaReasons() map[string]string {
	ids := map[string]string{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "asthma" || c.ConditionKey == "asthma_attack" {
			ids[c.ConditionID] = c.ConditionKey
		}
	}
	return ids
}

// A child of 5-17 seen face to face at the practice about asthma or an
// attack has a peak flow taken (NICE NG245 / BTS-SIGN: from 5, at reviews
// and in attacks), read on a child's scale; no child under 5 has one. On
// main, no child had a peak flow (adult_only) and most of these contacts
// recorded nothing.
func TestChildAsthmaContactsRecordPeakFlow(t *testing.T) {
	r := pathwayPopulation(t)
	pf := r.snomed("peak_flow")
	reasons := r.asthmaReasons()
	phone := r.p.encTypes[encGPTelephone].Code
	jab := map[string]bool{}
	for i := range r.b.Immunisations {
		jab[r.b.Immunisations[i].EncounterID] = true
	}
	checked, without, under5 := 0, 0, 0
	var childValues []float64
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingGP || e.TypeCode == phone || jab[e.EncounterID] || reasons[e.ReasonConditionID] == "" {
			continue
		}
		pt := r.patients[e.PatientID]
		age := ageOnDay(pt, e.StartTime.Date())
		if age >= 18 {
			continue
		}
		var got *models.Observation
		for _, o := range r.obsByEnc[e.EncounterID] {
			if o.SnomedCode == pf {
				got = o
			}
		}
		if age < 5 {
			if got != nil {
				under5++
			}
			continue
		}
		checked++
		if got == nil {
			if without++; without <= 5 {
				t.Logf("patient %d, %d years: %s about %s on %v with no peak flow", pt.PatientIndex, age, e.TypeDisplay, reasons[e.ReasonConditionID], e.StartTime.Date())
			}
			continue
		}
		if age <= 11 && got.Value != nil {
			childValues = append(childValues, *got.Value)
		}
	}
	t.Logf("face-to-face GP contacts about asthma at 5-17: %d, %d without a peak flow; under 5 with one: %d", checked, without, under5)
	if checked < 100 {
		t.Fatalf("only %d contacts to test", checked)
	}
	if without*20 > checked {
		t.Errorf("%d of %d children's asthma contacts have no peak flow (NICE NG245: from 5, at every review and attack)", without, checked)
	}
	if under5 > 0 {
		t.Errorf("%d peak flows under 5 (too young for the manoeuvre)", under5)
	}
	if len(childValues) < 20 {
		t.Fatalf("only %d peak flows at 5-11", len(childValues))
	}
	sort.Float64s(childValues)
	if med := childValues[len(childValues)/2]; med < 120 || med > 350 {
		t.Errorf("median peak flow at 5-11 is %.0f L/min: not a child's (predicted about 150-320)", med)
	}
}

// An adult's second asthma attack within a year is followed within 90 days
// by a step up (moderate-dose MART or montelukast newly issued), a coded
// decline, or the respiratory clinic, unless treatment is at its top
// already (NICE NG245: an attack is a sign of poor control; step up, and
// refer when uncontrolled on the last step). On main the second attack
// waited for the annual review, where 3 in 10 were held back.
func TestRepeatedAsthmaAttacksAreSteppedUp(t *testing.T) {
	r := pathwayPopulation(t)
	declined := "182895007"
	end := models.NoDate
	for i := range r.b.Encounters {
		end = max(end, r.b.Encounters[i].StartTime.Date())
	}
	attacks := map[string][]models.Date{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "asthma_attack" {
			attacks[c.PatientID] = append(attacks[c.PatientID], c.OnsetDate)
		}
	}
	reasons := r.asthmaReasons()
	isStep := func(rx *models.Prescription) bool {
		return medKey(rx) == "montelukast" || strings.HasPrefix(rx.DoseText, "Inhale TWO puffs twice a day and ONE")
	}
	checked, answered, top := 0, 0, 0
	for id, ds := range attacks {
		pt := r.patients[id]
		if r.has(id, "copd") != nil {
			continue // the COPD pathway steps up the airways disease of people with both
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		second := models.NoDate
		for i := 1; i < len(ds); i++ {
			if ds[i]-ds[i-1] <= 365 && ageOnDay(pt, ds[i-1]) >= 18 {
				second = ds[i]
				break
			}
		}
		if second == models.NoDate || second > end-120 {
			continue
		}
		checked++
		issuedBefore := map[string]bool{}
		montelukast, moderate := false, false
		for _, rx := range r.rxOf[id] {
			if rx.StartDate < second {
				issuedBefore[rx.DMDCode+rx.DoseText] = true
				montelukast = montelukast || medKey(rx) == "montelukast"
				moderate = moderate || strings.HasPrefix(rx.DoseText, "Inhale TWO puffs twice a day and ONE")
			}
		}
		ok := montelukast && moderate
		if ok {
			top++
		}
		for _, rx := range r.rxOf[id] {
			if rx.StartDate >= second && rx.StartDate <= second+90 && isStep(rx) && !issuedBefore[rx.DMDCode+rx.DoseText] {
				ok = true
			}
		}
		for _, o := range r.obsOf[id] {
			if d := o.EffectiveTime.Date(); o.SnomedCode == declined && d >= second && d <= second+90 {
				ok = true
			}
		}
		for i := range r.b.Encounters {
			if e := &r.b.Encounters[i]; e.PatientID == id && e.Setting == "outpatient" && reasons[e.ReasonConditionID] == "asthma" &&
				e.StartTime.Date() >= second && e.StartTime.Date() <= second+120 {
				ok = true
			}
		}
		if ok {
			answered++
		} else if checked-answered <= 5 {
			t.Logf("patient %d: second asthma attack in a year on %v, nothing changed within 90 days", pt.PatientIndex, second)
		}
	}
	t.Logf("adults with a second asthma attack within a year: %d, answered %d (%d already on montelukast and moderate MART)", checked, answered, top)
	if checked < 30 {
		t.Fatalf("only %d adults to test", checked)
	}
	if answered*10 < checked*6 {
		t.Errorf("%d of %d adults' second asthma attack in a year was answered by a step up, a coded decline or the clinic within 90 days; want 60%%", answered, checked)
	}
}

// A COPD exacerbation treated at the practice or in A&E without an
// admission has prednisolone (NICE NG115: 30 mg for 5 days) or an
// antibiotic; on main 0.15 x 0.5 of them had neither.
func TestCOPDExacerbationTreatedInTheCommunity(t *testing.T) {
	r := pathwayPopulation(t)
	admitted := map[string]bool{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; emergencyAdmission(e) {
			admitted[e.ReasonConditionID] = true
		}
	}
	// An exacerbation brought to the GP with a rescue pack at home is started
	// from the pack (brief h75i, rescuepackuse.go): the contact's prednisolone
	// and doxycycline are the replacement pack, dated from the exacerbation
	// with the pack's COPD indication, not the exacerbation's. What the GP
	// reads is prednisolone issued at that consultation, so an issue at the
	// exacerbation's contact counts as its treatment as well as one linked to
	// it (before h75i every such issue was linked to the exacerbation).
	treated, atContact := map[string]bool{}, map[string]bool{}
	for i := range r.b.Prescriptions {
		if rx := &r.b.Prescriptions[i]; medKey(rx) == "prednisolone" || medKey(rx) == "doxycycline" {
			treated[rx.ConditionID] = true
			atContact[rx.EncounterID] = true
		}
	}
	checked, untreated := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		e := r.encs[c.DiagnosisEncounterID]
		if c.ConditionKey != "copd_exacerbation" || e == nil || (e.Setting != settingGP && e.Setting != settingAE) || admitted[c.ConditionID] {
			continue
		}
		checked++
		if !treated[c.ConditionID] && !atContact[c.DiagnosisEncounterID] {
			if untreated++; untreated <= 5 {
				t.Logf("patient %d: COPD exacerbation on %v (%s) with neither prednisolone nor an antibiotic", r.patients[c.PatientID].PatientIndex, c.OnsetDate, e.Setting)
			}
		}
	}
	t.Logf("COPD exacerbations treated in the community: %d, %d untreated", checked, untreated)
	if checked < 100 {
		t.Fatalf("only %d exacerbations to test", checked)
	}
	if untreated*100 > checked {
		t.Errorf("%d of %d COPD exacerbations treated in the community had neither an oral steroid nor an antibiotic", untreated, checked)
	}
}
