package scenario

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// stateViolations checks the medicine count, the CKD stage and insulin
// treatment against the record's rows, on the patient's last day. has and
// onDrug are Violations' readings of the conditions and medicines.
func (c *Constraints) stateViolations(r *Record, last models.Date, has, onDrug func(string) bool) []string {
	var out []string
	if c.MinRepeatMedicines > 0 {
		if n := RepeatMedicinesOn(r, last); n < c.MinRepeatMedicines {
			out = append(out, fmt.Sprintf("on %d repeat medicines, want at least %d", n, c.MinRepeatMedicines))
		}
	}
	ref, err := loadReference()
	if err != nil {
		return append(out, err.Error())
	}
	if len(c.CKDStages) > 0 {
		stage := ""
		for _, st := range CKDStages(ref.cat) {
			for _, cond := range r.Conditions {
				if cond.ConditionKey == CKDCondition && cond.SnomedCode == st.Snomed && cond.OnsetDate <= last && (cond.ResolvedDate == models.NoDate || cond.ResolvedDate > last) {
					stage = st.Label
				}
			}
		}
		if !slices.Contains(c.CKDStages, stage) {
			out = append(out, fmt.Sprintf("coded CKD stage %q, want one of %v", stage, c.CKDStages))
		}
	}
	if c.InsulinTreated {
		diabetes, insulin := false, false
		for _, cond := range ref.cat.Conditions {
			diabetes = diabetes || (cond.Register == DiabetesRegister && has(cond.Key))
		}
		for key := range ref.meds {
			insulin = insulin || (datasets.InClass(key, InsulinClass) && onDrug(key))
		}
		if !diabetes || !insulin {
			out = append(out, fmt.Sprintf("diabetes %v, on insulin %v: want both", diabetes, insulin))
		}
	}
	return out
}

// DiabetesRegister is the QOF register (catalogue register) whose
// conditions insulin_treated counts as diabetes.
const DiabetesRegister = "DM"

// RepeatMedicinesOn counts the different medicines a record has current on
// day last for a long-term condition: a prescription whose indication is a
// chronic condition row, running on that day.
func RepeatMedicinesOn(r *Record, last models.Date) int {
	chronic := map[string]bool{}
	for _, cond := range r.Conditions {
		if cond.Chronic {
			chronic[cond.ConditionID] = true
		}
	}
	meds := map[string]bool{}
	for _, x := range r.Prescriptions {
		if !chronic[x.ConditionID] || x.StartDate > last || (x.EndDate != models.NoDate && x.EndDate < last) {
			continue
		}
		if g, ok := datasets.RegimenByDMD(x.DMDCode); ok {
			meds[g.Medicine] = true
		}
	}
	return len(meds)
}
