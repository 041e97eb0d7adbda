package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Twenty-seventh review: a first episode of psychosis is referred by the GP
// to early intervention and diagnosed, and its antipsychotic started, by the
// team (NICE CG178); suspected dementia has a cognitive test and the blood
// tests for reversible causes at the practice, and the memory service makes
// the diagnosis (NICE NG97 1.2).

// newDiagnoses returns the conditions of key begun in the record at least
// 90 days before it ends, with their diagnosing encounter.
func (r *realism) newDiagnoses(key string) map[*models.Condition]*models.Encounter {
	out := map[*models.Condition]*models.Encounter{}
	for id := range r.patients {
		c := r.has(id, key)
		if c == nil || c.OnsetDate < r.p.windowStart || c.OnsetDate+90 > r.p.Opts.AsOf || c.DiagnosisEncounterID == "" {
			continue
		}
		out[c] = r.encs[c.DiagnosisEncounterID]
	}
	return out
}

// codedWithin reports whether the patient's record holds observation key
// from lo to hi days after day d, at an encounter in setting (any when "").
func (r *realism) codedWithin(patient, key string, d models.Date, lo, hi int, setting string) bool {
	code, ok := datasets.ObservationByKey(key)
	if !ok || code.Snomed == "" {
		return false // not a code the model records
	}
	for _, o := range r.obsOf[patient] {
		day := o.EffectiveTime.Date()
		if o.SnomedCode != code.Snomed || day < d+models.Date(lo) || day > d+models.Date(hi) {
			continue
		}
		if e := r.encs[o.EncounterID]; setting == "" || e != nil && e.Setting == setting {
			return true
		}
	}
	return false
}

func TestFirstPsychosisGoesToTheSpecialistTeam(t *testing.T) {
	r := review5Population(t)
	n, atClinic, referred, gpStarts := 0, 0, 0, 0
	for c, dx := range r.newDiagnoses("smi") {
		if dx.Setting == settingInpatient || dx.Setting == settingAE {
			continue // presented in hospital: assessed there
		}
		n++
		if dx.Setting == settingOutpatient {
			atClinic++
		}
		if r.codedWithin(c.PatientID, "eip_referral", c.OnsetDate, -21, 0, settingGP) {
			referred++
		}
		// the first antipsychotic for it, when written by the practice
		// within a month of the diagnosis, was the GP's start
		var first *models.Prescription
		for _, rx := range r.rxOf[c.PatientID] {
			if rx.ConditionID == c.ConditionID && (first == nil || rx.StartDate < first.StartDate) {
				first = rx
			}
		}
		if first != nil && first.StartDate <= c.OnsetDate+30 {
			if e := r.encs[first.EncounterID]; e != nil && e.Setting == settingGP {
				gpStarts++
			}
		}
	}
	enough(t, n, 20, "first episodes of psychosis diagnosed outside hospital")
	t.Logf("%d new diagnoses: %d made at the team's clinic, %d referred to early intervention by the GP within 3 weeks before, %d antipsychotics started by the GP", n, atClinic, referred, gpStarts)
	if atClinic*100 < n*90 || referred*100 < n*90 {
		t.Errorf("%d of %d diagnosed by the specialist team and %d referred by the GP (want 90%% or more of each)", atClinic, n, referred)
	}
	if gpStarts > 0 {
		t.Errorf("%d of %d first antipsychotics started at the practice (want none: NICE CG178)", gpStarts, n)
	}
}

func TestDementiaAssessedBeforeTheMemoryService(t *testing.T) {
	r := review5Population(t)
	n, atClinic, assessed, bloods := 0, 0, 0, 0
	for c, dx := range r.newDiagnoses("dementia") {
		if dx.Setting == settingInpatient || dx.Setting == settingAE {
			continue
		}
		n++
		if dx.Setting == settingOutpatient {
			atClinic++
		}
		if r.codedWithin(c.PatientID, "mini_cog", c.OnsetDate, -120, 0, settingGP) &&
			r.codedWithin(c.PatientID, "memory_service_referral", c.OnsetDate, -120, 0, settingGP) {
			assessed++
		}
		all := true
		for _, k := range []string{"tsh", "b12", "folate", "egfr", "hba1c"} {
			all = all && r.codedWithin(c.PatientID, k, c.OnsetDate, -180, 0, "")
		}
		if all {
			bloods++
		}
	}
	enough(t, n, 100, "dementia diagnosed outside hospital")
	t.Logf("%d new diagnoses: %d made at the memory clinic, %d with a Mini-Cog and a referral at the practice, %d with TSH, B12, folate, eGFR and HbA1c", n, atClinic, assessed, bloods)
	if atClinic*100 < n*85 || assessed*100 < n*85 || bloods*100 < n*85 {
		t.Errorf("of %d: %d diagnosed at the memory clinic, %d assessed with a cognitive test and referred, %d with the blood tests (want 85%% or more of each)", n, atClinic, assessed, bloods)
	}
}
