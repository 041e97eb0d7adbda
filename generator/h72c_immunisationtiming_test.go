package generator

import (
	"testing"
	"time"

	"github.com/code4health/cohortgen/models"
)

// h72c: a GP review found adolescent school vaccines (HPV, Td/IPV, MenACWY)
// given in August, when schools are closed (648 of 8,392 at generate -n
// 20000 -s 83; 919 from 23 July to 3 September), and Shingrix second doses
// under 8 weeks after the first (3 of 283). The school-aged immunisation
// service vaccinates at sessions schools host (UKHSA adolescent programme
// briefing for secondary schools, verified): none in the summer holiday
// (immunisations.yaml school_holiday). Green Book chapter 28a: Shingrix's
// second dose 8 weeks to 6 months after the first.

// TestNoSchoolDoseInSummerHoliday: no dose of the school programme falls
// from 23 July to 3 September. At least 500 school doses must be read.
func TestNoSchoolDoseInSummerHoliday(t *testing.T) {
	r := pathwayPopulation(t)
	n, holiday := 0, 0
	for i := range r.b.Immunisations {
		im := &r.b.Immunisations[i]
		if im.Programme != progSchool {
			continue
		}
		n++
		y, _, _ := im.OccurrenceTime.Date().YMD()
		if d := im.OccurrenceTime.Date(); d >= models.DateFromYMD(y, time.July, 23) && d < models.DateFromYMD(y, time.September, 4) {
			holiday++
			if holiday <= 5 {
				t.Logf("%s: %s dose %d on %s", im.PatientID, im.VaccineKey, im.DoseNumber, d)
			}
		}
	}
	t.Logf("school doses %d, in the summer holiday %d", n, holiday)
	if n < 500 {
		t.Fatalf("only %d school doses: too few to judge", n)
	}
	if holiday > 0 {
		t.Errorf("%d of %d school doses given in the summer holiday", holiday, n)
	}
}

// TestShingrixSecondDoseInterval: every second Shingrix dose comes 56 days
// or more after the patient's first. At least 20 pairs must be read.
func TestShingrixSecondDoseInterval(t *testing.T) {
	r := pathwayPopulation(t)
	first := map[string]models.Date{}
	second := map[string]models.Date{}
	for i := range r.b.Immunisations {
		im := &r.b.Immunisations[i]
		if im.VaccineKey != "shingles_recombinant" {
			continue
		}
		switch im.DoseNumber {
		case 1:
			first[im.PatientID] = im.OccurrenceTime.Date()
		case 2:
			second[im.PatientID] = im.OccurrenceTime.Date()
		}
	}
	pairs, short := 0, 0
	for p, d2 := range second {
		d1, ok := first[p]
		if !ok {
			continue
		}
		pairs++
		if d2-d1 < 56 {
			short++
			t.Logf("%s: Shingrix first %s, second %s (%d days)", p, d1, d2, d2-d1)
		}
	}
	t.Logf("Shingrix pairs %d, second under 8 weeks %d", pairs, short)
	if pairs < 20 {
		t.Fatalf("only %d Shingrix pairs: too few to judge", pairs)
	}
	if short > 0 {
		t.Errorf("%d of %d Shingrix second doses under 8 weeks after the first", short, pairs)
	}
}
