// Checks for the thirteenth review, cancer care
// (docs/clinical-model.md, "Cancer care and two data-quality faults (thirteenth review)").
package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Primary sites' problem-list codes (catalogue cancer sites).
const (
	breastCancerCode   = "254837009"
	prostateCancerCode = "399068003"
)

// isCodedReviewOrReferral reports whether code is a condition's care review
// (reviews care_review) or urgent referral (urgent_pathway referrals):
// procedures recorded with no value.
func isCodedReviewOrReferral(p *Plan, code string) bool {
	for i := range p.conds {
		c := &p.conds[i]
		if c.careReview != nil && c.careReview.Snomed == code || c.childReferral != nil && c.childReferral.Snomed == code {
			return true
		}
		for k := range c.sites {
			if r := c.sites[k].referral; r != nil && r.Snomed == code {
				return true
			}
		}
	}
	return false
}

// endocrineIssues are the patient's endocrine therapy prescriptions, in
// start order.
func (r *realism) endocrineIssues(id string) []*models.Prescription {
	var out []*models.Prescription
	for _, rx := range r.rxOf[id] {
		if datasets.InClass(medKey(rx), "endocrine_therapy") {
			out = append(out, rx)
		}
	}
	slices.SortFunc(out, func(a, b *models.Prescription) int { return int(a.StartDate - b.StartDate) })
	return out
}

// TestCancersTakeEndocrineTherapy: a GP found no tamoxifen or aromatase
// inhibitor for 46 breast cancers and nothing for 40 prostate cancers
// (generate -n 5000 -s 37). NICE NG101: adjuvant endocrine therapy for
// oestrogen-receptor-positive breast cancer (most of them), tamoxifen
// before the menopause and an aromatase inhibitor after it; NICE NG131:
// androgen deprivation for a share of prostate cancers. The oncology
// clinic starts it after the diagnosis and the practice continues it. Of
// the cancers diagnosed in the record (with two years to run), at least
// half of the breast cancers and a fifth of the prostate cancers take it;
// each course belongs to its site and starts at a clinic on or after the
// diagnosis, an aromatase inhibitor only in a woman of 50 or more, and a
// breast cancer's ends within five years of its first issue.
func TestCancersTakeEndocrineTherapy(t *testing.T) {
	r := pathwayPopulation(t)
	sites := map[string][]string{breastCancerCode: {"tamoxifen", "letrozole", "anastrozole"}, prostateCancerCode: {"goserelin", "bicalutamide"}}
	diagnosed, treated := map[string]int{}, map[string]int{}
	for id, pt := range r.patients {
		issues := r.endocrineIssues(id)
		var cancer *models.Condition
		for _, c := range r.condsOf[id] {
			if _, ok := sites[c.SnomedCode]; ok {
				cancer = c
			}
		}
		if cancer == nil {
			if len(issues) > 0 {
				t.Errorf("%s: %s without breast or prostate cancer", id, issues[0].Medication)
			}
			continue
		}
		inRecord := cancer.OnsetDate >= r.p.windowStart && cancer.OnsetDate+730 <= r.p.Opts.Population()
		alive := pt.DeathDate == models.NoDate || pt.DeathDate > cancer.OnsetDate+365
		if inRecord && alive {
			diagnosed[cancer.SnomedCode]++
			if len(issues) > 0 {
				treated[cancer.SnomedCode]++
			}
		}
		if len(issues) == 0 {
			continue
		}
		first := issues[0]
		key := medKey(first)
		if !slices.Contains(sites[cancer.SnomedCode], key) {
			t.Errorf("%s: %s for %s", id, first.Medication, cancer.Description)
		}
		if first.StartDate < cancer.OnsetDate { // on its day: the diagnosing clinic, when there is no hospital treatment
			t.Errorf("%s: %s issued %s, before the diagnosis %s", id, first.Medication, first.StartDate, cancer.OnsetDate)
		}
		if e := r.encs[first.EncounterID]; inRecord && (e == nil || e.Setting != "outpatient") {
			t.Errorf("%s: %s first issued outside the clinic (%v)", id, first.Medication, e)
		}
		if datasets.InClass(key, "aromatase_inhibitor") && (pt.Sex != "female" || models.YearsBetween(pt.BirthDate, first.StartDate) < 50) {
			t.Errorf("%s: %s for a %s born %s from %s (an aromatase inhibitor is for women after the menopause)", id, first.Medication, pt.Sex, pt.BirthDate, first.StartDate)
		}
		last := issues[len(issues)-1]
		if cancer.SnomedCode == breastCancerCode && (last.EndDate == models.NoDate || last.EndDate > first.StartDate+5*366) && last.StartDate > first.StartDate+5*366 {
			t.Errorf("%s: %s issued %s, more than five years after its first issue %s", id, last.Medication, last.StartDate, first.StartDate)
		}
	}
	enough(t, diagnosed[breastCancerCode], 15, "breast cancers diagnosed in the record")
	enough(t, diagnosed[prostateCancerCode], 10, "prostate cancers diagnosed in the record")
	t.Logf("endocrine therapy: breast %d of %d, prostate %d of %d", treated[breastCancerCode], diagnosed[breastCancerCode], treated[prostateCancerCode], diagnosed[prostateCancerCode])
	if 2*treated[breastCancerCode] < diagnosed[breastCancerCode] {
		t.Errorf("%d of %d breast cancers diagnosed in the record take endocrine therapy (want at least half)", treated[breastCancerCode], diagnosed[breastCancerCode])
	}
	if 5*treated[prostateCancerCode] < diagnosed[prostateCancerCode] {
		t.Errorf("%d of %d prostate cancers diagnosed in the record take androgen deprivation (want at least a fifth)", treated[prostateCancerCode], diagnosed[prostateCancerCode])
	}
}

