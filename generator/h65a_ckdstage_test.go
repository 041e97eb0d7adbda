// Checks for brief h65a: a CKD stage coded from a run of low eGFRs that
// later readings on the healthy side had already ended.
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// TestCKDStageChangeReadsItsOwnEGFR: a woman's eGFR read 31-46 at her gout
// reviews years before her CKD was diagnosed at 59; her next eGFR, 63,
// recoded it stage 3b (generate -n 20000 -s 11 on fxa's tree; the
// diagnosing-reading test saw "ckd diagnosed at egfr 63"): the sustained
// rule took two results below 45 at least 90 days apart from anywhere in
// the record. NICE NG203 1.1.1 (KDIGO 2012) asks for a category present for
// more than 3 months, which results on the healthy side interrupt
// (belowSpans, renalreferral.go). A stage advances on two readings in it
// or a run of them, the last being the day's own, so the eGFR read at the
// appointment that codes a new stage is in that stage or a more severe one.
func TestCKDStageChangeReadsItsOwnEGFR(t *testing.T) {
	r := review5Population(t)
	egfr := r.snomed("egfr")
	stages := r.p.conds[r.p.condIndex["ckd"]].stages
	changes, past := 0, 0
	for id, conds := range r.condsOf {
		for _, c := range conds {
			if c.ConditionKey != "ckd" || c.DiagnosisEncounterID == "" {
				continue
			}
			restaged := false // an earlier stage's row ends the day this one begins
			for _, o := range r.condsOf[id] {
				restaged = restaged || o.ConditionKey == "ckd" && o != c && o.ResolvedDate == c.OnsetDate
			}
			k := slices.IndexFunc(stages, func(st datasets.Stage) bool { return st.Snomed == c.SnomedCode })
			if !restaged || k < 0 {
				continue
			}
			for _, o := range r.obsByEnc[c.DiagnosisEncounterID] {
				if o.SnomedCode != egfr || o.Value == nil {
					continue
				}
				changes++
				if *o.Value >= stages[k].Below {
					past++
					t.Errorf("%s: CKD recoded %s on %s at an eGFR of %.0f", id, c.Description, c.OnsetDate, *o.Value)
				}
			}
		}
	}
	enough(t, changes, 20, "CKD stage changes coded at an appointment reading the eGFR")
	t.Logf("%d CKD stage changes read at their appointment, %d at an eGFR milder than the new stage", changes, past)
}
