package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// h56g (issue 9): QOF SMOK002 asks for the smoking status of people with
// CHD, PAD, stroke/TIA, hypertension, diabetes, COPD, CKD, asthma or SMI
// each year. The reviews of diabetes, hypertension, stroke/TIA, CKD and
// asthma did not record it: 2,764 of 4,476 such people of 15 and over had
// none in the last 12 months (generate -n 20000 -s 83). A child's review
// does not ask.
func TestSmokingStatusOnQOFRegisters(t *testing.T) {
	r := review5Population(t)
	end := r.p.Opts.Population()
	registers := map[string]bool{"chd": true, "pad": true, "stroke_tia": true, "hypertension": true, "type2_diabetes": true,
		"type1_diabetes": true, "copd": true, "ckd": true, "asthma": true, "smi": true}
	code, ok := datasets.ObservationByKey("smoking_status")
	if !ok || code.Loinc == "" {
		t.Fatal("observation_codes.csv: no smoking_status LOINC question")
	}
	status := code.Loinc
	counted, missing, children := 0, 0, 0
	for id, p := range r.patients {
		for _, o := range r.obsOf[id] {
			if o.LoincCode == status && ageOn(p, o.EffectiveTime.Date()) < 15 {
				children++
			}
		}
		if p.DeathDate != models.NoDate || ageOn(p, end) < 15 {
			continue
		}
		held := false
		for _, c := range r.condsOf[id] {
			if registers[c.ConditionKey] && c.ResolvedDate == models.NoDate && c.OnsetDate <= end {
				held = true
			}
		}
		if !held {
			continue
		}
		counted++
		recent := false
		for _, o := range r.obsOf[id] {
			if d := o.EffectiveTime.Date(); o.LoincCode == status && d > end-365 && d <= end {
				recent = true
			}
		}
		if !recent {
			missing++
		}
	}
	if counted < 1000 || float64(missing) > 0.05*float64(counted) {
		t.Errorf("%d of %d people of 15+ on a QOF smoking register with no smoking status in 12 months, want 5%% or less of 1,000 or more", missing, counted)
	}
	if children > 0 {
		t.Errorf("%d smoking statuses recorded under 15, want none", children)
	}
}
