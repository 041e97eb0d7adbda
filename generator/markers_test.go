package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestProstateCancerFollowedByPSA (brief h52g): a GP review found 32 of
// 32 men with prostate cancer with no PSA after the diagnosis. NICE NG131
// monitors every course by PSA: active surveillance every 3-4 months in
// year 1 and 3-6 months after, after radical treatment from 6 weeks on,
// 6-monthly for 2 years, then at least yearly. Asserted on the shared
// population: at least 9 in 10 men with a year of record after the
// diagnosis have a PSA after it; every one is taken face to face (not at a
// telephone contact, nor at a radiotherapy fraction), none within 6 weeks
// of a radical treatment; PSAs a year and a half or more after a radical
// treatment are low (most below 0.5 ug/L: the PSA falls to a nadir after
// prostatectomy or radiotherapy) while under surveillance they stay near
// the diagnostic level (median at least 2.5 ug/L).
func TestProstateCancerFollowedByPSA(t *testing.T) {
	r := pathwayPopulation(t)
	psa, ok := datasets.ObservationByKey("psa")
	if !ok {
		t.Fatal("observation_codes.csv has no psa")
	}
	const radiotherapy = "108290001"
	end := r.p.Opts.Population()
	due, followed := 0, 0
	var afterRadical, underSurveillance []float64
	for id, pt := range r.patients {
		var cancer *models.Condition
		for _, c := range r.condsOf[id] {
			if c.SnomedCode == prostateCancerCode {
				cancer = c
			}
		}
		if cancer == nil {
			continue
		}
		// the radical treatment's end, from the cancer's planned stays and fractions
		var treated models.Date
		for _, e := range r.b.Encounters {
			if e.PatientID != id || e.ReasonConditionID != cancer.ConditionID || e.StartTime.Date() > cancer.OnsetDate+180 {
				continue
			}
			if e.TypeCode == radiotherapy || e.Class == "IMP" && e.AdmissionMethod == "11" {
				treated = max(treated, e.EndTime.Date())
			}
		}
		hormone := slices.ContainsFunc(r.rxOf[id], func(rx *models.Prescription) bool {
			k := medKey(rx)
			return k == "goserelin" || k == "bicalutamide"
		})
		n := 0
		for _, o := range r.obsOf[id] {
			d := o.EffectiveTime.Date()
			if o.SnomedCode != psa.Snomed || d <= cancer.OnsetDate || o.Value == nil {
				continue
			}
			n++
			if e := r.encs[o.EncounterID]; e == nil || (e.Class != "AMB" && e.Class != "HH") || e.TypeCode == radiotherapy {
				t.Errorf("%s: PSA %s not at a face-to-face contact (%v)", id, d, e)
			}
			if treated != 0 && d > treated-30 && d < treated+42 {
				t.Errorf("%s: PSA %s within 6 weeks of a radical treatment ended %s (NICE NG131: at the earliest 6 weeks after)", id, d, treated)
			}
			switch {
			case treated != 0 && cancer.OnsetDate >= r.p.windowStart && d >= treated+548:
				afterRadical = append(afterRadical, *o.Value)
			case treated == 0 && !hormone && cancer.OnsetDate >= r.p.windowStart:
				underSurveillance = append(underSurveillance, *o.Value)
			}
		}
		last := end
		if pt.DeathDate != models.NoDate {
			last = min(last, pt.DeathDate)
		}
		if last-max(cancer.OnsetDate, r.p.windowStart) >= 365 {
			due++
			if n > 0 {
				followed++
			}
		}
	}
	enough(t, due, 20, "men with prostate cancer and a year of record after its diagnosis")
	enough(t, len(afterRadical), 10, "PSAs 18 months or more after a radical treatment")
	enough(t, len(underSurveillance), 20, "PSAs under surveillance")
	slices.Sort(afterRadical)
	slices.Sort(underSurveillance)
	low := 0
	for _, v := range afterRadical {
		if v < 0.5 {
			low++
		}
	}
	mid := underSurveillance[len(underSurveillance)/2]
	t.Logf("%d of %d men followed by PSA; after radical treatment %d of %d below 0.5 ug/L; surveillance median %.1f ug/L of %d",
		followed, due, low, len(afterRadical), mid, len(underSurveillance))
	if 10*followed < 9*due {
		t.Errorf("%d of %d men with prostate cancer have a PSA after the diagnosis (want at least 9 in 10)", followed, due)
	}
	if 3*low < 2*len(afterRadical) {
		t.Errorf("%d of %d PSAs 18 months or more after a radical treatment below 0.5 ug/L (want at least two thirds)", low, len(afterRadical))
	}
	if mid < 2.5 {
		t.Errorf("median PSA under surveillance %.2f ug/L (want at least 2.5: near the diagnostic level)", mid)
	}
}
