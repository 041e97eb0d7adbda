// Checks for the sixteenth review, causes of death that fit the record
// (docs/clinical-model.md, "Causes of death that fit the record (sixteenth
// review)").
package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// conditionsByID maps each condition id of the population to its row.
func (r *realism) conditionsByID() map[string]*models.Condition {
	out := make(map[string]*models.Condition, len(r.b.Conditions))
	for i := range r.b.Conditions {
		out[r.b.Conditions[i].ConditionID] = &r.b.Conditions[i]
	}
	return out
}

// latestOnset is the latest onset on or before day d of the person's
// conditions with one of the keys (NoDate: none).
func (r *realism) latestOnset(id string, d models.Date, keys ...string) models.Date {
	latest := models.NoDate
	for _, c := range r.condsOf[id] {
		for _, k := range keys {
			if c.ConditionKey == k && c.OnsetDate <= d && (latest == models.NoDate || c.OnsetDate > latest) {
				latest = c.OnsetDate
			}
		}
	}
	return latest
}

// TestStrokeDeathsFollowAStroke: a GP found 16 of 17 deaths certified as
// stroke with no stroke in the year before, 9 of them five years or more
// after it (generate -n 3000 -s 61). A death certified as an acute stroke
// (I60-I64) comes within the catalogue's window of a stroke on the record
// (a held stroke, or the fatal one); a death from the late effects of a
// stroke (I69) comes after it.
func TestStrokeDeathsFollowAStroke(t *testing.T) {
	r := pathwayPopulation(t)
	stroke, ok := r.p.Cat.Condition("stroke_tia")
	if !ok || stroke.CauseOfDeath == nil || stroke.CauseOfDeath.WithinDays == 0 {
		t.Fatal("stroke_tia has no cause_of_death within_days")
	}
	window := models.Date(stroke.CauseOfDeath.WithinDays)
	acute, late := 0, 0
	for id, p := range r.patients {
		code := p.CauseOfDeathCode
		if p.DeathDate == models.NoDate || !strings.HasPrefix(code, "I6") {
			continue
		}
		last := r.latestOnset(id, p.DeathDate, "stroke_tia", "cause_stroke")
		if last == models.NoDate {
			t.Errorf("%s: died %s of %s with no stroke on the record", id, p.DeathDate, p.CauseOfDeath)
			continue
		}
		if strings.HasPrefix(code, "I69") {
			late++
			if p.DeathDate-last <= window {
				t.Errorf("%s: died %s of the late effects of a stroke %d days after it", id, p.DeathDate, p.DeathDate-last)
			}
			continue
		}
		acute++
		if p.DeathDate-last > window {
			t.Errorf("%s: died %s of %s, %d days after the last stroke on the record", id, p.DeathDate, p.CauseOfDeath, p.DeathDate-last)
		}
	}
	enough(t, acute, 10, "deaths certified as an acute stroke")
	t.Logf("%d deaths certified as an acute stroke, %d as its late effects", acute, late)
}

// TestKidneyDeathsNeedAdvancedCKD: a GP found 25 of 26 deaths certified as
// chronic kidney disease at stage 3A or 3B (generate -n 20000 -s 5). CKD is
// certified as the underlying cause only at stage 4 or 5 coded at death
// (or on dialysis): no one whose CKD is coded stage 3 when they die dies of
// it.
func TestKidneyDeathsNeedAdvancedCKD(t *testing.T) {
	r := pathwayPopulation(t)
	stage3 := 0
	for id, p := range r.patients {
		if p.DeathDate == models.NoDate {
			continue
		}
		var coded *models.Condition // the CKD row in force at death
		for _, c := range r.condsOf[id] {
			if c.ConditionKey == "ckd" && c.OnsetDate <= p.DeathDate && (coded == nil || c.OnsetDate >= coded.OnsetDate) {
				coded = c
			}
		}
		if coded == nil || coded.ICD10Code != "N18.3" || r.has(id, "dialysis") != nil {
			continue
		}
		stage3++
		if strings.HasPrefix(p.CauseOfDeathCode, "N18") {
			t.Errorf("%s: died %s of %s with CKD coded %q", id, p.DeathDate, p.CauseOfDeath, coded.Description)
		}
	}
	enough(t, stage3, 30, "decedents with CKD coded stage 3 at death")
}

