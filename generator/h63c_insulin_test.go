// Checks for brief h63c (issue 9): insulin that responds to the HbA1c.
package generator

import (
	"slices"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// h63cDiabetesDrugs are the glucose-lowering medicines of both diabetes
// pathways (catalogue type1_diabetes and type2_diabetes lines).
var h63cDiabetesDrugs = map[string]bool{"metformin": true, "gliclazide": true, "sitagliptin": true, "dapagliflozin": true, "insulin_glargine": true, "insulin_aspart": true}

// h63cCodes are the coded answers to a high HbA1c other than a new drug or
// dose: the referral to the diabetes team and the person's decline.
var h63cCodes = []string{"183530004", "182895007"}

// TestHighHbA1cOnInsulinIsActedOn: a GP found insulin glargine at 40 units
// for years while the HbA1c rose 106 -> 116 (generate -n 3000 -s 31): at the
// top of the basal ladder nothing came next, in type 2 diabetes nor type 1.
// Two HbA1c readings of 75 or more in a row in an adult under 85, not on
// the palliative care register, on basal insulin at the first: between them
// a new drug or dose (the basal dose raised, prandial insulin added), a
// referral to the diabetes team (or one in the year before) or a coded
// decline. On the shared 20,000: 138 of 169 such pairs had none before,
// 11 of 90 after (basal plus, its titration and the diabetes team).
func TestHighHbA1cOnInsulinIsActedOn(t *testing.T) {
	r := review5Population(t)
	hba1c := r.snomed("hba1c")
	eol := r.p.Cat.EndOfLife.Register.Key
	basal := datasets.Regimens("insulin_glargine")[0].DMDCode + "|" // its product; the dose text names the units
	pairs, unanswered := 0, 0
	for id := range r.patients {
		dm := r.has(id, "type2_diabetes")
		if dm == nil {
			dm = r.has(id, "type1_diabetes")
		}
		if dm == nil {
			continue
		}
		reg := r.has(id, eol)
		os := r.byTime(r.values(id, hba1c))
		for i := 1; i < len(os); i++ {
			a, b := os[i-1], os[i]
			d1, d2 := a.EffectiveTime.Date(), b.EffectiveTime.Date()
			age := ageOnDay(r.patients[id], d1)
			if *a.Value < 75 || *b.Value < 75 || d2-d1 < 60 || age < 18 || age >= 85 || reg != nil && reg.OnsetDate <= d2 {
				continue
			}
			before, after := r.runningSet(id, h63cDiabetesDrugs, d1-1), r.runningSet(id, h63cDiabetesDrugs, d2)
			if !slices.ContainsFunc(before, func(s string) bool { return strings.HasPrefix(s, basal) }) {
				continue // not on basal insulin yet
			}
			pairs++
			if !slices.Equal(before, after) || r.newProductBetween(id, before, d1, d2) {
				continue
			}
			coded := false
			for _, c := range h63cCodes {
				coded = coded || r.valueCodedBetween(id, c, d1-365, d2)
			}
			if !coded {
				unanswered++
			}
		}
	}
	enough(t, pairs, 30, "pairs of HbA1c of 75 or more in a row on basal insulin")
	t.Logf("%d of %d pairs of HbA1c of 75 or more in a row on basal insulin had no new drug or dose, referral or coded decline", unanswered, pairs)
	if unanswered*100 > pairs*25 {
		t.Errorf("%d of %d pairs of HbA1c of 75 or more in a row on basal insulin had no new drug or dose, no referral and no coded decline (want 25%% or fewer: NICE NG28 insulin-based treatments, NG17: adjust insulin, add mealtime insulin or seek the diabetes team)", unanswered, pairs)
	}
}

// newProductBetween reports whether a diabetes product or dose not running
// before (before) was issued to the patient from day from to day to.
func (r *realism) newProductBetween(id string, before []string, from, to models.Date) bool {
	for _, rx := range r.rxOf[id] {
		if h63cDiabetesDrugs[medKey(rx)] && rx.StartDate >= from && rx.StartDate <= to && !slices.Contains(before, rx.DMDCode+"|"+rx.DoseText) {
			return true
		}
	}
	return false
}
