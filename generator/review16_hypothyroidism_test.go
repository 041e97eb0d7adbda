// Checks for the sixteenth review: primary hypothyroidism, its thyroid
// function tests and levothyroxine (NICE NG145).
package generator

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// SNOMED CT codes of the thyroid function tests (observation_codes.csv).
const (
	tshCode    = "1022791000000101"
	freeT4Code = "1016971000000106"
)

// hypothyroidismPlan is the catalogue's hypothyroidism in the population's
// plan; the test stops when the catalogue has none (as before this review).
func hypothyroidismPlan(t *testing.T, r *realism) *condPlan {
	t.Helper()
	ci, ok := r.p.condIndex["hypothyroidism"]
	if !ok {
		t.Fatal("the catalogue has no hypothyroidism")
	}
	return &r.p.conds[ci]
}

var micrograms = regexp.MustCompile(`(\d+)microgram`)

// levothyroxineDose is the daily dose, in micrograms, of a levothyroxine
// issue (0 for another medicine).
func levothyroxineDose(rx *models.Prescription) int {
	if !strings.HasPrefix(rx.Medication, "Levothyroxine") {
		return 0
	}
	m := micrograms.FindStringSubmatch(rx.Medication)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	// 150 micrograms is three 50 microgram tablets (regimens.csv, h63d)
	if strings.Contains(rx.DoseText, "THREE") {
		n *= 3
	}
	return n
}

// levothyroxineIssues are a patient's levothyroxine issues in date order.
func levothyroxineIssues(r *realism, id string) []*models.Prescription {
	var out []*models.Prescription
	for _, rx := range r.rxOf[id] {
		if levothyroxineDose(rx) > 0 {
			out = append(out, rx)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].StartDate < out[j].StartDate })
	return out
}

// TestHypothyroidismDiagnosedOnARaisedTSH: a GP found no hypothyroidism and
// no thyroid function test in the records. Now the visit that diagnoses it
// records a TSH of 10 or more and, in the same sample, a free T4 (NICE NG145
// 1.2: measure FT4 when the TSH is above the reference range), lower on
// average than the population's.
func TestHypothyroidismDiagnosedOnARaisedTSH(t *testing.T) {
	r := pathwayPopulation(t)
	hypothyroidismPlan(t, r)
	checked, lowT4 := 0, 0
	for i := range r.b.Conditions {
		cd := &r.b.Conditions[i]
		if cd.ConditionKey != "hypothyroidism" || cd.DiagnosisEncounterID == "" || r.encs[cd.DiagnosisEncounterID] == nil {
			continue
		}
		checked++
		var tsh, t4 *float64
		for _, o := range r.obsByEnc[cd.DiagnosisEncounterID] {
			switch o.SnomedCode {
			case tshCode:
				tsh = o.Value
			case freeT4Code:
				t4 = o.Value
			}
		}
		if tsh == nil || *tsh < 10 {
			t.Errorf("%s: hypothyroidism diagnosed on %s with TSH %v (want 10 or more)", cd.PatientID, cd.OnsetDate, tsh)
		}
		if t4 == nil {
			t.Errorf("%s: hypothyroidism diagnosed on %s with no free T4", cd.PatientID, cd.OnsetDate)
		} else if *t4 < 12 { // below the reference range (about 12-22 pmol/L)
			lowT4++
		}
	}
	t.Logf("%d diagnoses, free T4 below 12 at %d", checked, lowT4)
	enough(t, checked, 40, "hypothyroidism diagnoses")
	// overt hypothyroidism (a low free T4) is most of it (model: the
	// disease lowers free T4 by about 6 pmol/L from a mean of 15.5)
	if lowT4*2 < checked {
		t.Errorf("free T4 below 12 at %d of %d diagnoses: want most", lowT4, checked)
	}
}

