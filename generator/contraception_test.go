// Checks for hormonal contraception (docs/clinical-model.md, "Cervical
// screening and contraception (eighth review)").
package generator

import (
	"fmt"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// latestBefore is the latest value of the code recorded for the patient on
// or before day, within days before it.
func (r *realism) latestBefore(patient, snomed string, day models.Date, within int) (float64, bool) {
	var at models.Timestamp
	v, ok := 0.0, false
	for _, o := range r.obsOf[patient] {
		d := o.EffectiveTime.Date()
		if o.SnomedCode == snomed && o.Value != nil && d <= day && int(day-d) <= within && (!ok || o.EffectiveTime >= at) {
			v, at, ok = *o.Value, o.EffectiveTime, true
		}
	}
	return v, ok
}

// ruledOut says why the prescribing rules forbid the issue (a hormone
// course's: contraception or HRT), "" when they allow it: over its
// product's age limits (regimens.csv), running while a condition that
// rules it out is on the problem list, or one of prescribing.yaml's
// contraception_eligibility criteria of its classes (a latest reading at or
// above the limit, a current smoker from an age, a cancer of the site).
func (r *realism) ruledOut(rules *datasets.Prescribing, id string, rx *models.Prescription) string {
	pt, key := r.patients[id], medKey(rx)
	smoker, _ := datasets.ObservationByKey("smoker")
	age := models.YearsBetween(pt.BirthDate, rx.StartDate)
	reg, _ := datasets.RegimenByDMD(rx.DMDCode)
	if age > reg.MaxAge || age < reg.MinAge {
		return fmt.Sprintf("%s issued at %d (limits %d-%d)", rx.Medication, age, reg.MinAge, reg.MaxAge)
	}
	end := rx.EndDate
	if end == models.NoDate {
		end = r.p.Opts.AsOf
	}
	for _, c := range rules.Contraindications {
		if c.Condition == "" || !c.AppliesTo(key) {
			continue
		}
		if h := r.has(id, c.Condition); h != nil && h.OnsetDate <= end {
			return fmt.Sprintf("%s running %s to %s with %s from %s", rx.Medication, rx.StartDate, end, c.Condition, h.OnsetDate)
		}
	}
	for _, e := range rules.ContraceptionEligibility {
		if !datasets.InClass(key, e.Class) {
			continue
		}
		switch {
		case e.Observation != "":
			code, _ := datasets.ObservationByKey(e.Observation)
			if v, ok := r.latestBefore(id, code.Snomed, rx.StartDate, e.WithinDays); ok && v >= e.AtLeast {
				return fmt.Sprintf("%s issued on %s with latest %s %.1f (limit %.0f)", rx.Medication, rx.StartDate, e.Observation, v, e.AtLeast)
			}
		case e.SmokerFromAge > 0 && age >= e.SmokerFromAge:
			for _, o := range r.obsOf[id] {
				if o.EffectiveTime.Date() == rx.StartDate && o.ValueCode == smoker.Snomed {
					return fmt.Sprintf("%s issued at %d to a current smoker", rx.Medication, age)
				}
			}
		case e.CancerSite != "":
			for _, c := range r.condsOf[id] {
				if c.ConditionKey == "cancer" && c.OnsetDate <= end && c.Description == "Malignant neoplasm of breast" {
					return fmt.Sprintf("%s running with breast cancer", rx.Medication)
				}
			}
		}
	}
	return ""
}

// TestNoCombinedPillWhereUKMECRulesItOut: no combined hormonal
// contraceptive is issued where prescribing.yaml's UKMEC criteria rule it
// out: over its age limit (regimens.csv), with a latest BMI or blood
// pressure at or above the limit, to a current smoker from 35 (the
// generator's smoking history, read from the recorded status), or running
// while a condition that rules it out (ischaemic heart disease, stroke,
// hypertension) or breast cancer is on the problem list. Before this
// branch nobody had contraception.
func TestNoCombinedPillWhereUKMECRulesItOut(t *testing.T) {
	r := pathwayPopulation(t)
	rules, err := datasets.LoadPrescribing()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			if !datasets.InClass(medKey(rx), "combined_hormonal_contraceptive") {
				continue
			}
			checked++
			if why := r.ruledOut(rules, id, rx); why != "" {
				t.Fatalf("patient %s: %s", id, why)
			}
		}
	}
	enough(t, checked, 300, "combined pill issues")
}

