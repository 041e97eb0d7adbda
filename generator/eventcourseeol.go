package generator

import "github.com/code4health/cohortgen/models"

// The end-of-life medicines review stops the preventive medicines, aspirin
// among them (death.go endOfLifeReview). An onset event's course of a
// preventive medicine (ticagrelor for the year after a heart attack) is
// given only beside another drug it joins (prescribing.yaml after_event):
// ticagrelor with low-dose aspirin (NICE TA236), never alone, so when the
// review stops the aspirin it stops the ticagrelor with it. Clopidogrel given with an anticoagulant (NG185: no aspirin then) goes
// on beside the anticoagulant, which the review does not stop. Brief h51b:
// before, the review left a ticagrelor running on its own.

// keptBeside reports whether an event course of m may run on day d, on or
// after the end-of-life review: a course of a class m joins runs then that
// the review does not stop (not preventive).
func keptBeside(per *person, m *medPlan, d models.Date) bool {
	for k := range per.courses {
		c := &per.courses[k]
		if c.running(d) && !c.meds.preventive && c.meds != m && joinsAny(m, c.meds.classes) {
			return true
		}
	}
	return false
}
