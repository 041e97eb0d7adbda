// Checks for brief h58c (issue 9): blood pressure, potassium and heart
// clinics that respond to the readings (docs/clinical-model.md, "Blood
// pressure, potassium and heart clinics (h58c)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestHeartClinicsDischargeToPractice: a GP found stable CHD, stroke, AF and
// PAD seen in the hospital clinic every few months for years, the
// attendances empty (generate -n 20000 -s 83: 7,000 attendances more than
// three years after onset, none for stroke, AF or PAD recording anything).
// The clinic now discharges to the practice after clinic_discharge months
// and records blood pressure and pulse at each attendance.
func TestHeartClinicsDischargeToPractice(t *testing.T) {
	r := review5Population(t)
	months := map[string]models.Date{}
	for _, key := range []string{"chd", "stroke_tia", "atrial_fibrillation", "pad"} {
		cd := r.condPlan(t, key).ClinicDischarge
		if cd == nil {
			t.Fatalf("%s: no clinic_discharge in the catalogue", key)
		}
		months[key] = models.Date(float64(cd.Months) * avgMonthDays)
	}
	rows := r.conditionByID()
	seen, late, empty := 0, 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		c := rows[e.ReasonConditionID]
		if e.Setting != settingOutpatient || c == nil {
			continue
		}
		span, ok := months[c.ConditionKey]
		if !ok {
			continue
		}
		seen++
		// (a margin of two months: the clinic's first day is the onset
		// drawn, the row's the day the diagnosis was dated)
		if e.StartTime.Date() > c.OnsetDate+span+60 {
			late++
		}
		if len(r.obsByEnc[e.EncounterID]) == 0 {
			empty++
		}
	}
	enough(t, seen, 200, "clinic attendances for CHD, stroke, AF or PAD")
	t.Logf("%d clinic attendances for CHD, stroke, AF or PAD: %d after the clinic's follow-up, %d recording nothing", seen, late, empty)
	if late*100 > seen {
		t.Errorf("%d of %d clinic attendances for CHD, stroke, AF or PAD came after the clinic discharged the person (want 1%% or fewer: followed up by the practice's register reviews)", late, seen)
	}
	if empty*100 > seen*5 {
		t.Errorf("%d of %d clinic attendances for CHD, stroke, AF or PAD recorded nothing (want 5%% or fewer: blood pressure and pulse at least)", empty, seen)
	}
}

// TestStageTwoBloodPressureOnTreatmentIsActedOn: a GP found hypertension
// reviews on treatment reading 160 or more followed by nothing (generate -n
// 20000 -s 83: 373 such reviews on fewer than four drugs with no new drug
// or dose within 90 days, no change in the 90 days before, no monitoring,
// no clinic and no decline in the year, of 714; 96 of 584 after). The first such reading now steps
// treatment up or codes the person's decline (catalogue hypertension
// care_target high, at_once).
func TestStageTwoBloodPressureOnTreatmentIsActedOn(t *testing.T) {
	r := review5Population(t)
	drugs := r.lineDrugs(t, "hypertension")
	sbp := r.snomed("systolic_bp")
	rows := r.conditionByID()
	judged, unanswered := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		c := rows[e.ReasonConditionID]
		if e.Setting != settingGP || c == nil || c.ConditionKey != "hypertension" || r.has(e.PatientID, "palliative_care") != nil {
			continue
		}
		if e.TypeDisplay != "Follow-up encounter" && e.TypeDisplay != "Encounter for check up" {
			continue // a contact about it, not a review that decides treatment
		}
		v, ok := r.valueAt(e.EncounterID, sbp)
		if !ok || v < 160 {
			continue
		}
		id, d := e.PatientID, e.StartTime.Date()
		running, changedBefore, changedAfter := map[string]bool{}, false, false
		for _, rx := range r.rxOf[id] {
			if !drugs[medKey(rx)] {
				continue
			}
			if rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) {
				running[medKey(rx)] = true
			}
			if rx.StartDate >= d-90 && rx.StartDate <= d+90 && !r.productRunning(id, rx, drugs) {
				if rx.StartDate < d {
					changedBefore = true
				} else {
					changedAfter = true
				}
			}
		}
		if len(running) == 0 || len(running) >= 4 || changedBefore {
			continue // untreated, on the last step (the specialist's plan), or changed lately
		}
		judged++
		if !changedAfter && !r.htnDeclinedBetween(id, d-365, d+90) && !r.outpatientFor(id, "hypertension", d, d+120) {
			unanswered++
		}
	}
	enough(t, judged, 150, "hypertension reviews on treatment reading 160 or more")
	t.Logf("%d of %d hypertension reviews on one to three drugs reading 160 or more: no step up, clinic or coded decline", unanswered, judged)
	if unanswered*100 > judged*25 {
		t.Errorf("%d of %d hypertension reviews on one to three drugs reading 160 or more had no step up, clinic or decline (want 25%% or fewer, against 52%% before: NICE NG136 1.4.13-1.4.16)", unanswered, judged)
	}
}

// productRunning reports whether the product (and so the dose) of rx was
// issued to the patient in the 30 days before rx starts: a repeat, not a
// new drug or dose.
func (r *realism) productRunning(id string, rx *models.Prescription, set map[string]bool) bool {
	for _, o := range r.rxOf[id] {
		if o != rx && o.DMDCode == rx.DMDCode && o.StartDate < rx.StartDate && (o.EndDate == models.NoDate || o.EndDate >= rx.StartDate-30) {
			return true
		}
	}
	return false
}

// outpatientFor reports whether the patient attended an outpatient clinic
// about a condition of key between from and to.
func (r *realism) outpatientFor(id, key string, from, to models.Date) bool {
	for _, c := range r.condsOf[id] {
		if c.ConditionKey != key {
			continue
		}
		for i := range r.b.Encounters {
			e := &r.b.Encounters[i]
			if e.PatientID == id && e.ReasonConditionID == c.ConditionID && e.Setting == settingOutpatient && e.StartTime.Date() >= from && e.StartTime.Date() <= to {
				return true
			}
		}
	}
	return false
}
