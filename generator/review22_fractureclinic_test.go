// Checks for the twenty-second review: a broken wrist seen in A&E is
// followed up in the fracture clinic. Before, a fracture clinic saw one only
// when a background clinic attendance drew its open episode: 87 attendances
// for 846 fractures (generate -n 20000 -s 5, since 2020).
package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestWristFracturesAreFollowedInFractureClinic: the share of adults' wrist
// fractures with a fracture clinic attendance is the catalogue's first
// visit share, and children's is that of the fractures that are not buckle
// fractures discharged from A&E (catalogue presentations wrist_fracture
// fracture_clinic: BOAST 7, Cochrane CD012470); the first attendance falls
// within the first visit's days of A&E, and none after the last visit's
// (a fragility fracture's bone scan aside, which fragility.go books later).
func TestWristFracturesAreFollowedInFractureClinic(t *testing.T) {
	r := pathwayPopulation(t)
	fc, _, _ := r.p.fractureClinicOf("wrist_fracture")
	if fc == nil {
		t.Fatal("wrist_fracture has no fracture_clinic in the catalogue")
	}
	first := map[string]models.Date{} // fracture id -> first clinic day
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingOutpatient || e.ReasonConditionID == "" {
			continue
		}
		if d, ok := first[e.ReasonConditionID]; !ok || e.StartTime.Date() < d {
			first[e.ReasonConditionID] = e.StartTime.Date()
		}
	}
	var n, followed [2]int // adults, children
	late := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "wrist_fracture" || c.OnsetDate < r.p.windowStart {
			continue
		}
		child := 0
		if models.YearsBetween(r.patients[c.PatientID].BirthDate, c.OnsetDate) < fc.ChildUnder {
			child = 1
		}
		n[child]++
		d, ok := first[c.ConditionID]
		if !ok {
			continue
		}
		followed[child]++
		if gap := int(d - c.OnsetDate); gap < fc.Visits[0].Days[0] || gap > fc.Visits[0].Days[1]+7 { // a stay or a weekend may push it on
			late++
		}
	}
	if n[0] < 100 || n[1] < 30 {
		t.Fatalf("only %d adults' and %d children's wrist fractures", n[0], n[1])
	}
	want := [2]float64{fc.Visits[0].Share, fc.Visits[0].Share * (1 - fc.ChildDischarged)}
	for k, who := range [2]string{"adults'", "children's"} {
		got := float64(followed[k]) / float64(n[k])
		if math.Abs(got-want[k]) > 0.15 {
			t.Errorf("%d of %d %s wrist fractures (%.2f) were seen in a fracture clinic; want about %.2f", followed[k], n[k], who, got, want[k])
		}
	}
	if total := followed[0] + followed[1]; late*10 > total {
		t.Errorf("%d of %d fractures followed up had their first clinic outside days %v of A&E", late, total, fc.Visits[0].Days)
	}
}