// TestLevothyroxineStartsByAgeAndHeart: NICE NG145 1.5: under 65 with no
// cardiovascular disease, a full replacement dose (1.6 micrograms/kg,
// 100 micrograms here); from 65, or with coronary heart disease, 25-50
// micrograms titrated up: the issue at the visit that diagnoses it.
// Levothyroxine is issued only for hypothyroidism.
func TestLevothyroxineStartsByAgeAndHeart(t *testing.T) {
	r := pathwayPopulation(t)
	hypothyroidismPlan(t, r)
	keys := r.conditionKeys()
	young, old := 0, 0
	for id, pt := range r.patients {
		issues := levothyroxineIssues(r, id)
		for _, rx := range issues {
			if keys[rx.ConditionID] != "hypothyroidism" {
				t.Errorf("%s: %s issued on %s for %q", id, rx.Medication, rx.StartDate, keys[rx.ConditionID])
			}
		}
		thy := r.has(id, "hypothyroidism")
		if len(issues) == 0 || thy == nil || thy.DiagnosisEncounterID == "" || issues[0].EncounterID != thy.DiagnosisEncounterID {
			continue // diagnosed before the record: its first issue is a later dose, or the repeat in force carried in with no encounter (h55c)
		}
		first := issues[0]
		chd := r.has(id, "chd")
		withCHD := chd != nil && chd.OnsetDate <= first.StartDate
		dose := levothyroxineDose(first)
		if models.YearsBetween(pt.BirthDate, first.StartDate) < 65 && !withCHD {
			young++
			if dose != 100 {
				t.Errorf("%s: levothyroxine started under 65 without CHD at %d micrograms (want 100)", id, dose)
			}
		} else {
			old++
			if dose > 50 {
				t.Errorf("%s: levothyroxine started at 65+ or with CHD at %d micrograms (want 25-50)", id, dose)
			}
		}
	}
	t.Logf("starts: %d under 65 without CHD, %d at 65+ or with CHD", young, old)
	enough(t, young, 30, "levothyroxine starts under 65")
	enough(t, old, 30, "levothyroxine starts at 65+ or with CHD")
}

// TestLevothyroxineRaisedOnARaisedTSH: the dose follows the TSH (NG145 1.5):
// every issue at a higher strength than the one before is made at a visit
// whose TSH is above 5, and most people treated for a year or more have a
// latest TSH in range. A raise on the day a pregnancy is coded is the
// pregnancy's (h72c: as soon as she is pregnant, whatever the TSH).
func TestLevothyroxineRaisedOnARaisedTSH(t *testing.T) {
	r := pathwayPopulation(t)
	hypothyroidismPlan(t, r)
	raised, settled, treated, inPregnancy := 0, 0, 0, 0
	for id := range r.patients {
		issues := levothyroxineIssues(r, id)
		for k := 1; k < len(issues); k++ {
			if levothyroxineDose(issues[k]) <= levothyroxineDose(issues[k-1]) {
				continue
			}
			if pregnancyCodedOn(r, id, issues[k].StartDate) {
				inPregnancy++ // h72c: raised as soon as a pregnancy is known, whatever the TSH (prescribing.yaml pregnancy_doses)
				continue
			}
			raised++
			high := false
			for _, o := range r.obsByEnc[issues[k].EncounterID] {
				high = high || o.SnomedCode == tshCode && o.Value != nil && *o.Value > 5
			}
			if !high {
				t.Errorf("%s: levothyroxine raised to %s on %s with no TSH above 5 at that visit", id, issues[k].Medication, issues[k].StartDate)
			}
		}
		if len(issues) == 0 {
			continue
		}
		var last *models.Observation
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == tshCode && (last == nil || o.EffectiveTime > last.EffectiveTime) {
				last = o
			}
		}
		if last == nil || last.EffectiveTime.Date()-issues[0].StartDate < 365 {
			continue
		}
		treated++
		if *last.Value <= 5 {
			settled++
		}
	}
	t.Logf("%d dose increases (and %d on the day a pregnancy was coded); latest TSH 5 or less in %d of %d treated for a year", raised, inPregnancy, settled, treated)
	enough(t, raised, 20, "levothyroxine dose increases")
	enough(t, treated, 60, "people treated for a year with a TSH since")
	if settled*4 < treated*3 {
		t.Errorf("latest TSH 5 or less in %d of %d people treated for a year: want three in four or more", settled, treated)
	}
}

// pregnancyCodedOn reports whether the patient's problem list has a
// pregnancy coded on day d.
func pregnancyCodedOn(r *realism, id string, d models.Date) bool {
	for _, c := range r.condsOf[id] {
		if c.ConditionKey == "pregnancy" && c.OnsetDate == d {
			return true
		}
	}
	return false
}
