// Checks for brief h71f: acute presentations worked up. A GP review found
// overdoses in A&E with no blood tests and home within hours, a potassium
// of 6.5 or more sent home from A&E the same day, and an HbA1c of 48 or
// more coded non-diabetic hyperglycaemia or left unrepeated.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// admissionAfter is the emergency admission through A&E beginning as
// attendance ae ends (nil: none), among the patient's encounters.
func admissionAfter(byPatient map[string][]*models.Encounter, ae *models.Encounter) *models.Encounter {
	for _, e := range byPatient[ae.PatientID] {
		if e.Setting == settingInpatient && e.AdmissionMethod == admissionViaAE && e.StartTime >= ae.EndTime.AddMinutes(-1) && e.StartTime <= ae.EndTime.AddMinutes(60) {
			return e
		}
	}
	return nil
}

// TestOverdoseBloodsAreTakenAndRead: after a paracetamol overdose A&E takes
// the level 4 hours after the ingestion (at arrival when later) with LFT,
// U&E and INR (MHRA 2012 treatment line; TOXBASE/RCEM; RCPA manual), and
// treatment waits for them. Every A&E attendance about self-poisoning
// records the ALT, potassium and INR (or the admission it leads to does),
// and one that goes home lasts at least an hour after the sample. Before,
// none of 642 had any of them, and 277 went home in under 4 hours
// (generate -n 20000 -s 83).
func TestOverdoseBloodsAreTakenAndRead(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	by := encountersByPatient(r)
	alt, _ := datasets.ObservationByKey("alt")
	k, _ := datasets.ObservationByKey("potassium")
	inr, _ := datasets.ObservationByKey("inr")
	seen, untested, early := 0, 0, 0
	for i := range r.b.Encounters {
		ae := &r.b.Encounters[i]
		if ae.Setting != settingAE || keys[ae.ReasonConditionID] != "self_poisoning" {
			continue
		}
		seen++
		ward := admissionAfter(by, ae)
		obs := r.obsByEnc[ae.EncounterID]
		if ward != nil {
			obs = append(obs[:len(obs):len(obs)], r.obsByEnc[ward.EncounterID]...)
		}
		got := map[string]models.Timestamp{}
		for _, o := range obs {
			if _, ok := got[o.SnomedCode]; !ok {
				got[o.SnomedCode] = o.EffectiveTime
			}
		}
		_, a := got[alt.Snomed]
		sample, p := got[k.Snomed]
		_, n := got[inr.Snomed]
		if !a || !p || !n {
			untested++
			t.Logf("%s: overdose in A&E on %s without ALT %v, potassium %v, INR %v", ae.PatientID, ae.StartTime.Date(), a, p, n)
			continue
		}
		if ward == nil && ae.EndTime < sample.AddMinutes(59) {
			early++
			t.Logf("%s: overdose sent home %d minutes after the bloods", ae.PatientID, int64(ae.EndTime-sample)/models.MicrosPerMinute)
		}
	}
	enough(t, seen, 100, "A&E attendances about self-poisoning")
	t.Logf("%d overdose attendances: %d without the bloods, %d home within the hour after them", seen, untested, early)
	if untested > 0 || early > 0 {
		t.Errorf("%d of %d overdose attendances without LFT, U&E and INR, %d home before their results (MHRA/TOXBASE)", untested, seen, early)
	}
}

// TestSevereHyperkalaemiaIsAdmitted: a potassium of 6.5 or more is an
// emergency (UK Kidney Association 2020): treated under cardiac monitoring,
// the potassium repeated after. Each GP result of 6.5 or more sent to A&E
// that day is admitted from the attendance, and the stay records a
// potassium. Before, 0 of 22 such attendances were admitted (generate -n
// 20000 -s 83).
func TestSevereHyperkalaemiaIsAdmitted(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	by := encountersByPatient(r)
	k, _ := datasets.ObservationByKey("potassium")
	sent, home := 0, 0
	for id, obs := range r.obsOf {
		for _, o := range obs {
			if o.SnomedCode != k.Snomed || o.Value == nil || *o.Value < 6.5 {
				continue
			}
			if e := r.encs[o.EncounterID]; e == nil || e.Setting != settingGP {
				continue
			}
			for _, ae := range by[id] {
				if ae.Setting != settingAE || keys[ae.ReasonConditionID] != "hyperkalaemia" || ae.StartTime.Date() != o.EffectiveTime.Date() || ae.StartTime < o.EffectiveTime {
					continue
				}
				sent++
				ward := admissionAfter(by, ae)
				repeated := false
				if ward != nil {
					for _, w := range r.obsByEnc[ward.EncounterID] {
						repeated = repeated || w.SnomedCode == k.Snomed
					}
				}
				if !repeated {
					home++
					t.Logf("%s: potassium %.1f on %s, A&E the same day, admitted %v, repeated in the stay %v", id, *o.Value, ae.StartTime.Date(), ward != nil, repeated)
				}
			}
		}
	}
	enough(t, sent, 5, "GP potassium results of 6.5 or more sent to A&E")
	t.Logf("%d sent to A&E with a potassium of 6.5 or more, %d not admitted with a repeat", sent, home)
	if home > 0 {
		t.Errorf("%d of %d potassium results of 6.5 or more sent to A&E not admitted with a repeat potassium (UKKA 2020)", home, sent)
	}
}