// TestCholesterolOffItsFloor: a GP found 702 of the total cholesterol
// readings of -n 5000 -s 37 at exactly 2.0, the model's floor: a statin
// took a fixed 1.3-1.8 mmol/L off whatever the level was, ezetimibe 0.5
// more, and the clamp caught the rest. A statin lowers LDL (non-HDL)
// cholesterol by a percentage (Cochrane CD008226; NICE NG238), so on
// treatment low levels fall little. At most 1 reading in 200 may be at
// the floor, and no more than 1 in 20 readings on a statin below 2.5.
func TestCholesterolOffItsFloor(t *testing.T) {
	r := pathwayPopulation(t)
	code := r.snomed("total_cholesterol")
	floor := r.p.obsModels[r.p.obsIndex["total_cholesterol"]].Min
	n, atFloor, treated, low := 0, 0, 0, 0
	for id, obs := range r.obsOf {
		var statinFrom models.Date = models.NoDate
		for _, rx := range r.rxOf[id] {
			if datasets.InClass(medKey(rx), "statin") && (statinFrom == models.NoDate || rx.StartDate < statinFrom) {
				statinFrom = rx.StartDate
			}
		}
		for _, o := range obs {
			if o.SnomedCode != code || o.Value == nil {
				continue
			}
			n++
			if *o.Value <= floor {
				atFloor++
			}
			if statinFrom != models.NoDate && o.EffectiveTime.Date() > statinFrom+90 {
				treated++
				if *o.Value < 2.5 {
					low++
				}
			}
		}
	}
	enough(t, n, 3000, "total cholesterol readings")
	t.Logf("%d total cholesterol readings, %d at the floor %.1f; %d on a statin, %d of them below 2.5", n, atFloor, floor, treated, low)
	if 200*atFloor > n {
		t.Errorf("%d of %d total cholesterol readings at the floor %.1f (want at most 1 in 200)", atFloor, n, floor)
	}
	if 20*low > treated {
		t.Errorf("%d of %d readings on a statin below 2.5 (want at most 1 in 20)", low, treated)
	}
}

