// Checks for brief h53g: acute presentations and results acted on. A
// feverish baby under 3 months is screened in A&E and admitted (NICE
// NG143); overt hypothyroidism is treated when it is diagnosed (NICE
// NG145); a UTI in a woman of 65 or over, or a recurrent one, is sent for
// culture (UKHSA diagnosis of UTI; SIGN 160).
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestFebrileInfantsAreScreenedAndAdmitted: every A&E attendance for a
// fever under 90 days of age records a white cell count, a blood culture
// and a urine culture, and nearly every one leads to an admission (a stay
// that would run into a contact already on the record is not made).
// Before, none of 117 such attendances had a screen and 51 were admitted
// (generate -n 20000 -s 5): a baby of 6 weeks with 38.2 and a heart rate of
// 170 went home unscreened.
func TestFebrileInfantsAreScreenedAndAdmitted(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	screen := []string{r.snomed("wbc"), obsCode(t, "blood_culture_sample"), obsCode(t, "urine_sample")}
	seen, screened, admitted := 0, 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		pt := r.patients[e.PatientID]
		if e.Setting != settingAE || keys[e.ReasonConditionID] != "fever" || int(e.StartTime.Date()-pt.BirthDate) >= 90 {
			continue
		}
		seen++
		all := true
		for _, code := range screen {
			found := false
			for _, o := range r.obsByEnc[e.EncounterID] {
				found = found || o.SnomedCode == code
			}
			all = all && found
		}
		if all {
			screened++
		} else {
			t.Errorf("patient %s: fever at %d days in A&E on %s without the screen (white cell count, blood culture, urine culture)", e.PatientID, e.StartTime.Date()-pt.BirthDate, e.StartTime.Date())
		}
		for j := range r.b.Encounters {
			a := &r.b.Encounters[j]
			if a.PatientID == e.PatientID && a.Setting == settingInpatient && a.StartTime >= e.StartTime && a.StartTime <= e.EndTime.AddMinutes(60) {
				admitted++
				break
			}
		}
	}
	t.Logf("%d febrile A&E attendances under 90 days: %d screened, %d admitted", seen, screened, admitted)
	enough(t, seen, 30, "febrile A&E attendances under 90 days")
	if share := float64(admitted) / float64(seen); share < 0.95 {
		t.Errorf("%d of %d febrile A&E attendances under 90 days admitted (%.0f%%), want 95%% or more", admitted, seen, 100*share)
	}
}

// TestOvertHypothyroidismIsTreatedAtDiagnosis: a hypothyroidism diagnosed
// in the record on a TSH of 10 or more with a free T4 below 12 pmol/L (overt)
// has levothyroxine within 28 days. Before, 7 of 371 waited for the TSH of
// their next yearly review, up to 392 days (generate -n 20000 -s 5).
func TestOvertHypothyroidismIsTreatedAtDiagnosis(t *testing.T) {
	r := review5Population(t)
	tsh, ft4 := r.snomed("tsh"), r.snomed("free_t4")
	_, end := r.observationSpan()
	overt, treated := 0, 0
	for id, pt := range r.patients {
		c := r.has(id, "hypothyroidism")
		if c == nil || c.OnsetDate < r.p.windowStart || c.OnsetDate+28 > lastDay(pt, end) {
			continue
		}
		high, low := false, false
		for _, o := range r.obsOf[id] {
			if o.EffectiveTime.Date() != c.OnsetDate || o.Value == nil {
				continue
			}
			high = high || (o.SnomedCode == tsh && *o.Value >= 10)
			low = low || (o.SnomedCode == ft4 && *o.Value < 12)
		}
		if !high || !low {
			continue
		}
		overt++
		if r.issuedBetween(id, "levothyroxine_sodium", c.OnsetDate-365, c.OnsetDate+28) {
			treated++
		} else {
			t.Errorf("patient %s: overt hypothyroidism diagnosed %s, no levothyroxine within 28 days", id, c.OnsetDate)
		}
	}
	t.Logf("%d of %d overt hypothyroidism diagnoses treated within 28 days", treated, overt)
	enough(t, overt, 100, "overt hypothyroidism diagnoses")
}

// TestOlderWomenAndRecurrentUTIsAreCultured: a UTI in a woman of 65 or
// over, or of 16 or over whose UTI is her second in 6 months or third in 12,
// has a urine sent for culture on the day it is first seen or the day
// after. Before, 78 of 4,059 episodes of women of 65 and over and 9 of
// 1,252 recurrent episodes of women of 16-64 were cultured (generate -n
// 20000 -s 5).
func TestOlderWomenAndRecurrentUTIsAreCultured(t *testing.T) {
	r := review5Population(t)
	culture := obsCode(t, "urine_sample") // the urine sent (brief h75c: its growth is recorded at the report)
	due, cultured := map[string]int{}, map[string]int{}
	for id, pt := range r.patients {
		if pt.Sex != "female" {
			continue
		}
		var onsets []models.Date
		for _, c := range r.condsOf[id] {
			if c.ConditionKey == "uti" {
				onsets = append(onsets, c.OnsetDate)
			}
		}
		for _, d := range onsets {
			within := func(days models.Date) int {
				n := 0
				for _, o := range onsets {
					if o < d && o > d-days {
						n++
					}
				}
				return n
			}
			age := ageOnDay(pt, d)
			group := ""
			switch {
			case age >= 65:
				group = "65 and over"
			case age >= 16 && (within(183) >= 1 || within(365) >= 2):
				group = "recurrent, 16-64"
			default:
				continue
			}
			due[group]++
			if r.codedBetween(id, culture, d, d+1) {
				cultured[group]++
			}
		}
	}
	for _, g := range []string{"65 and over", "recurrent, 16-64"} {
		t.Logf("%s: %d of %d UTIs cultured", g, cultured[g], due[g])
		enough(t, due[g], 100, "UTIs of women "+g)
		if share := float64(cultured[g]) / float64(due[g]); share < 0.95 {
			t.Errorf("women %s: %d of %d UTIs sent for culture (%.0f%%), want 95%% or more", g, cultured[g], due[g], 100*share)
		}
	}
}