// TestRegisterFollowsALifeLimitingTrajectory: a GP found 20 palliative care
// register entries for a stroke years before and 6 for coronary heart
// disease without heart failure (generate -n 3000 -s 61). An old stroke is
// not a terminal decline, and coronary heart disease is organ failure only
// once the heart fails (GSF Proactive Identification Guidance): no entry is
// about a stroke more than the cause's window before it, or about coronary
// heart disease in someone with no heart failure coded by then.
func TestRegisterFollowsALifeLimitingTrajectory(t *testing.T) {
	r := pathwayPopulation(t)
	stroke, _ := r.p.Cat.Condition("stroke_tia")
	window := models.Date(stroke.CauseOfDeath.WithinDays)
	conds := r.conditionsByID()
	entries, chd := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != r.p.Cat.EndOfLife.Register.Key {
			continue
		}
		entries++
		enc := r.encs[c.DiagnosisEncounterID]
		if enc == nil {
			t.Errorf("%s: register entry %s with no contact", c.PatientID, c.OnsetDate)
			continue
		}
		reason := conds[enc.ReasonConditionID]
		if reason == nil {
			continue
		}
		switch reason.ConditionKey {
		case "stroke_tia":
			if c.OnsetDate-reason.OnsetDate > window {
				t.Errorf("%s: on the register from %s for a stroke of %s", c.PatientID, c.OnsetDate, reason.OnsetDate)
			}
		case "chd":
			chd++
			if r.latestOnset(c.PatientID, c.OnsetDate, "heart_failure") == models.NoDate {
				t.Errorf("%s: on the register from %s for coronary heart disease with no heart failure", c.PatientID, c.OnsetDate)
			}
		}
	}
	enough(t, entries, 100, "palliative care register entries")
	t.Logf("%d register entries, %d for coronary heart disease", entries, chd)
}

// TestOldAgeAndCirrhosisDeathsAreExpected: a GP found every death from old
// age (R54) and alcoholic cirrhosis (K70) unexpected and none on the
// palliative care register. Old age is the frailty trajectory and cirrhosis
// organ failure: most such deaths whose last months fall in the record
// follow a register entry, about the frailty or liver disease coded before
// it.
func TestOldAgeAndCirrhosisDeathsAreExpected(t *testing.T) {
	r := pathwayPopulation(t)
	conds := r.conditionsByID()
	want := map[string]string{"R54": "severe_frailty", "K70": "alcoholic_liver_disease"}
	deaths, on := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != r.p.Cat.EndOfLife.Register.Key {
			continue
		}
		p := r.patients[c.PatientID]
		key, ok := want[p.CauseOfDeathCode[:min(3, len(p.CauseOfDeathCode))]]
		if p.DeathDate == models.NoDate || !ok {
			continue
		}
		on++
		if enc := r.encs[c.DiagnosisEncounterID]; enc == nil || conds[enc.ReasonConditionID] == nil ||
			conds[enc.ReasonConditionID].ConditionKey != key || conds[enc.ReasonConditionID].OnsetDate > c.OnsetDate {
			t.Errorf("%s: on the register from %s before a death of %s, not about %s coded before it", c.PatientID, c.OnsetDate, p.CauseOfDeath, key)
		}
	}
	for _, p := range r.patients {
		if _, ok := want[p.CauseOfDeathCode[:min(3, len(p.CauseOfDeathCode))]]; ok && p.DeathDate != models.NoDate && p.DeathDate-p.RegistrationDate > 365 {
			deaths++
		}
	}
	enough(t, deaths, 10, "deaths from old age or cirrhosis a year after registration")
	t.Logf("%d deaths from old age or cirrhosis a year after registration, %d on the register", deaths, on)
	if on*2 < deaths {
		t.Errorf("%d of %d deaths from old age or cirrhosis were on the palliative care register, want most", on, deaths)
	}
}