// TestWeightMovesSlowly: a GP found weights 2-6 kg apart within weeks (a
// woman of 77 with heart failure 5 kg lighter a week later): weight was a
// fixed level plus a visit-to-visit noise of 1.7 kg. A weight is a noisy
// reading (well under a kilogram) of a state that moves a few kilograms a
// year. Of the pairs of successive weights 1-28 days apart at most 1 in 10
// may differ by 2 kg or more and 1 in 200 by 4 kg; pairs about a year
// apart must still differ (median at least 1 kg): the state moves.
func TestWeightMovesSlowly(t *testing.T) {
	r := pathwayPopulation(t)
	code := r.snomed("weight")
	weeks, two, four := 0, 0, 0
	var yearly []float64
	for _, obs := range r.obsOf {
		var w []*models.Observation
		for _, o := range obs {
			if o.SnomedCode == code && o.Value != nil {
				w = append(w, o)
			}
		}
		slices.SortFunc(w, func(a, b *models.Observation) int { return int(a.EffectiveTime - b.EffectiveTime) })
		for i := 1; i < len(w); i++ {
			gap := w[i].EffectiveTime.Date() - w[i-1].EffectiveTime.Date()
			diff := *w[i].Value - *w[i-1].Value
			if diff < 0 {
				diff = -diff
			}
			switch {
			case gap >= 1 && gap <= 28:
				weeks++
				if diff >= 2 {
					two++
				}
				if diff >= 4 {
					four++
				}
			case gap >= 300 && gap <= 430:
				yearly = append(yearly, diff)
			}
		}
	}
	enough(t, weeks, 1000, "pairs of weights 1-28 days apart")
	enough(t, len(yearly), 1000, "pairs of weights about a year apart")
	slices.Sort(yearly)
	median := yearly[len(yearly)/2]
	t.Logf("%d pairs of weights 1-28 days apart: %d differ by 2 kg or more, %d by 4 kg; %d pairs about a year apart, median difference %.1f kg", weeks, two, four, len(yearly), median)
	if 10*two > weeks {
		t.Errorf("%d of %d pairs of weights 1-28 days apart differ by 2 kg or more (want at most 1 in 10)", two, weeks)
	}
	if 200*four > weeks {
		t.Errorf("%d of %d pairs of weights 1-28 days apart differ by 4 kg or more (want at most 1 in 200)", four, weeks)
	}
	if median < 1 {
		t.Errorf("weights about a year apart differ by a median %.1f kg (want at least 1: the state moves)", median)
	}
}

// TestCancerCareReviewWithinAYear: a GP found no cancer care review: the
// practice's first review of a cancer came a year after the diagnosis, as
// often after twelve months as within them, and coded only a weight. QOF
// CAN004: a cancer care review within 12 months of the diagnosis. Of the
// cancers diagnosed in the record, of people alive a year later, at least 9
// in 10 have one coded (720006006) within 365 days of the diagnosis, at a
// GP contact, and none is coded before its diagnosis.
func TestCancerCareReviewWithinAYear(t *testing.T) {
	r := pathwayPopulation(t)
	ccr, ok := datasets.ObservationByKey("cancer_care_review")
	if !ok {
		t.Fatal("observation_codes.csv has no cancer_care_review")
	}
	code := ccr.Snomed
	due, reviewed := 0, 0
	for id, pt := range r.patients {
		var cancer *models.Condition
		for _, c := range r.condsOf[id] {
			if c.ConditionKey == "cancer" && (cancer == nil || c.OnsetDate < cancer.OnsetDate) {
				cancer = c
			}
		}
		var first models.Date = models.NoDate
		for _, o := range r.obsOf[id] {
			if o.SnomedCode != code {
				continue
			}
			d := o.EffectiveTime.Date()
			if cancer == nil || d < cancer.OnsetDate {
				t.Errorf("%s: cancer care review %s before any cancer diagnosis", id, d)
				continue
			}
			if e := r.encs[o.EncounterID]; e == nil || e.Setting != "gp" {
				t.Errorf("%s: cancer care review %s outside a GP contact", id, d)
			}
			if first == models.NoDate || d < first {
				first = d
			}
		}
		if cancer == nil || cancer.OnsetDate < r.p.windowStart || cancer.OnsetDate+365 > r.p.Opts.Population() ||
			pt.DeathDate != models.NoDate && pt.DeathDate <= cancer.OnsetDate+365 {
			continue
		}
		due++
		if first != models.NoDate && first <= cancer.OnsetDate+365 {
			reviewed++
		}
	}
	enough(t, due, 50, "cancers diagnosed in the record with a year to live")
	t.Logf("%d of %d cancers diagnosed in the record have a cancer care review within 12 months", reviewed, due)
	if 10*reviewed < 9*due {
		t.Errorf("%d of %d cancers diagnosed in the record have a cancer care review within 12 months (want at least 9 in 10)", reviewed, due)
	}
}

