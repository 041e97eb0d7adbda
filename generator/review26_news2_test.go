// Checks that the sepsis readings of the twenty-sixth review are coherent:
// the NEWS2 total is the sum of its parameters' bands, a child's rates are
// past the guideline's thresholds for the age, and a person dying of sepsis
// reads sicker (docs/clinical-model.md, twenty-sixth review).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// sepsisReadings is the catalogue's sepsis vitals and the test
// population's sepsis contacts.
func sepsisReadings(t *testing.T) (*datasets.SepsisVitals, []sepsisContact) {
	r := pathwayPopulation(t)
	if r.p.Cat.SepsisVitals == nil {
		t.Fatal("catalogue has no sepsis_vitals")
	}
	return r.p.Cat.SepsisVitals, sepsisContacts(r)
}

// TestNEWS2IsTheSumOfItsBands: every NEWS2 total at a sepsis contact is the
// sum of the catalogue's RCP bands of the readings recorded with it, and of
// the scores of a new confusion and supplemental oxygen coded with it
// (twenty-seventh review; on main there is no NEWS2 at all: 0 of the 1,169
// adults' A&E attendances for sepsis on generate -n 20000 -s 5), and at
// least 100 are checked.
func TestNEWS2IsTheSumOfItsBands(t *testing.T) {
	sv, xs := sepsisReadings(t)
	checked, wrong := 0, 0
	for _, x := range xs {
		total, ok := x.read[news2Code]
		if !ok {
			continue
		}
		sum := 0
		for _, rd := range sv.Readings {
			code, _ := datasets.ObservationByKey(rd.Observation)
			sum += datasets.BandScore(rd.Bands, x.read[code.Snomed])
		}
		sum += news2Findings(sv, x)
		checked++
		if int(total) != sum {
			wrong++
			if wrong <= 10 {
				t.Errorf("%s %s: NEWS2 %g, its parameters' bands sum to %d (%v)", x.e.PatientID, x.e.StartTime.Date(), total, sum, x.read)
			}
		}
	}
	t.Logf("%d NEWS2 totals checked, %d not the sum of their bands", checked, wrong)
	if checked < 100 || wrong > 0 {
		t.Errorf("%d of %d NEWS2 totals wrong (want none, of at least 100)", wrong, checked)
	}
}

// TestChildSepsisReadingsPastThresholds: a child with sepsis has a heart
// rate and a respiratory rate at least the catalogue's NG143/NG51
// threshold for the age, and a temperature of 38 or more or below 36.
func TestChildSepsisReadingsPastThresholds(t *testing.T) {
	sv, xs := sepsisReadings(t)
	children, wrong := 0, 0
	for _, x := range xs {
		if x.age >= 16 {
			continue
		}
		children++
		bad := false
		for i := range sv.Readings {
			rd := &sv.Readings[i]
			code, _ := datasets.ObservationByKey(rd.Observation)
			v, ok := x.read[code.Snomed]
			least, has := rd.ChildLeast(x.age)
			switch {
			case !has:
			case !ok:
				bad = true
			case rd.Low > 0: // a temperature: febrile or low
				bad = bad || (v < least && v >= rd.LowBelow)
			default:
				bad = bad || v < least
			}
		}
		if bad {
			wrong++
			if wrong <= 10 {
				t.Errorf("%s %s: child of %d with sepsis reads %v", x.e.PatientID, x.e.StartTime.Date(), x.age, x.read)
			}
		}
	}
	t.Logf("%d of %d children's sepsis contacts not past the thresholds", wrong, children)
	if children < 30 || wrong > 0 {
		t.Errorf("%d of %d children's sepsis contacts not past the thresholds (want none, of at least 30)", wrong, children)
	}
}

// TestDyingOfSepsisReadsSicker: the readings agree with the outcome (a
// model choice): the median NEWS2 of adults who die of sepsis is at least 3
// points above that of those who survive it.
func TestDyingOfSepsisReadsSicker(t *testing.T) {
	var dying, surviving []float64
	for _, x := range sepsisContacts(pathwayPopulation(t)) {
		v, ok := x.read[news2Code]
		if !ok {
			continue
		}
		if x.c.ConditionKey == "cause_sepsis" {
			dying = append(dying, v)
		} else {
			surviving = append(surviving, v)
		}
	}
	if len(dying) < 10 || len(surviving) < 100 {
		t.Fatalf("%d NEWS2 totals of people dying of sepsis and %d of survivors: too few (want 10 and 100)", len(dying), len(surviving))
	}
	d, s := medianOf(dying), medianOf(surviving)
	t.Logf("NEWS2 median %.0f dying of sepsis, %.0f surviving", d, s)
	if d < s+3 {
		t.Errorf("NEWS2 median %.0f dying of sepsis, %.0f surviving (want at least 3 higher)", d, s)
	}
}
