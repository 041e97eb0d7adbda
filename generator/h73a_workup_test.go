// Checks for brief h73a: acute presentations that were never investigated.
// A GP review found delirium admitted with no blood test, diabetic
// ketoacidosis and hypoglycaemia with no glucose (and DKA with a normal
// pulse), and a hip fracture dead 14 minutes after its admission.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// aeWorkup counts the A&E attendances and direct admissions whose reason is
// problem, and those that recorded none of the tests named; check is called
// with each attendance's observations (nil: no check).
func aeWorkup(t *testing.T, r *realism, problem string, tests []string, check func(e *models.Encounter, obs []*models.Observation)) (seen, without int) {
	t.Helper()
	codes := map[string]bool{}
	for _, k := range tests {
		c, ok := datasets.ObservationByKey(k)
		if !ok {
			t.Fatalf("observation_codes.csv: no %s", k)
		}
		codes[c.Snomed] = true
	}
	keys := r.conditionKeys()
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		direct := e.Setting == settingInpatient && e.AdmissionMethod == admissionViaGP
		if (e.Setting != settingAE && !direct) || keys[e.ReasonConditionID] != problem {
			continue
		}
		seen++
		found := map[string]bool{}
		for _, o := range r.obsByEnc[e.EncounterID] {
			if codes[o.SnomedCode] {
				found[o.SnomedCode] = true
			}
		}
		if len(found) < len(codes) {
			without++
			t.Logf("%s: %s at %s on %s with %d of %d tests", e.PatientID, problem, e.Setting, e.StartTime.Date(), len(found), len(codes))
		}
		if check != nil {
			check(e, r.obsByEnc[e.EncounterID])
		}
	}
	return seen, without
}

// TestDeliriumIsWorkedUp: NICE CG103 1.6 looks for and treats the cause of
// a delirium; the usual work-up at arrival is a full blood count, U&E, CRP
// and glucose (catalogue ae_tests). Before, 0 of 300 delirium admissions
// had a blood test (generate -n 20000 -s 83).
func TestDeliriumIsWorkedUp(t *testing.T) {
	r := review5Population(t)
	seen, without := aeWorkup(t, r, "delirium", []string{"haemoglobin", "wbc", "potassium", "egfr", "crp", "blood_glucose"}, nil)
	enough(t, seen, 30, "A&E attendances or direct admissions about delirium")
	t.Logf("%d delirium attendances, %d without the full work-up", seen, without)
	if without > 0 {
		t.Errorf("%d of %d delirium attendances without FBC, U&E, CRP and glucose (NICE CG103 1.6)", without, seen)
	}
}

// TestDiabeticEmergencyHasGlucose: JBDS-IP: DKA is a glucose over 11 (or
// known diabetes) with ketonaemia and acidosis, usually with a tachycardia;
// hypoglycaemia is a glucose below 4.0. Before, none of 12 DKA and 101
// hypoglycaemia attendances recorded a glucose, and every DKA read a pulse
// of 52-88 (generate -n 20000 -s 83). Each records its glucose, on the
// right side of the threshold, and most DKA pulses are over 100.
func TestDiabeticEmergencyHasGlucose(t *testing.T) {
	r := review5Population(t)
	gl, _ := datasets.ObservationByKey("blood_glucose")
	hr, _ := datasets.ObservationByKey("heart_rate")
	wrong, fast, pulses := 0, 0, 0
	value := func(obs []*models.Observation, code string) (float64, bool) {
		for _, o := range obs {
			if o.SnomedCode == code && o.Value != nil {
				return *o.Value, true
			}
		}
		return 0, false
	}
	dka, dkaWithout := aeWorkup(t, r, "type1_diabetes_event", []string{"blood_glucose"}, func(e *models.Encounter, obs []*models.Observation) {
		if v, ok := value(obs, gl.Snomed); ok && v <= 11 {
			wrong++
			t.Logf("%s: DKA with a glucose of %.1f", e.PatientID, v)
		}
		if v, ok := value(obs, hr.Snomed); ok && e.Setting == settingAE {
			pulses++
			if v > 100 {
				fast++
			}
		}
	})
	hypo, hypoWithout := aeWorkup(t, r, "hypoglycaemia", []string{"blood_glucose"}, func(e *models.Encounter, obs []*models.Observation) {
		if v, ok := value(obs, gl.Snomed); ok && v >= 4 {
			wrong++
			t.Logf("%s: hypoglycaemia with a glucose of %.1f", e.PatientID, v)
		}
	})
	enough(t, dka, 5, "DKA attendances")
	enough(t, hypo, 30, "hypoglycaemia attendances")
	t.Logf("DKA %d (%d without a glucose, %d of %d A&E pulses over 100); hypoglycaemia %d (%d without); %d glucose on the wrong side", dka, dkaWithout, fast, pulses, hypo, hypoWithout, wrong)
	if dkaWithout+hypoWithout > 0 || wrong > 0 {
		t.Errorf("%d DKA and %d hypoglycaemia attendances without a glucose, %d on the wrong side of its threshold (JBDS-IP)", dkaWithout, hypoWithout, wrong)
	}
	if pulses == 0 || fast*3 < pulses*2 {
		t.Errorf("%d of %d DKA pulses in A&E over 100: tachycardia is usual (JBDS-IP)", fast, pulses)
	}
}

// TestInjuryDeathIsNotMinutesAfterArrival: a fall's hip fracture or head
// injury, or a self-poisoning, that kills in hospital does so over days
// (NHFD: about 7% dead within 30 days of a hip fracture), not minutes after
// arrival with normal observations. Before, 2 such deaths came within an
// hour of the admission's start, a hip fracture at 69 after 14 minutes
// (generate -n 20000 -s 83). None ends a stay of under 2 hours (a severe
// head injury may die the night after its admission: model).
func TestInjuryDeathIsNotMinutesAfterArrival(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	seen, short := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		p := r.patients[e.PatientID]
		if e.Setting != settingInpatient || p == nil || p.DeathDate == models.NoDate || e.EndTime.Date() != p.DeathDate {
			continue
		}
		switch keys[e.ReasonConditionID] {
		case "hip_fracture", "head_injury", "self_poisoning":
		default:
			continue
		}
		seen++
		if e.EndTime-e.StartTime < models.Timestamp(2*60*models.MicrosPerMinute) {
			short++
			t.Logf("%s: %s admitted %v, dead %v", e.PatientID, keys[e.ReasonConditionID], e.StartTime, e.EndTime)
		}
	}
	enough(t, seen, 10, "injury admissions ending in death")
	t.Logf("%d injury admissions ending in death, %d under 2 hours", seen, short)
	if short > 0 {
		t.Errorf("%d of %d injury deaths in hospital under 2 hours after the admission", short, seen)
	}
}
