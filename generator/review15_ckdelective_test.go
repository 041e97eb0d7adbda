// Checks for the fifteenth review: CKD is a reason for planned hospital
// care only from stage 4 (catalogue elective_from_stage).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNoPlannedAdmissionForEarlyCKD: a GP review found 66 planned
// admissions whose only reason was CKD stage 3A, 3B or 4 (generate -n 5000
// -s 59): a stable stage 3 is cared for in general practice. Now no planned
// admission or day case has as its reason a CKD row coding a stage before
// the catalogue's elective_from_stage.
func TestNoPlannedAdmissionForEarlyCKD(t *testing.T) {
	r := pathwayPopulation(t)
	c := &r.p.conds[r.p.condIndex["ckd"]]
	if c.ElectiveFromStage == 0 {
		t.Fatal("ckd has no elective_from_stage")
	}
	early := map[string]bool{} // the codes of the stages before it
	for _, st := range c.stages[:c.ElectiveFromStage] {
		early[st.Snomed] = true
	}
	rows := map[string]*models.Condition{}
	for i := range r.b.Conditions {
		rows[r.b.Conditions[i].ConditionID] = &r.b.Conditions[i]
	}
	planned := 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingInpatient || e.AdmissionMethod != "11" {
			continue
		}
		planned++
		if row := rows[e.ReasonConditionID]; row != nil && row.ConditionKey == c.Key && early[row.SnomedCode] {
			t.Errorf("%s: planned admission on %s for %s", e.PatientID, e.StartTime.Date(), row.Description)
		}
	}
	enough(t, planned, 500, "planned admissions")
}

// TestStageOnIsTheStageCodedThatDay: the stage a condition was coded at on
// a day is that of the last staged row from that day or before.
func TestStageOnIsTheStageCodedThatDay(t *testing.T) {
	hc := heldCondition{staged: []stagedRow{{from: 100, stage: 0}, {from: 400, stage: 2}, {from: 900, stage: 3}}}
	for _, c := range []struct {
		d    models.Date
		want int
	}{{99, -1}, {100, 0}, {399, 0}, {400, 2}, {899, 2}, {5000, 3}} {
		if got := hc.stageOn(c.d); got != c.want {
			t.Errorf("stageOn(%d) = %d, want %d", c.d, got, c.want)
		}
	}
}
