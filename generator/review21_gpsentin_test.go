// Checks for the twenty-first review's GP-arranged admissions
// (docs/clinical-model.md, "Emergency admissions a GP arranges (twenty-first
// review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestGPArrangedAdmissionsFollowAPracticeContact: an emergency admission
// "via GP" (HES admission method 22) means a GP saw or spoke to the patient
// that day and sent them in; before, 5,267 of 5,392 such admissions had no
// practice contact that day (generate -n 20000 -s 5). Each now follows a
// consultation (in person, by telephone or at home) the same day, seen by
// someone, with a reason; one in person records something (the presenting
// state); the admission falls in the hours a practice could have arranged
// it; and no young baby with a fever or a UTI is admitted from the practice
// directly (NICE NG143: through A&E, TestFeverAndUTIInYoungBabiesGoToHospital).
func TestGPArrangedAdmissionsFollowAPracticeContact(t *testing.T) {
	r := pathwayPopulation(t)
	used := r.encountersWithRecords()
	for i := range r.b.Conditions {
		used[r.b.Conditions[i].DiagnosisEncounterID] = true
	}
	keys := r.conditionKeys()
	byPatient := map[string][]*models.Encounter{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		byPatient[e.PatientID] = append(byPatient[e.PatientID], e)
	}
	g := &r.p.Cat.Activity.GPSentAdmission
	phone := r.p.encTypes[encGPTelephone].Code
	checked, none, empty, sameReason, outOfHours, outOfLead := 0, 0, 0, 0, 0, 0
	for i := range r.b.Encounters {
		adm := &r.b.Encounters[i]
		if adm.AdmissionMethod != admissionViaGP {
			continue
		}
		checked++
		d := adm.StartTime.Date()
		if !r.p.gpCanSendIn(adm.StartTime) {
			outOfHours++
		}
		if k := keys[adm.ReasonConditionID]; (k == "fever" || k == "uti") && d-r.patients[adm.PatientID].BirthDate < 90 {
			t.Errorf("%s %s: a baby of %d days admitted from the practice with %s, not through A&E", adm.PatientID, d, d-r.patients[adm.PatientID].BirthDate, k)
		}
		var by *models.Encounter
		for _, c := range byPatient[adm.PatientID] {
			if c.Setting == settingGP && c.StartTime.Date() == d && c.StartTime < adm.StartTime && c.PractitionerID != "" && c.ReasonConditionID != "" {
				by = c
				break
			}
		}
		if by == nil {
			none++
			if none <= 5 {
				t.Errorf("%s: emergency admission via GP at %s with no practice contact before it that day", adm.PatientID, adm.StartTime.Time().Format("2006-01-02 15:04"))
			}
			continue
		}
		if by.ReasonConditionID == adm.ReasonConditionID {
			sameReason++
			if lead := int((adm.StartTime - by.StartTime) / models.Timestamp(models.MicrosPerMinute)); lead < g.LeadMinutes[0] || lead > g.LeadMinutes[1] {
				outOfLead++ // a contact about it already that day, earlier (an acute episode's first visit)
			}
		}
		if by.TypeCode != phone && !used[by.EncounterID] {
			empty++
			if empty <= 5 {
				t.Errorf("%s %s: the %s that sent the patient in recorded nothing", adm.PatientID, d, by.TypeDisplay)
			}
		}
	}
	enough(t, checked, 300, "emergency admissions via GP")
	t.Logf("%d emergency admissions via GP: %d with no practice contact before them that day, %d whose contact recorded nothing, %d whose contact is about the admission's reason (%d of them not %d-%d minutes before it), %d outside the hours a practice could arrange them",
		checked, none, empty, sameReason, outOfLead, g.LeadMinutes[0], g.LeadMinutes[1], outOfHours)
	if none > 0 || empty > 0 || outOfHours > 0 {
		t.Errorf("want every admission via GP in practice hours, after a contact that day that records something")
	}
	if sameReason*20 < checked*19 || outOfLead*50 > sameReason {
		t.Errorf("want nearly every contact about the admission's reason, %d-%d minutes before it", g.LeadMinutes[0], g.LeadMinutes[1])
	}
}

// TestFallAdmissionsAreFollowedUpAtThePractice: after an emergency
// admission for a fall or a broken hip at 65 and over, the practice sees
// the person about it in the weeks after discharge (frailty.yaml
// fall_admission_follow_up; NICE NG249, CG124). Before, 251 of 557
// admissions for a fall had no GP contact about it in the 6 weeks after
// discharge (generate -n 20000 -s 5). Counted: admissions that end 6 weeks
// or more before the record does, of people alive then and not in
// end-of-life care.
func TestFallAdmissionsAreFollowedUpAtThePractice(t *testing.T) {
	r := pathwayPopulation(t)
	fp := &r.p.frailty
	fa := &fp.FallAdmission
	keys := r.conditionKeys()
	byPatient := map[string][]*models.Encounter{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		byPatient[e.PatientID] = append(byPatient[e.PatientID], e)
	}
	eol := map[string]models.Date{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == r.p.Cat.EndOfLife.Register.Key {
			eol[c.PatientID] = c.OnsetDate
		}
	}
	const window = 42
	checked, seen := 0, 0
	for i := range r.b.Encounters {
		adm := &r.b.Encounters[i]
		if adm.Setting != settingInpatient || len(adm.AdmissionMethod) == 0 || adm.AdmissionMethod[0] != '2' || !fp.fallAdmAfter[keys[adm.ReasonConditionID]] {
			continue
		}
		pt := r.patients[adm.PatientID]
		out := adm.EndTime.Date()
		if ageOnDay(pt, adm.StartTime.Date()) < fa.MinAge || out+window > r.p.Opts.AsOf || (pt.DeathDate != models.NoDate && pt.DeathDate <= out+window) {
			continue
		}
		if from, ok := eol[adm.PatientID]; ok && from <= out+window {
			continue
		}
		checked++
		for _, e := range byPatient[adm.PatientID] {
			if e.ReasonConditionID == adm.ReasonConditionID && fp.clinicianContact(e) && e.StartTime > adm.EndTime && e.StartTime.Date() <= out+window {
				seen++
				break
			}
		}
	}
	enough(t, checked, 50, "emergency admissions for a fall or a broken hip at 65 and over")
	t.Logf("%d emergency admissions for a fall or a broken hip at 65 and over: %d followed by a GP contact about it within %d days of discharge", checked, seen, window)
	if seen*100 < checked*80 {
		t.Errorf("%d of %d followed up at the practice within %d days of discharge, want 80%% or more", seen, checked, window)
	}
}
