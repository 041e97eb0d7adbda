// Checks for brief h75g: the antenatal appointments of the last week before
// the birth, and the antenatal diabetes clinic's blood pressure.
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestAntenatalLastWeekAndDiabetesClinic: NICE NG201's appointments are held
// while she is pregnant, up to the birth, each with a blood pressure, and the
// antenatal diabetes clinic is an antenatal appointment too. Before, an
// appointment was kept only when the pregnancy went on a week past it, so
// 50 of 1,715 deliveries had a midwife's contact in the 7 days before the
// birth (those of a raised pressure's checks) and 559 had 4 or fewer after
// the booking; and none of the 37 diabetes clinic attendances recorded a
// blood pressure (generate -n 20000 -s 83). Births are at 37-41 weeks, so a
// fair share of deliveries (a fifth or more) has one in the last week.
func TestAntenatalLastWeekAndDiabetesClinic(t *testing.T) {
	r := pathwayPopulation(t)
	sys, _ := datasets.ObservationByKey("systolic_bp")
	const anc, delivery = "424525001", "236973005"
	keys := r.conditionKeys()
	var deliveries []*models.Encounter
	contacts := map[string][]models.Date{}
	clinics, clinicNoBP := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		switch {
		case e.TypeCode == delivery:
			deliveries = append(deliveries, e)
		case e.TypeCode == anc && keys[e.ReasonConditionID] == "pregnancy":
			contacts[e.PatientID] = append(contacts[e.PatientID], e.StartTime.Date())
		case e.TypeCode == anc && keys[e.ReasonConditionID] == "gestational_diabetes":
			clinics++
			hasBP := false
			for _, o := range r.obsByEnc[e.EncounterID] {
				hasBP = hasBP || o.SnomedCode == sys.Snomed
			}
			if !hasBP {
				clinicNoBP++
			}
		}
	}
	lastWeek := 0
	for _, dl := range deliveries {
		end := dl.StartTime.Date()
		for _, d := range contacts[dl.PatientID] {
			if d < end && d >= end-7 {
				lastWeek++
				break
			}
		}
	}
	t.Logf("%d deliveries, %d with an antenatal contact in the 7 days before the birth; %d diabetes clinic attendances, %d without a blood pressure", len(deliveries), lastWeek, clinics, clinicNoBP)
	enough(t, len(deliveries), 100, "deliveries")
	enough(t, clinics, 3, "antenatal diabetes clinic attendances")
	if lastWeek*5 < len(deliveries) {
		t.Errorf("%d of %d deliveries with an antenatal contact in the 7 days before the birth (want a fifth or more: NICE NG201's 38, 40 and 41 weeks up to the birth)", lastWeek, len(deliveries))
	}
	if clinicNoBP > 0 {
		t.Errorf("%d of %d antenatal diabetes clinic attendances without a blood pressure (NICE NG201: at every appointment)", clinicNoBP, clinics)
	}
}
