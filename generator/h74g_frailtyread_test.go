// Checks for brief h74g: decisions about the very old and frail read their
// state. A GP found care reading the day's eFI category while the category
// coded in the record never falls: the eFI counts polypharmacy (five or
// more medicines, frailty.yaml efi polypharmacy) on the day, so a severe
// frailty coded in the record relaxed the HbA1c target only while five
// medicines ran (glargine 10 -> 40 units at 98 in severe frailty, 55d7c8c6,
// generate -n 20000 -s 83).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestPolypharmacyDeficitDoesNotFall: the eFI counts a deficit once it is on
// the record (Clegg et al., Age Ageing 2016), so the polypharmacy deficit
// holds from the first day five repeat medicines ran, after they stop too,
// as the category coded does (frailty.go frailtyCoding). On main, care read
// the medicines running that day: none on day 300 here, so the deficit was
// gone.
func TestPolypharmacyDeficitDoesNotFall(t *testing.T) {
	per := &person{}
	for i := range 5 {
		per.courses = append(per.courses, course{med: &datasets.Medicine{}, start: models.Date(100 + i), stop: 200, lastRx: -1})
	}
	per.courses = append(per.courses, course{med: &datasets.Medicine{}, start: 50, stop: models.NoDate, lastRx: -1})
	for _, c := range []struct {
		from, d models.Date
		want    bool
	}{
		{0, 90, false},    // one medicine
		{0, 104, true},    // six running
		{0, 300, true},    // stopped: the deficit stays
		{250, 300, false}, // counted only from the eFI's age: never five since
		{150, 300, true},  // five or more on the day counting began
	} {
		if got := polypharmacySince(per, c.from, c.d, 5); got != c.want {
			t.Errorf("polypharmacy from day %d to %d: %v, want %v", c.from, c.d, got, c.want)
		}
	}
	t.Logf("repeat medicines on day 300: %d; polypharmacy deficit held from day 104", repeatMedicines(per, 300))
}
