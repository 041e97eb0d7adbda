// Checks for the eighteenth review's diagnosing encounters and angina's
// work-up (docs/clinical-model.md, "Where a diagnosis was made, and
// angina's work-up (eighteenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestConditionsInTheRecordNameTheirDiagnosis: the conditions table promises
// that only a diagnosis made before the record has no diagnosing
// encounter. Before, a hospital's reasons were drawn before the encounter
// existed: 19,957 of 327,505 conditions begun in the record had none,
// nearly every acute kidney injury and delirium among them (generate -n
// 20000 -s 5). Now at most 1 in 500 has none (causes of death found at
// death, outside any encounter), and each link is to the patient's own
// encounter on the onset day or the day before.
func TestConditionsInTheRecordNameTheirDiagnosis(t *testing.T) {
	r := review5Population(t)
	n, none, acute, acuteNone := 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.OnsetDate < r.p.windowStart {
			continue
		}
		n++
		if c.ConditionKey == "aki" || c.ConditionKey == "delirium" {
			acute++
		}
		if c.DiagnosisEncounterID == "" {
			none++
			if c.ConditionKey == "aki" || c.ConditionKey == "delirium" {
				acuteNone++
			}
			continue
		}
		e := r.encs[c.DiagnosisEncounterID]
		if e == nil || e.PatientID != c.PatientID {
			t.Fatalf("condition %s (%s) names encounter %s, not one of its patient's", c.ConditionID, c.ConditionKey, c.DiagnosisEncounterID)
		}
		if d := e.StartTime.Date(); d < c.OnsetDate-1 || d > c.OnsetDate+1 {
			t.Errorf("condition %s (%s) begun %v names an encounter of %v", c.ConditionID, c.ConditionKey, c.OnsetDate, d)
		}
	}
	enough(t, acute, 100, "acute kidney injuries and deliria")
	t.Logf("%d conditions begun in the record, %d with no diagnosing encounter (%d of %d acute kidney injuries and deliria)", n, none, acuteNone, acute)
	if none*500 > n || acuteNone*100 > acute {
		t.Errorf("%d of %d conditions begun in the record (%d of %d acute kidney injuries and deliria) name no diagnosing encounter", none, n, acuteNone, acute)
	}
}

// TestNewAnginaHasItsWorkUp: NICE CG95 (a 12-lead ECG for suspected
// angina) and the rapid access chest pain clinic within 2 weeks, with a CT
// coronary angiogram. Before, 254 of 258 diagnoses at the practice had no
// ECG within 30 days and 202 no specialist within 6 weeks. A heart
// attack's angina was assessed in hospital: no chest pain clinic after it.
func TestNewAnginaHasItsWorkUp(t *testing.T) {
	r := review5Population(t)
	ecgCode, _ := datasets.ObservationByKey("ecg_12_lead")
	ctCode, _ := datasets.ObservationByKey("ct_coronary_angiography")
	ecg, ct := ecgCode.Snomed, ctCode.Snomed
	keys := r.conditionKeys()
	n, withECG, seen, inHospital, ctAfterHospital := 0, 0, 0, 0, 0
	for id := range r.patients {
		c := r.has(id, "chd")
		if c == nil || c.OnsetDate < r.p.windowStart || c.DiagnosisEncounterID == "" {
			continue
		}
		dx := r.encs[c.DiagnosisEncounterID]
		var ctDays []models.Date
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == ct {
				ctDays = append(ctDays, o.EffectiveTime.Date())
			}
		}
		if dx.Setting != settingGP {
			inHospital++
			for _, d := range ctDays {
				if d >= c.OnsetDate && d <= c.OnsetDate+90 {
					ctAfterHospital++
				}
			}
			continue
		}
		if c.OnsetDate+30 > r.p.Opts.AsOf {
			continue // the clinic may fall after the record ends
		}
		n++
		for _, o := range r.obsByEnc[dx.EncounterID] {
			if o.SnomedCode == ecg {
				withECG++
				break
			}
		}
		for _, e := range r.b.Encounters {
			if e.PatientID == id && e.Setting == settingOutpatient && keys[e.ReasonConditionID] == "chd" {
				if d := e.StartTime.Date(); d >= c.OnsetDate+7 && d <= c.OnsetDate+21 {
					for _, o := range r.obsByEnc[e.EncounterID] {
						if o.SnomedCode == ct {
							seen++
						}
					}
				}
			}
		}
	}
	enough(t, n, 40, "coronary heart disease diagnosed at the practice")
	enough(t, inHospital, 40, "coronary heart disease found in hospital")
	t.Logf("%d diagnosed at the practice: %d with an ECG there, %d seen at the chest pain clinic with a CT coronary angiogram within 3 weeks; %d found in hospital, %d of them with a CT coronary angiogram after", n, withECG, seen, inHospital, ctAfterHospital)
	if withECG*100 < n*95 {
		t.Errorf("%d of %d diagnoses at the practice have a 12-lead ECG at the diagnosing visit (want 95%% or more)", withECG, n)
	}
	if seen*100 < n*85 {
		t.Errorf("%d of %d diagnoses at the practice seen at the chest pain clinic with a CT coronary angiogram within 3 weeks (want 85%% or more)", seen, n)
	}
	if ctAfterHospital > 0 {
		t.Errorf("%d heart attacks' coronary heart disease sent to the chest pain clinic after the hospital", ctAfterHospital)
	}
}
