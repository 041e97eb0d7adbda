// Checks for brief h74e: a GP review found too few antenatal appointments
// (the booking and five midwife contacts at most) and sequential or
// continuous combined HRT issued beside a levonorgestrel intrauterine
// system.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestAntenatalAppointmentsFollowNG201: NICE NG201's schedule is 10
// appointments for a first baby (booking, 16, 25, 28, 31, 34, 36, 38, 40,
// 41 weeks) and 7 otherwise (booking, 16, 28, 34, 36, 38, 41), each with a
// blood pressure and a urine test for protein. Before, a delivery had at
// most 6 contacts from the schedule (1,636 of 1,715 deliveries under 7,
// generate -n 20000 -s 83; 7 or more only where raised blood pressure added
// day-unit checks). Deliveries whose booking is in the record: a share with
// 7 contacts or more (the first babies; a birth before 38 or 41 weeks has
// fewer), a quarter with the 25-week appointment of a first baby, and every
// contact has its blood pressure
// (the gestational diabetes clinic's visits, also typed antenatal care, are
// not counted).
func TestAntenatalAppointmentsFollowNG201(t *testing.T) {
	r := pathwayPopulation(t)
	sys, _ := datasets.ObservationByKey("systolic_bp")
	const booking, anc, delivery = "169711001", "424525001", "236973005"
	keys := r.conditionKeys()
	contacts := map[string][]*models.Encounter{}
	var deliveries []*models.Encounter
	for i := range r.b.Encounters {
		switch e := &r.b.Encounters[i]; e.TypeCode {
		case booking, anc:
			if keys[e.ReasonConditionID] == "pregnancy" { // not the gestational diabetes clinic's (pregnancygdm.go)
				contacts[e.PatientID] = append(contacts[e.PatientID], e)
			}
		case delivery:
			deliveries = append(deliveries, e)
		}
	}
	seen, seven, week25, noBP := 0, 0, 0, 0
	for _, dl := range deliveries {
		end := dl.StartTime.Date()
		var booked models.Date
		n := 0
		for _, e := range contacts[dl.PatientID] {
			if d := e.StartTime.Date(); d < end && d > end-300 {
				n++
				if e.TypeCode == booking {
					booked = d
				}
				hasBP := false
				for _, o := range r.obsByEnc[e.EncounterID] {
					hasBP = hasBP || o.SnomedCode == sys.Snomed
				}
				if !hasBP {
					noBP++
				}
			}
		}
		if booked == 0 {
			continue
		}
		seen++
		if n >= 7 {
			seven++
		}
		for _, e := range contacts[dl.PatientID] {
			// the 25-week appointment of a first baby: 105-125 days after a
			// booking at 8-10 weeks, between the 16- and 28-week ones
			if d := e.StartTime.Date(); d < end && d >= booked+105 && d <= booked+125 {
				week25++
				break
			}
		}
	}
	t.Logf("%d deliveries booked in the record: %d with 7 or more antenatal contacts, %d with a 25-week appointment; %d contacts without a blood pressure", seen, seven, week25, noBP)
	enough(t, seen, 100, "deliveries booked in the record")
	if seven*100 < seen*25 {
		t.Errorf("%d of %d deliveries with 7 or more antenatal contacts (want a quarter or more: NICE NG201, 10 for a first baby, 7 otherwise)", seven, seen)
	}
	if week25*100 < seen*25 {
		t.Errorf("%d of %d deliveries with a 25-week appointment (want a quarter or more: first babies, 42%% of births or more; NICE NG201)", week25, seen)
	}
	if noBP > 0 {
		t.Errorf("%d antenatal contacts without a blood pressure (NICE NG201: at every appointment)", noBP)
	}
}

// TestHRTBesideLNGIUSIsOestrogenOnly: with a levonorgestrel intrauterine
// system giving the progestogen, HRT is oestrogen alone (NICE NG23, BMS);
// oestrogen alone without it, in a woman with a uterus, is never given.
// Before, 229 issues of sequential or continuous combined HRT in 60 women
// began while an LNG-IUS issue ran (generate -n 20000 -s 83), and the model
// had no oestrogen-only product.
func TestHRTBesideLNGIUSIsOestrogenOnly(t *testing.T) {
	r := pathwayPopulation(t)
	hrt := map[string]bool{}
	for _, k := range []string{"estradiol_norethisterone_oral", "estradiol_norethisterone_transdermal",
		"estradiol_norethisterone_sequential_oral", "estradiol_norethisterone_sequential_transdermal"} {
		hrt[k] = true
	}
	alone := map[string]bool{"estradiol_oral": true, "estradiol_transdermal": true}
	deviceIn := func(pid string, d models.Date) bool {
		for _, rx := range r.rxOf[pid] {
			if medKey(rx) == "levonorgestrel" && rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
				return true
			}
		}
		return false
	}
	beside, combined, unopposed := 0, 0, 0
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		k := medKey(rx)
		if !hrt[k] && !alone[k] {
			continue
		}
		in := deviceIn(rx.PatientID, rx.StartDate)
		switch {
		case in && hrt[k]:
			combined++
			t.Logf("%s: %s issued on %s beside an LNG-IUS", rx.PatientID, rx.Medication, rx.StartDate)
		case in:
			beside++
		case alone[k]:
			unopposed++
			t.Logf("%s: %s issued on %s with no LNG-IUS", rx.PatientID, rx.Medication, rx.StartDate)
		}
	}
	t.Logf("HRT issues beside an LNG-IUS: %d oestrogen-only, %d with a progestogen; %d oestrogen-only with none", beside, combined, unopposed)
	enough(t, beside+combined, 10, "HRT issues beside an LNG-IUS")
	if combined > 0 || unopposed > 0 {
		t.Errorf("%d HRT issues with a progestogen beside an LNG-IUS, %d oestrogen-only with none (NICE NG23, BMS)", combined, unopposed)
	}
}
