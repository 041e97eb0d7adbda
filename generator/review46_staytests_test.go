// Checks for the forty-sixth review: a heart attack's stay assesses left
// ventricular function, and a young child's or a man's UTI is cultured at
// its first contact (catalogue stay_tests, first_contact_tests).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestHeartAttackStayAssessesTheVentricle: NICE CG172 (now NG185) offers an
// assessment of left ventricular function to everyone who has had an MI;
// a GP found 2 of 271 heart attack admissions with an echocardiogram
// (generate -n 20000 -s 5). Every adult's stay for a heart attack now
// records an echocardiogram and an ejection fraction inside the stay. The
// fraction follows the heart: without heart failure an infarct lowers it
// from the normal 62% (catalogue lvef) by 5 points or more on average, and
// some big infarcts leave it at 40% or less (the heart failure they bring
// is diagnosed in the stay: forty-eighth review); with heart failure
// diagnosed before the stay it lies on the same side of 40% (reduced or not) as the heart
// failure clinic's echocardiogram that set the person's treatment.
func TestHeartAttackStayAssessesTheVentricle(t *testing.T) {
	r := review5Population(t)
	echo, lvef := observationCode(t, "echocardiogram"), r.snomed("lvef")
	keys := r.conditionKeys()
	stays, sum, withoutHF, low, withHF := 0, 0.0, 0, 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingInpatient || keys[e.ReasonConditionID] != "chd_event" {
			continue
		}
		stays++
		var ef *models.Observation
		coded := false
		for _, o := range r.obsByEnc[e.EncounterID] {
			inside := o.EffectiveTime >= e.StartTime && o.EffectiveTime <= e.EndTime
			coded = coded || o.SnomedCode == echo && inside
			if o.SnomedCode == lvef && o.Value != nil && inside {
				ef = o
			}
		}
		if !coded || ef == nil {
			t.Errorf("%s: heart attack admitted %s with no echocardiogram and ejection fraction in the stay", e.PatientID, e.StartTime.Date())
			continue
		}
		hf := r.has(e.PatientID, "heart_failure")
		if hf == nil || hf.OnsetDate >= e.StartTime.Date() { // the infarct's reading (a heart failure it brings: infarct.go)
			withoutHF++
			sum += *ef.Value
			if *ef.Value <= 40 {
				low++
			}
			continue
		}
		// h66f: a reduced ejection fraction can improve on treatment (catalogue
		// level_course), so a stay's reading above 40% after a reduced one is
		// improved heart failure; a mildly reduced or preserved one never
		// reads reduced at a later heart attack on its own
		for _, o := range r.values(e.PatientID, lvef) { // the heart failure clinic's, before the heart attack
			if c := r.encs[o.EncounterID]; c.Setting == settingInpatient || o.EffectiveTime >= ef.EffectiveTime {
				continue
			}
			withHF++
			if *o.Value > 40 && *ef.Value <= 40 {
				t.Errorf("%s: heart failure echocardiogram %s at %.0f%%, heart attack's %s at %.0f%%: a different type", e.PatientID, o.EffectiveTime.Date(), *o.Value, ef.EffectiveTime.Date(), *ef.Value)
			}
		}
	}
	enough(t, stays, 100, "heart attack admissions")
	enough(t, withoutHF, 50, "heart attack echocardiograms without heart failure")
	enough(t, withHF, 3, "heart attack echocardiograms after a heart failure clinic's")
	mean := sum / float64(withoutHF)
	t.Logf("%d stays; without heart failure %d, mean ejection fraction %.1f%%, %d at 40%% or less; %d after a heart failure echocardiogram", stays, withoutHF, mean, low, withHF)
	if mean > 62-5 || low == 0 {
		t.Errorf("heart attacks without heart failure: mean ejection fraction %.1f%% and %d at 40%% or less, want an infarct to lower it 5 points or more and some to 40%% or less", mean, low)
	}
}

// TestUTICulturedAtFirstContact: NICE NG224 sends a urine for culture for
// a baby under 3 months with a suspected UTI (and, to 3 years, after a
// positive dipstick), and NICE NG109 a man's midstream urine before his
// antibiotics. A GP found 0 of 288 UTIs under 3 and 88 of 1,335 men's
// cultured (generate -n 20000 -s 5). Every UTI diagnosed in the record
// under 3, or in a man of 16 or over, has the culture at the contact that
// diagnosed it.
func TestUTICulturedAtFirstContact(t *testing.T) {
	r := review5Population(t)
	culture := observationCode(t, "urine_sample") // the urine sent (brief h75c)
	young, men := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		pt := r.patients[c.PatientID]
		if c.ConditionKey != "uti" || r.encs[c.DiagnosisEncounterID] == nil || pt == nil {
			continue
		}
		age := ageOnDay(pt, c.OnsetDate)
		switch {
		case age < 3:
			young++
		case age >= 16 && pt.Sex == "male":
			men++
		default:
			continue
		}
		sent := false
		for _, o := range r.obsByEnc[c.DiagnosisEncounterID] {
			sent = sent || o.SnomedCode == culture
		}
		if !sent {
			t.Errorf("%s: UTI at %d (%s) on %s with no urine sent for culture at its first contact", c.PatientID, age, pt.Sex, c.OnsetDate)
		}
	}
	t.Logf("%d UTIs under 3, %d in men of 16 and over", young, men)
	enough(t, young, 50, "UTIs under 3")
	enough(t, men, 200, "UTIs in men of 16 and over")
}
