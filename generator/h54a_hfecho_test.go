package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestHeartFailureBeforeRecordHasEjectionFraction (issue 9, session 54): a
// GP review of generate -n 20000 -s 83 found heart failure with no ejection
// fraction on the record: 7 of 172 living people with heart failure, all
// diagnosed before the record opened (their diagnosing echocardiogram came
// before it), though their treatment followed the type. NICE NG106 1.2:
// echocardiography confirms and classifies heart failure. Everyone with
// heart failure diagnosed before the record, reviewed for it in the record
// (a GP review of it on or after the record opens) at least 60 days before the population date and not on the palliative
// care register, has an ejection fraction on the record, measured at an
// echocardiogram in an outpatient clinic.
func TestHeartFailureBeforeRecordHasEjectionFraction(t *testing.T) {
	r := review5Population(t)
	echoCode, ok := datasets.ObservationByKey("echocardiogram")
	if !ok {
		t.Fatal("observation_codes.csv: no echocardiogram")
	}
	lvef, echo := r.snomed("lvef"), echoCode.Snomed
	end := r.p.Opts.Population()
	review := r.p.encTypes[encChronicReview].Code
	checked, missing, notAtEcho := 0, 0, 0
	for id, p := range r.patients {
		hf := r.has(id, "heart_failure")
		if hf == nil || hf.OnsetDate >= r.p.windowStart || r.has(id, "palliative_care") != nil {
			continue
		}
		last := end
		if p.DeathDate != models.NoDate {
			last = p.DeathDate
		}
		reviewed := false
		for i := range r.b.Encounters {
			e := &r.b.Encounters[i]
			if e.PatientID == id && e.ReasonConditionID == hf.ConditionID && e.Setting == settingGP && e.TypeCode == review && e.StartTime.Date() >= r.p.windowStart && e.StartTime.Date()+60 <= last {
				reviewed = true
				break
			}
		}
		if !reviewed {
			continue
		}
		checked++
		efs := r.values(id, lvef)
		if len(efs) == 0 {
			missing++
			t.Logf("%s: heart failure since %s, reviewed in the record, no ejection fraction", id, hf.OnsetDate)
			continue
		}
		withEcho := false
		for _, o := range r.obsByEnc[efs[0].EncounterID] {
			withEcho = withEcho || o.SnomedCode == echo
		}
		if !withEcho {
			notAtEcho++
			t.Logf("%s: ejection fraction %v on %s with no echocardiogram", id, *efs[0].Value, efs[0].EffectiveTime.Date())
		}
	}
	t.Logf("heart failure diagnosed before the record and reviewed in it: %d, %d with no ejection fraction, %d whose first is not at an echocardiogram", checked, missing, notAtEcho)
	enough(t, checked, 10, "heart failure diagnosed before the record")
	if missing > 0 || notAtEcho > 0 {
		t.Errorf("%d of %d with no ejection fraction on the record; %d not measured at an echocardiogram", missing, checked, notAtEcho)
	}
}
