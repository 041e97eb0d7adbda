package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestNRTIsCombinedAndWeaned: NICE NG209 1.12 (verified in a summary): a
// combination of short-acting and long-acting NRT is likely to be most
// effective; the 24-hour patch is stepped down over the course (21 mg for 6
// weeks, 14 mg for 2, then 7 mg; 14 mg then 7 mg for a lighter smoker:
// NiQuitin programme, regimens.csv). Before (brief h74f, generate -n 20000
// -s 83), every NRT issue was a patch alone (868 issues, 586 courses), and
// none of the 93 courses running 10 weeks or more changed strength. Now
// every patch issue has a short-acting product issued beside it for the same
// days, and every course running past day 56 ends on the 7 mg patch with
// the strength never rising.
func TestNRTIsCombinedAndWeaned(t *testing.T) {
	r := pathwayPopulation(t)
	type course struct {
		first, last   models.Date
		patches       []*models.Prescription
		shortStarting map[models.Date]bool
	}
	courses := map[string]*course{}
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		m := medKey(rx)
		if m != "nicotine" && m != "nicotine_short_acting" {
			continue
		}
		c := courses[rx.ConditionID]
		if c == nil {
			c = &course{first: rx.StartDate, last: rx.EndDate, shortStarting: map[models.Date]bool{}}
			courses[rx.ConditionID] = c
		}
		c.first, c.last = min(c.first, rx.StartDate), max(c.last, rx.EndDate)
		if m == "nicotine" {
			c.patches = append(c.patches, rx)
		} else {
			c.shortStarting[rx.StartDate] = true
		}
	}
	strength := map[string]int{"1046911000001107": 21, "990811000001102": 14, "3212411000001108": 7}
	patchCourses, alone, long, unweaned, rising := 0, 0, 0, 0, 0
	for id, c := range courses {
		if len(c.patches) == 0 {
			continue
		}
		patchCourses++
		for _, rx := range c.patches {
			if !c.shortStarting[rx.StartDate] {
				alone++
				t.Logf("%s: patch issued on %s with no short-acting product", rx.PatientID, rx.StartDate)
				break
			}
		}
		byStart := map[models.Date]int{}
		var lastStart models.Date
		for _, rx := range c.patches {
			byStart[rx.StartDate] = strength[rx.DMDCode]
			lastStart = max(lastStart, rx.StartDate)
		}
		prev := 99
		for d := c.first; d <= lastStart; d++ {
			if mg, ok := byStart[d]; ok {
				if mg > prev {
					rising++
					t.Logf("%s (%s): patch strength rises to %d mg on %s", c.patches[0].PatientID, id, mg, d)
				}
				prev = mg
			}
		}
		if c.last-c.first+1 >= 70 {
			long++
			if byStart[lastStart] != 7 {
				unweaned++
				t.Logf("%s: patch course %s to %s ends on %d mg", c.patches[0].PatientID, c.first, c.last, byStart[lastStart])
			}
		}
	}
	t.Logf("%d NRT patch courses: %d with a patch issued alone, %d with the strength rising; %d of 10 weeks or more, %d not ending on 7 mg", patchCourses, alone, rising, long, unweaned)
	enough(t, patchCourses, 50, "NRT patch courses")
	enough(t, long, 15, "NRT patch courses of 10 weeks or more")
	if alone > 0 || rising > 0 || unweaned > 0 {
		t.Errorf("%d of %d NRT courses with a patch alone, %d with the strength rising, %d of %d long courses not weaned to 7 mg (NICE NG209)", alone, patchCourses, rising, unweaned, long)
	}
}
