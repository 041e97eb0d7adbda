// Checks for brief h57e (issue 9, a GP review of mental health and
// hypnotics; before-figures from generate -n 20000 -s 83): zopiclone ran on
// long repeats (453) and was started in 27 pregnancies; nitrofurantoin was
// started in the 28 days before 20 births; 137 antidepressant runs stayed on
// one drug and dose a year or more with every PHQ-9 after 6 months 10 or
// more; schizophrenia and bipolar disorder were diagnosed and treated by the
// GP alone (0 of 34 with a clinic within 30 days); 99 of 392 people who died
// with dementia died within 12 months of the diagnosis (median 2.4 years).
package generator

import (
	"slices"
	"sort"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestHypnoticsAreShortCoursesOutsidePregnancy: every zopiclone issue is an
// acute course of 14 nights or fewer (NICE CKS insomnia, TA77: short-term
// use only), and none starts in a recorded pregnancy (BNF: avoid).
func TestHypnoticsAreShortCoursesOutsidePregnancy(t *testing.T) {
	r := review5Population(t)
	issues := 0
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			if !inClassRx(rx, "hypnotic") {
				continue
			}
			issues++
			if rx.Type != models.PrescriptionAcute || rx.EndDate == models.NoDate || rx.EndDate-rx.StartDate+1 > 14 {
				t.Errorf("patient %s: %s %s from %s to %v, want an acute course of 14 nights at most", id, rx.Type, rx.Medication, rx.StartDate, rx.EndDate)
			}
			for _, c := range r.condsOf[id] {
				if c.ConditionKey == "pregnancy" && rx.StartDate >= c.OnsetDate && (c.ResolvedDate == models.NoDate || rx.StartDate < c.ResolvedDate) {
					t.Errorf("patient %s: %s started %s in a pregnancy recorded from %s", id, rx.Medication, rx.StartDate, c.OnsetDate)
				}
			}
		}
	}
	enough(t, issues, 500, "zopiclone issues")
}

// TestNitrofurantoinAvoidedNearTerm: nitrofurantoin is avoided at term
// (neonatal haemolysis: BNF); a urinary infection late in pregnancy has
// cefalexin (NICE NG109). Only a course before a birth that came early may
// fall in the 28 days before it (a preterm birth is not foreseen): at most 1
// in 500 births.
func TestNitrofurantoinAvoidedNearTerm(t *testing.T) {
	r := review5Population(t)
	deliveries := map[string][]models.Date{}
	births, near, cefalexin := 0, 0, 0
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.TypeDisplay == "Delivery procedure" {
			deliveries[e.PatientID] = append(deliveries[e.PatientID], e.StartTime.Date())
			births++
		}
	}
	for id, rxs := range r.rxOf {
		for _, rx := range rxs {
			switch medKey(rx) {
			case "cefalexin":
				cefalexin++
			case "nitrofurantoin":
				for _, d := range deliveries[id] {
					if rx.StartDate <= d && rx.StartDate >= d-28 {
						near++
					}
				}
			}
		}
	}
	enough(t, births, 500, "births")
	enough(t, cefalexin, 3, "cefalexin courses late in pregnancy")
	if near*500 > births {
		t.Errorf("%d nitrofurantoin courses began in the 28 days before a pregnancy ended (%d births), want at most 1 in 500", near, births)
	}
}

// adRun is one antidepressant and dose issued without a break in the run.
type adRun struct {
	key        string // medication and dose text
	start, end models.Date
}

// TestDepressionOnOneDoseIsSteppedUpOrReferred: a year or more on one
// antidepressant at one dose with every PHQ-9 after its first 6 months 10
// or more, and no referral to the community mental health team while it
// ran, is rare (NICE NG222 1.9: a dose raised or a switch when the response
// is limited; referral when steps run out): at most 4% of people on an
// antidepressant for depression (before: 110 of 1,070).
func TestDepressionOnOneDoseIsSteppedUpOrReferred(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	code, ok := datasets.ObservationByKey("cmht_referral") // a referral code: not an observation slot of the plan
	if !ok {
		t.Fatal("no cmht_referral observation code")
	}
	phq, cmht := r.snomed("phq9"), code.Snomed
	treated, stuck := 0, 0
	for id, rxs := range r.rxOf {
		var ad []*models.Prescription
		for _, rx := range rxs {
			if keys[rx.ConditionID] == "depression" && slices.Contains([]string{"sertraline", "citalopram", "fluoxetine", "mirtazapine"}, medKey(rx)) {
				ad = append(ad, rx)
			}
		}
		if len(ad) == 0 {
			continue
		}
		treated++
		sort.Slice(ad, func(i, j int) bool { return ad[i].StartDate < ad[j].StartDate })
		var runs []adRun
		for _, rx := range ad {
			k, end := rx.Medication+" "+rx.DoseText, rx.EndDate
			if end == models.NoDate {
				end = r.p.Opts.Population()
			}
			if n := len(runs); n > 0 && runs[n-1].key == k {
				runs[n-1].end = max(runs[n-1].end, end)
				continue
			}
			runs = append(runs, adRun{key: k, start: rx.StartDate, end: end})
		}
		for _, run := range runs {
			if run.end-run.start < 365 {
				continue
			}
			read, low, referred := 0, 0, false
			for _, o := range r.obsOf[id] {
				d := o.EffectiveTime.Date()
				switch {
				case d < run.start || d > run.end:
				case o.SnomedCode == cmht:
					referred = true
				case o.SnomedCode == phq && o.Value != nil && d >= run.start+182:
					read++
					if *o.Value < 10 {
						low++
					}
				}
			}
			if read > 0 && low == 0 && !referred {
				stuck++
				break
			}
		}
	}
	enough(t, treated, 500, "people on an antidepressant for depression")
	if stuck*25 > treated {
		t.Errorf("%d of %d people on an antidepressant stayed a year on one dose with every PHQ-9 after 6 months 10 or more and no referral, want at most 4%%", stuck, treated)
	}
}

