package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestUKLocalReadsBackTheGeneratorsClock: the audit judged clinic hours on
// its own copy of the UK clock (audit/kind_hours.go ukLocal); it now reads
// stored times back by UKLocal, from the switch days localToUTC places
// times by (h62a). Every clinic minute placed on a day from 1990 to 2040,
// the switch days included, reads back as the same local day and minute.
func TestUKLocalReadsBackTheGeneratorsClock(t *testing.T) {
	bad := 0
	for d := models.DateFromYMD(1990, 1, 1); d < models.DateFromYMD(2041, 1, 1); d++ {
		for m := 8 * 60; m < 19*60; m += 5 {
			l := UKLocal(localToUTC(d, m))
			if models.DateFromYMD(l.Year(), l.Month(), l.Day()) != d || l.Hour()*60+l.Minute() != m {
				bad++
				if bad <= 3 {
					t.Errorf("%s minute %d placed, read back as %s", d, m, l.Format("2006-01-02 15:04"))
				}
			}
		}
	}
}
