// Checks for brief h70a: acute care that follows the guideline. A GP review
// found febrile babies under 3 months sent home from A&E, chest pain with a
// normal troponin kept in for days, and a potassium of 6.0-6.4 whose ECG came
// days later (and A&E never repeating a potassium it was sent).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestFebrileInfantAtAEIsAdmitted: NICE NG143 table 1 makes a temperature
// of 38 or more under 3 months a red sign, and the infant is assessed and
// investigated by a paediatric specialist (febrilechild.yaml ae_admit).
// Every A&E attendance under 90 days whose last temperature is 38 or more
// is followed by an admission by the next day and has a blood culture at
// the attendance. Before, 9 of 224 went home and 46 had no blood culture
// (generate -n 20000 -s 83).
func TestFebrileInfantAtAEIsAdmitted(t *testing.T) {
	r := review5Population(t)
	temp, culture := r.snomed("temperature"), obsCode(t, "blood_culture_sample") // the set taken (brief h75c)
	inpatient := map[string][]*models.Encounter{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingInpatient {
			inpatient[e.PatientID] = append(inpatient[e.PatientID], e)
		}
	}
	febrile, home, unscreened := 0, 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		pt := r.patients[e.PatientID]
		if e.Setting != settingAE || int(e.StartTime.Date()-pt.BirthDate) >= 90 {
			continue
		}
		var last *models.Observation
		cultured := false
		for _, o := range r.obsByEnc[e.EncounterID] {
			if o.SnomedCode == temp && o.Value != nil && (last == nil || o.EffectiveTime >= last.EffectiveTime) {
				last = o
			}
			cultured = cultured || o.SnomedCode == culture
		}
		if last == nil || *last.Value < 38 || e.StartTime.Date()+1 > r.p.Opts.Population() {
			continue
		}
		febrile++
		admitted := false
		for _, in := range inpatient[e.PatientID] {
			admitted = admitted || in.StartTime >= e.StartTime && in.StartTime.Date() <= e.StartTime.Date()+1 || in.StartTime <= e.StartTime && in.EndTime > e.StartTime
		}
		if !admitted {
			home++
			t.Logf("%s: %.1f at A&E on %s at %d days, not admitted", e.PatientID, *last.Value, e.StartTime.Date(), e.StartTime.Date()-pt.BirthDate)
		}
		if !cultured {
			unscreened++
			t.Logf("%s: %.1f at A&E on %s, no blood culture", e.PatientID, *last.Value, e.StartTime.Date())
		}
	}
	t.Logf("%d febrile A&E attendances under 90 days: %d not admitted, %d with no blood culture", febrile, home, unscreened)
	enough(t, febrile, 50, "febrile A&E attendances under 90 days")
	if home > 0 || unscreened > 0 {
		t.Errorf("%d of %d febrile babies under 3 months not admitted from A&E, %d with no blood culture (NICE NG143)", home, febrile, unscreened)
	}
}

// TestRuledOutChestPainStaysUnderADay: NICE DG40 1.2 rules out NSTEMI on
// high-sensitivity troponins below the 99th centile at presentation and
// at the repeat, so chest pain whose troponins are all below it (the
// catalogue's serial_test level, 14 ng/L) is an observation stay of a day
// at most (catalogue chest_pain stay_days), unless the patient dies in it.
// Before, 1,702 of 1,923 such admissions lasted over 24 hours and 881 over
// 3 days (generate -n 20000 -s 83).
func TestRuledOutChestPainStaysUnderADay(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	trop, above := r.snomed("troponin"), r.p.Cat.SerialTest.Above
	normal, long := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingInpatient || (e.AdmissionMethod != admissionViaAE && e.AdmissionMethod != admissionViaGP) || keys[e.ReasonConditionID] != "chest_pain" {
			continue
		}
		measured, raised := false, false
		for _, o := range r.obsOf[e.PatientID] {
			if o.SnomedCode == trop && o.Value != nil && o.EffectiveTime >= e.StartTime.AddMinutes(-12*60) && o.EffectiveTime <= e.EndTime {
				measured, raised = true, raised || *o.Value >= above
			}
		}
		if !measured || raised {
			continue
		}
		normal++
		if pt := r.patients[e.PatientID]; e.EndTime > e.StartTime.AddMinutes(24*60) && pt.DeathDate != e.EndTime.Date() {
			long++
			t.Logf("%s: chest pain admitted %s to %s with troponins below %g", e.PatientID, e.StartTime.Time(), e.EndTime.Time(), above)
		}
	}
	t.Logf("%d chest pain admissions with every troponin below %g ng/L: %d over 24 hours", normal, above, long)
	enough(t, normal, 200, "chest pain admissions with normal troponins")
	if long > 0 {
		t.Errorf("%d of %d chest pain admissions with normal troponins stayed over 24 hours (NICE DG40 early rule-out)", long, normal)
	}
}

// TestModeratePotassiumHasECGOnTheDay: a potassium of 6.0 or more has an
// ECG (NHS Highland TAM674 and Cornwall acute GP, prescribing.yaml
// recheck_tests_source; UK Kidney Association 2020: the same day), and an
// A&E attendance a potassium sent in confirms it on a fresh sample. Each
// result of 6.0-6.4 has a 12-lead ECG on its day, and each A&E attendance
// about hyperkalaemia records a potassium. Before, 77 of 148 results of
// 6.0-6.4 had their ECG more than a day later and 0 of 32 such attendances
// a potassium (generate -n 20000 -s 83).
func TestModeratePotassiumHasECGOnTheDay(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	k, ecg := r.snomed("potassium"), obsCode(t, "ecg_12_lead")
	moderate, late := 0, 0
	for id, os := range r.obsOf {
		for _, o := range os {
			if o.SnomedCode != k || o.Value == nil || *o.Value < 6.0 || *o.Value >= 6.5 || o.EffectiveTime.Date() >= r.p.Opts.Population() {
				continue
			}
			moderate++
			d, done := o.EffectiveTime.Date(), false
			for _, x := range os {
				done = done || x.SnomedCode == ecg && x.EffectiveTime.Date() == d
			}
			if !done {
				late++
				t.Logf("%s: potassium %.1f on %s with no ECG that day", id, *o.Value, d)
			}
		}
	}
	ae, unrepeated := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingAE || keys[e.ReasonConditionID] != "hyperkalaemia" {
			continue
		}
		ae++
		repeated := false
		for _, o := range r.obsByEnc[e.EncounterID] {
			repeated = repeated || o.SnomedCode == k
		}
		if !repeated {
			unrepeated++
			t.Logf("%s: A&E about hyperkalaemia on %s with no potassium", e.PatientID, e.StartTime.Date())
		}
	}
	t.Logf("%d potassiums of 6.0-6.4: %d with no ECG that day; %d A&E attendances about hyperkalaemia: %d with no potassium", moderate, late, ae, unrepeated)
	enough(t, moderate, 50, "potassiums of 6.0-6.4")
	enough(t, ae, 10, "A&E attendances about hyperkalaemia")
	if late > 0 || unrepeated > 0 {
		t.Errorf("%d of %d potassiums of 6.0-6.4 with no ECG on the day; %d of %d A&E attendances about hyperkalaemia with no potassium", late, moderate, unrepeated, ae)
	}
}