// TestPsychosisAndBipolarStartedBySecondaryCare: schizophrenia or bipolar
// disorder diagnosed in the record is referred (NICE CG178 1.3.1: early
// intervention in psychosis; CG185 1.2.1): diagnosed at the clinic (brief
// h59g) or a clinic about it within 45 days (EIP: within 2 weeks of
// referral) for 9 in 10, and the
// first antipsychotic or lithium for it issued at a clinic, not by the GP,
// for 8 in 10 of those treated (a drug declined at the clinic may be started
// by the practice later; before: 0 of 34 and 0 of 41).
func TestPsychosisAndBipolarStartedBySecondaryCare(t *testing.T) {
	r := review5Population(t)
	diagnosed, seen, treated, byClinic := 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		e := r.encs[c.DiagnosisEncounterID]
		if (c.ConditionKey != "smi" && c.ConditionKey != "bipolar") || e == nil || e.Setting != "gp" && e.Setting != "outpatient" {
			continue
		}
		diagnosed++
		if e.Setting == "outpatient" { // the clinic the GP referred to diagnosed it (presentsas.go)
			seen++
		}
		for j := range r.b.Encounters {
			if e.Setting == "outpatient" {
				break
			}
			x := &r.b.Encounters[j]
			if x.PatientID == c.PatientID && x.Setting == "outpatient" && x.ReasonConditionID == c.ConditionID && x.StartTime.Date() >= c.OnsetDate && x.StartTime.Date() <= c.OnsetDate+45 {
				seen++
				break
			}
		}
		var first *models.Prescription
		for _, rx := range r.rxOf[c.PatientID] {
			if rx.ConditionID == c.ConditionID && (first == nil || rx.StartDate < first.StartDate) {
				first = rx
			}
		}
		if first == nil {
			continue
		}
		treated++
		if x := r.encs[first.EncounterID]; x != nil && x.Setting == "outpatient" {
			byClinic++
		}
	}
	enough(t, diagnosed, 20, "schizophrenia and bipolar diagnoses in the record")
	if seen*10 < diagnosed*9 {
		t.Errorf("%d of %d diagnoses of psychosis or bipolar disorder in the record were made at a clinic or had one within 45 days, want 9 in 10", seen, diagnosed)
	}
	if byClinic*10 < treated*8 {
		t.Errorf("%d of %d first antipsychotics or lithium after a diagnosis in the record were the clinic's, want 8 in 10", byClinic, treated)
	}
}

// TestDementiaDeathsFollowPublishedSurvival: of people who died with
// dementia, few died within a year of the diagnosis and the median time is
// years (Rait et al., BMJ 2010: median 6.7 years at 60-69 to 1.9 at 90+):
// under 22% within 12 months and a median above 2.8 years (before: 25% and
// 2.4 years).
func TestDementiaDeathsFollowPublishedSurvival(t *testing.T) {
	r := review5Population(t)
	var gaps []int
	early := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		pt := r.patients[c.PatientID]
		if c.ConditionKey != "dementia" || pt == nil || pt.DeathDate == models.NoDate {
			continue
		}
		g := int(pt.DeathDate - c.OnsetDate)
		gaps = append(gaps, g)
		if g < 365 {
			early++
		}
	}
	enough(t, len(gaps), 150, "deaths with dementia")
	sort.Ints(gaps)
	median := float64(gaps[len(gaps)/2]) / 365.25
	if early*100 >= len(gaps)*22 || median <= 2.8 {
		t.Errorf("%d of %d deaths with dementia within 12 months of the diagnosis, median %.1f years; want under 22%% and above 2.8 years", early, len(gaps), median)
	}
}