// TestCancerDatedByItsDiagnosis: a GP found every cancer dated at the GP
// consultation that referred it, days before the clinic that diagnosed
// it. The GP refers urgently (NICE NG12, coded as a fast-track referral);
// the clinic sees the patient within two weeks and the diagnosis is made
// within 28 days (NHS England Faster Diagnosis Standard). At least 9 in
// 10 cancers diagnosed in clinic are dated by that attendance, none after
// it; the referral is coded
// at an earlier GP consultation, 1-28 days before for at least 95%, never
// after; and that consultation is not about the cancer not yet diagnosed.
// (A contact or prescription about the cancer between the referral and the
// clinic, rare, dates it back to that contact: diagnosisdate.go.)
func TestCancerDatedByItsDiagnosis(t *testing.T) {
	r := pathwayPopulation(t)
	referral := map[string]bool{}
	for _, key := range []string{"fast_track_breast", "fast_track_urological", "fast_track_colorectal", "fast_track_lung", "fast_track_skin",
		"fast_track_gynaecological", "fast_track_haematology", "fast_track_brain", "fast_track_upper_gi", "fast_track_head_and_neck",
		"fast_track_childrens", "fast_track_cancer"} {
		c, ok := datasets.ObservationByKey(key)
		if !ok {
			t.Fatalf("observation_codes.csv has no %s", key)
		}
		referral[c.Snomed] = true
	}
	inClinic, dated, referred, weeks := 0, 0, 0, 0
	for id := range r.patients {
		for _, c := range r.condsOf[id] {
			dx := r.encs[c.DiagnosisEncounterID]
			if c.ConditionKey != "cancer" || dx == nil || dx.Setting != "outpatient" {
				continue
			}
			inClinic++
			if day := dx.StartTime.Date(); day == c.OnsetDate {
				dated++
			} else if c.OnsetDate > day {
				t.Errorf("%s: %s dated %s, after the clinic that diagnosed it %s", id, c.Description, c.OnsetDate, day)
			}
			for _, o := range r.obsOf[id] {
				if !referral[o.SnomedCode] {
					continue
				}
				d := o.EffectiveTime.Date()
				if d < c.OnsetDate-60 || d > c.OnsetDate+60 {
					continue
				}
				referred++
				if d > c.OnsetDate {
					t.Errorf("%s: %s referred %s, after its diagnosis %s", id, c.Description, d, c.OnsetDate)
				}
				if gap := c.OnsetDate - d; gap >= 1 && gap <= 28 {
					weeks++
				}
				if e := r.encs[o.EncounterID]; e == nil || e.Setting != "gp" || e.ReasonConditionID == c.ConditionID {
					t.Errorf("%s: referral %s not at a GP consultation about the symptoms (%v)", id, d, e)
				}
			}
		}
	}
	enough(t, referred, 100, "urgent cancer referrals coded")
	t.Logf("%d cancers diagnosed in clinic, %d dated by it; %d referrals coded, %d of them 1-28 days before the diagnosis", inClinic, dated, referred, weeks)
	if 10*dated < 9*inClinic {
		t.Errorf("%d of %d cancers diagnosed in clinic dated by it (want at least 9 in 10)", dated, inClinic)
	}
	if 100*weeks < 95*referred {
		t.Errorf("%d of %d urgent referrals 1-28 days before the diagnosis (want at least 95%%)", weeks, referred)
	}
}
