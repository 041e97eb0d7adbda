// Checks for the fifteenth review: a stroke's admission has the stay the
// catalogue gives it (onset_event stay_days).
package generator

import (
	"math"
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestStrokeStayFollowsItsMedian: a GP review found stroke admissions with
// a median stay of 3 days, 61 of 104 of 3 days or less (generate -n 5000
// -s 59); in English hospitals the median is 9 days (IQR 4-21). Now the
// median stay of the admissions a stroke presents with is the catalogue's
// within 4 standard errors of a log-normal median.
func TestStrokeStayFollowsItsMedian(t *testing.T) {
	r := pathwayPopulation(t)
	c := &r.p.conds[r.p.condIndex["stroke_tia"]]
	ev := c.OnsetEvent
	if ev == nil || ev.StayDays == 0 {
		t.Fatal("stroke_tia's onset event has no stay_days")
	}
	keys := r.conditionKeys()
	var days []float64
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingInpatient || e.AdmissionMethod != "21" || keys[e.ReasonConditionID] != c.Key {
			continue
		}
		if pt := r.patients[e.PatientID]; pt.DeathDate != models.NoDate && pt.DeathDate <= e.EndTime.Date() {
			continue // died in hospital: cut short
		}
		days = append(days, float64(e.EndTime-e.StartTime)/(24*60*60*1e6))
	}
	enough(t, len(days), 60, "stroke admissions through A&E")
	slices.Sort(days)
	median := days[len(days)/2]
	se := 1.2533 * ev.StaySpread / math.Sqrt(float64(len(days))) // of the log median
	lo, hi := ev.StayDays*math.Exp(-4*se), ev.StayDays*math.Exp(4*se)
	if median < lo || median > hi {
		t.Errorf("median stroke stay %.1f days of %d, want %.1f-%.1f", median, len(days), lo, hi)
	}
	t.Logf("median stroke stay %.1f days of %d (want %.1f-%.1f)", median, len(days), lo, hi)
}