// notAtItsVisit says why a hormone course's issue was not issued at a
// visit about its problem (indication key) recording each of its checks,
// "" when it was.
func (r *realism) notAtItsVisit(rx *models.Prescription, indication string, checks []datasets.ObservationCode) string {
	e := r.encs[rx.EncounterID]
	if e == nil || e.ReasonConditionID != rx.ConditionID || r.keyOfCondition(rx.PatientID, rx.ConditionID) != indication {
		return fmt.Sprintf("%s issued on %s not at a visit about %s", rx.Medication, rx.StartDate, indication)
	}
	for _, want := range checks {
		found := false
		for _, o := range r.obsByEnc[rx.EncounterID] {
			same := (want.Snomed != "" && o.SnomedCode == want.Snomed) || (want.Snomed == "" && o.LoincCode == want.Loinc)
			found = found || (same && (o.Value != nil || o.ValueCode != ""))
		}
		if !found {
			return fmt.Sprintf("%s issued on %s with no %s recorded at the visit", rx.Medication, rx.StartDate, want.Term)
		}
	}
	return ""
}

// checksOf is the observation codes each method of a hormone course
// records at the visit that issues it.
func checksOf(methods []datasets.ContraceptiveMethod) map[string][]datasets.ObservationCode {
	out := map[string][]datasets.ObservationCode{}
	for _, m := range methods {
		for _, k := range m.Checks {
			code, _ := datasets.ObservationByKey(k)
			out[m.Medicine] = append(out[m.Medicine], code)
		}
	}
	return out
}

// TestPillChecksRecordBloodPressure: every pill issued is issued at a
// visit that records the method's checks (contraception.yaml): blood
// pressure, BMI and smoking status before the combined pill, blood pressure before the
// progestogen-only pill; the visit is about contraception; no hormonal
// contraception from 55.
func TestPillChecksRecordBloodPressure(t *testing.T) {
	r := pathwayPopulation(t)
	c, err := datasets.ContraceptionModel()
	if err != nil {
		t.Fatal(err)
	}
	checks := checksOf(c.Methods)
	keys := r.conditionKeys()
	issues := 0
	for id, rxs := range r.rxOf {
		pt := r.patients[id]
		for _, rx := range rxs {
			key := medKey(rx)
			if !datasets.InClass(key, "hormonal_contraceptive") || keys[rx.ConditionID] == "menorrhagia" {
				continue // (the intrauterine system fitted for heavy periods: brief h54f)
			}
			if age := models.YearsBetween(pt.BirthDate, rx.StartDate); age >= 55 {
				t.Fatalf("patient %s: %s issued at %d", id, rx.Medication, age)
			}
			if why := r.notAtItsVisit(rx, c.Indication.Key, checks[key]); why != "" {
				t.Fatalf("patient %s: %s", id, why)
			}
			if len(checks[key]) > 0 {
				issues++
			}
		}
	}
	enough(t, issues, 500, "pill issues")
}

// pregnantBetween reports whether the patient has a pregnancy coded after
// day from and before day to (session 50: the pill stops for it).
func (r *realism) pregnantBetween(id string, from, to models.Date) bool {
	for _, c := range r.condsOf[id] {
		if c.ConditionKey == "pregnancy" && c.OnsetDate > from && c.OnsetDate < to {
			return true
		}
	}
	return false
}

// TestCombinedPillSwitchedWhenRuledOut: a woman on the combined pill whose
// episode goes on past the day it is ruled out (her 50th birthday, a
// condition, a reading, smoking at 35) continues on the progestogen-only
// pill, with no combined pill after it.
func TestCombinedPillSwitchedWhenRuledOut(t *testing.T) {
	r := pathwayPopulation(t)
	c, _ := datasets.ContraceptionModel()
	switched := 0
	for id, rxs := range r.rxOf {
		lastCHC, firstAfter, chcEnd := models.NoDate, models.NoDate, models.NoDate
		for _, rx := range rxs {
			if datasets.InClass(medKey(rx), "combined_hormonal_contraceptive") && rx.StartDate > lastCHC {
				lastCHC, chcEnd = rx.StartDate, rx.EndDate
			}
		}
		if lastCHC == models.NoDate {
			continue
		}
		for _, rx := range rxs {
			if medKey(rx) == c.SwitchTo && rx.StartDate > lastCHC && (firstAfter == models.NoDate || rx.StartDate < firstAfter) {
				firstAfter = rx.StartDate
			}
		}
		if firstAfter == models.NoDate || r.pregnantBetween(id, chcEnd, firstAfter) {
			continue // (the pill stopped for a pregnancy: its restart after the birth is checked anew)
		}
		switched++
		// switched at the visit that finds it: no weeks without cover
		if chcEnd == models.NoDate || firstAfter <= chcEnd || firstAfter-chcEnd > 14 {
			t.Fatalf("patient %s: combined pill to %s, then %s from %s", id, chcEnd, c.SwitchTo, firstAfter)
		}
	}
	enough(t, switched, 10, "women switched from the combined to the progestogen-only pill")
}
