// Checks for hormonal contraception (docs/clinical-model.md, "Cervical
// screening and contraception (eighth review)").
package generator

import (
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
	smoker, _ := datasets.ObservationByKey("smoker")
	checked := 0
	for id, rxs := range r.rxOf {
		pt := r.patients[id]
		for _, rx := range rxs {
			key := medKey(rx)
			if !datasets.InClass(key, "combined_hormonal_contraceptive") {
				continue
			}
			checked++
			age := models.YearsBetween(pt.BirthDate, rx.StartDate)
			reg, _ := datasets.RegimenByDMD(rx.DMDCode)
			if age > reg.MaxAge {
				t.Fatalf("patient %s: %s issued at %d (limit %d)", id, rx.Medication, age, reg.MaxAge)
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
					t.Fatalf("patient %s: %s running %s to %s with %s from %s", id, rx.Medication, rx.StartDate, end, c.Condition, h.OnsetDate)
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
						t.Fatalf("patient %s: %s issued on %s with latest %s %.1f (limit %.0f)", id, rx.Medication, rx.StartDate, e.Observation, v, e.AtLeast)
					}
				case e.SmokerFromAge > 0 && age >= e.SmokerFromAge:
					for _, o := range r.obsOf[id] {
						if o.EffectiveTime.Date() == rx.StartDate && o.ValueCode == smoker.Snomed {
							t.Fatalf("patient %s: %s issued at %d to a current smoker", id, rx.Medication, age)
						}
					}
				case e.CancerSite != "":
					for _, c := range r.condsOf[id] {
						if c.ConditionKey == "cancer" && c.OnsetDate <= end && c.Description == "Malignant neoplasm of breast" {
							t.Fatalf("patient %s: %s running with breast cancer", id, rx.Medication)
						}
					}
				}
			}
		}
	}
	enough(t, checked, 300, "combined pill issues")
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
	checksOf := map[string][]datasets.ObservationCode{}
	for _, m := range c.Methods {
		for _, k := range m.Checks {
			code, _ := datasets.ObservationByKey(k)
			checksOf[m.Medicine] = append(checksOf[m.Medicine], code)
		}
	}
	issues := 0
	for id, rxs := range r.rxOf {
		pt := r.patients[id]
		for _, rx := range rxs {
			key := medKey(rx)
			if !datasets.InClass(key, "hormonal_contraceptive") {
				continue
			}
			if age := models.YearsBetween(pt.BirthDate, rx.StartDate); age >= 55 {
				t.Fatalf("patient %s: %s issued at %d", id, rx.Medication, age)
			}
			e := r.encs[rx.EncounterID]
			if e == nil || e.ReasonConditionID != rx.ConditionID || r.keyOfCondition(id, rx.ConditionID) != c.Indication.Key {
				t.Fatalf("patient %s: %s issued on %s not at a contraception visit", id, rx.Medication, rx.StartDate)
			}
			for _, want := range checksOf[key] {
				found := false
				for _, o := range r.obsByEnc[rx.EncounterID] {
					same := (want.Snomed != "" && o.SnomedCode == want.Snomed) || (want.Snomed == "" && o.LoincCode == want.Loinc)
					found = found || (same && (o.Value != nil || o.ValueCode != ""))
				}
				if !found {
					t.Fatalf("patient %s: %s issued on %s with no %s recorded at the visit", id, rx.Medication, rx.StartDate, want.Term)
				}
			}
			if len(checksOf[key]) > 0 {
				issues++
			}
		}
	}
	enough(t, issues, 500, "pill issues")
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
		if firstAfter == models.NoDate {
			continue
		}
		switched++
		// switched at the visit that finds it: no weeks without cover
		if chcEnd == models.NoDate || firstAfter <= chcEnd || firstAfter-chcEnd > 14 {
			t.Fatalf("patient %s: combined pill to %s, then %s from %s", id, chcEnd, c.SwitchTo, firstAfter)
		}
	}
	enough(t, switched, 10, "women switched from the combined to the progestogen-only pill")
}