// TestNonDiabeticHyperglycaemiaIsNotCodedAtDiabeticHbA1c: non-diabetic
// hyperglycaemia is an HbA1c of 42-47 (NICE PH38; WHO 2011: 48 or more is
// diabetes's, repeated without symptoms). No diagnosis of it reads 48 or
// more at its diagnosing contact. Before, 5 of 1,320 did (generate -n
// 20000 -s 83; an HbA1c of 51 in an older sample).
func TestNonDiabeticHyperglycaemiaIsNotCodedAtDiabeticHbA1c(t *testing.T) {
	r := review5Population(t)
	h, _ := datasets.ObservationByKey("hba1c")
	read, high := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "non_diabetic_hyperglycaemia" {
			continue
		}
		for _, o := range r.obsByEnc[c.DiagnosisEncounterID] {
			if o.SnomedCode != h.Snomed || o.Value == nil {
				continue
			}
			read++
			if *o.Value >= 48 {
				high++
				t.Logf("%s: non-diabetic hyperglycaemia coded on %s at an HbA1c of %.0f", c.PatientID, c.OnsetDate, *o.Value)
			}
		}
	}
	enough(t, read, 100, "non-diabetic hyperglycaemia diagnoses with an HbA1c at the diagnosing contact")
	t.Logf("%d diagnoses read, %d at 48 or more", read, high)
	if high > 0 {
		t.Errorf("%d of %d non-diabetic hyperglycaemia diagnoses coded at an HbA1c of 48 or more (NICE PH38: 42-47)", high, read)
	}
}

// TestHbA1cOf48InHyperglycaemiaIsRepeated: a single HbA1c of 48 or more
// without symptoms is repeated (WHO 2011 / NICE NG28). In someone with
// non-diabetic hyperglycaemia not diagnosed with diabetes within 120 days,
// such a reading is followed by another HbA1c within 60 days (unless the
// record ends first), bar a fifth. Before, 31 of 34 were not (generate -n
// 20000 -s 83).
func TestHbA1cOf48InHyperglycaemiaIsRepeated(t *testing.T) {
	r := review5Population(t)
	h, _ := datasets.ObservationByKey("hba1c")
	_, last := r.contactSpan()
	seen, unrepeated := 0, 0
	for id, conds := range r.condsOf {
		var ndh *models.Condition
		diabetes := models.NoDate
		for _, c := range conds {
			switch c.ConditionKey {
			case "non_diabetic_hyperglycaemia":
				ndh = c
			case "type2_diabetes", "type1_diabetes":
				if diabetes == models.NoDate || c.OnsetDate < diabetes {
					diabetes = c.OnsetDate
				}
			}
		}
		if ndh == nil {
			continue
		}
		var days []models.Date
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == h.Snomed && o.Value != nil {
				days = append(days, o.EffectiveTime.Date())
			}
		}
		for _, o := range r.obsOf[id] {
			d := o.EffectiveTime.Date()
			if o.SnomedCode != h.Snomed || o.Value == nil || *o.Value < 48 || d < ndh.OnsetDate ||
				ndh.ResolvedDate != models.NoDate && d > ndh.ResolvedDate || diabetes != models.NoDate && diabetes <= d+120 || d > last-60 {
				continue
			}
			seen++
			repeated := false
			for _, x := range days {
				repeated = repeated || x > d && x <= d+60
			}
			if !repeated {
				unrepeated++
				t.Logf("%s: HbA1c %.0f on %s with non-diabetic hyperglycaemia, no repeat within 60 days", id, *o.Value, d)
			}
		}
	}
	enough(t, seen, 5, "HbA1c readings of 48 or more in non-diabetic hyperglycaemia without diabetes after")
	t.Logf("%d readings of 48 or more, %d not repeated within 60 days", seen, unrepeated)
	// a few: a reading at a hyperglycaemia review left to the diabetes's
	// found (the diagnosis a year on), one before registration, and readings
	// in the record's last weeks (2 of 29 within 90 days, seed 83)
	if unrepeated > seen/5 {
		t.Errorf("%d of %d HbA1c readings of 48 or more in non-diabetic hyperglycaemia not repeated within 60 days (WHO 2011 / NICE NG28)", unrepeated, seen)
	}
}
