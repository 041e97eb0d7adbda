package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// NICE NG12's red flags are answered within two weeks (red_flags.yaml;
// brief h62e, issue 9). Each criterion's coded symptom, from its age, in
// someone with no cancer within a year (a cancer's own route refers it),
// and with a weight loss where the criterion asks for one (coded in the 180
// days before, or the recorded weights 5% or more below those of 6-15
// months before), has one of answered_by or the criterion's procedure
// within within_days: at least 90% (a test that falls after the record's
// end or a day with another attendance leaves a few out). Before, at
// generate -n 20000 -s 83, weight loss with indigestion at 55 and over was
// answered in 0 of 40 episodes.
func TestRedFlagsAreAnsweredWithinTwoWeeks(t *testing.T) {
	r := pathwayPopulation(t)
	rf, err := datasets.RedFlagData()
	if err != nil {
		t.Fatal(err)
	}
	lossCode := codeOf(t, rf.UpperGI.WeightLoss)
	weight := r.snomed("weight")
	for _, c := range rf.Criteria {
		answers := map[string]bool{}
		for _, k := range c.AnsweredBy {
			answers[codeOf(t, k)] = true
		}
		met, answered := 0, 0
		for id, pt := range r.patients {
			for _, sc := range r.condsOf[id] {
				d := sc.OnsetDate
				if sc.ConditionKey != c.Symptom || int(d-pt.BirthDate) < c.MinAge*36525/100 || cancerWithin(r, id, d+365) {
					continue
				}
				if c.WithWeightLoss && !weightLossSeen(r, id, d, lossCode, weight, rf.WeightLoss.Percent) {
					continue
				}
				met++
				if answeredWithin(r, id, d-models.Date(c.LatelyDays), d+models.Date(c.WithinDays), answers, c.Procedure) {
					answered++
				} else if met-answered <= 3 {
					t.Logf("%s: %s on %s (NICE %s) not answered in %d days", id, c.Symptom, d, c.Recommendation, c.WithinDays)
				}
			}
		}
		t.Logf("%s: %d of %d answered within %d days", c.Key, answered, met, c.WithinDays)
		if met < 5 {
			t.Errorf("%s: only %d people met the criterion: too few to judge", c.Key, met)
			continue
		}
		if answered < met*9/10 {
			t.Errorf("%s (NICE %s): %d of %d answered within %d days, want 90%% or more", c.Key, c.Recommendation, answered, met, c.WithinDays)
		}
	}
}

// TestUpperGIEndoscopyFollowsItsReferral: every urgent direct-access
// endoscopy (red_flags.yaml upper_gi procedure) follows a fast-track upper
// GI referral made at a consultation that coded the weight loss, 90% of
// them within 14 days (a day with another attendance, or an emergency
// stay that defers planned care, moves the test on), and codes one of its
// findings (no cancer is found: a clear endoscopy or gastritis). Before
// there was none. A gastroscopy for an iron deficiency anaemia (its reason
// the anaemia, or the referral's symptom) is left out: since h69f the
// anaemia referral at 60+ books it beside the colonoscopy (BSG 2021), with
// no weight loss to code.
func TestUpperGIEndoscopyFollowsItsReferral(t *testing.T) {
	r := pathwayPopulation(t)
	rf, err := datasets.RedFlagData()
	if err != nil {
		t.Fatal(err)
	}
	an, err := datasets.LoadAnaemia()
	if err != nil {
		t.Fatal(err)
	}
	anaemiaKeys := map[string]bool{an.LowHaemoglobin.Problem.Key: true}
	if ref := an.LowHaemoglobin.Refer; ref != nil {
		anaemiaKeys[ref.Symptom] = true
	}
	keyOf := map[string]string{} // condition row id -> key
	for _, c := range r.b.Conditions {
		keyOf[c.ConditionID] = c.ConditionKey
	}
	u := &rf.UpperGI
	referral, loss := codeOf(t, u.Referral), codeOf(t, u.WeightLoss)
	findings := map[string]bool{}
	for _, f := range u.Findings {
		findings[codeOf(t, f.Observation)] = true
	}
	n, late := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.TypeCode != u.Procedure.Snomed || anaemiaKeys[keyOf[e.ReasonConditionID]] {
			continue
		}
		n++
		d := e.StartTime.Date()
		referred := models.NoDate
		for _, o := range r.obsOf[e.PatientID] {
			od := o.EffectiveTime.Date()
			if o.SnomedCode != referral || od > d || od < d-90 {
				continue
			}
			for _, x := range r.obsByEnc[o.EncounterID] {
				if x.SnomedCode == loss {
					referred = od
				}
			}
		}
		found := false
		for _, o := range r.obsByEnc[e.EncounterID] {
			found = found || findings[o.SnomedCode]
		}
		if referred == models.NoDate || !found {
			t.Errorf("%s: endoscopy on %s: no referral with weight loss in the 90 days before, or no finding (finding coded: %v)", e.PatientID, d, found)
		} else if d-referred > 14 {
			late++
		}
	}
	t.Logf("%d urgent upper GI endoscopies, %d more than 14 days after the referral", n, late)
	if n == 0 {
		t.Error("no urgent upper GI endoscopy in the population")
	}
	if late*10 > n {
		t.Errorf("%d of %d endoscopies more than 14 days after the referral, want 10%% or fewer", late, n)
	}
}

// cancerWithin reports whether the patient has a cancer diagnosed on or
// before day d.
func cancerWithin(r *realism, id string, d models.Date) bool {
	for _, c := range r.condsOf[id] {
		if c.ConditionKey == "cancer" && c.OnsetDate <= d {
			return true
		}
	}
	return false
}

// weightLossSeen reports whether the record shows a weight loss on day d:
// coded in the 180 days before, or a weight in the 90 days before at least
// percent below one 6-15 months before.
func weightLossSeen(r *realism, id string, d models.Date, lossCode, weight string, percent float64) bool {
	var recent, earlier []float64
	for _, o := range r.obsOf[id] {
		od := o.EffectiveTime.Date()
		switch {
		case o.SnomedCode == lossCode && od <= d && od >= d-180:
			return true
		case o.SnomedCode == weight && o.Value != nil && od <= d && od >= d-90:
			recent = append(recent, *o.Value)
		case o.SnomedCode == weight && o.Value != nil && od <= d-180 && od >= d-455:
			earlier = append(earlier, *o.Value)
		}
	}
	for _, a := range recent {
		for _, b := range earlier {
			if a <= (1-percent/100)*b {
				return true
			}
		}
	}
	return false
}

// answeredWithin reports whether one of the answers (observation codes) or
// an encounter coded procedure lies on the days from to until.
func answeredWithin(r *realism, id string, from, until models.Date, answers map[string]bool, procedure string) bool {
	for _, o := range r.obsOf[id] {
		if od := o.EffectiveTime.Date(); answers[o.SnomedCode] && od >= from && od <= until {
			return true
		}
	}
	if procedure == "" {
		return false
	}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.PatientID == id && e.TypeCode == procedure && e.StartTime.Date() >= from && e.StartTime.Date() <= until {
			return true
		}
	}
	return false
}

// codeOf is the SNOMED CT code of observation_codes.csv key k.
func codeOf(t *testing.T, k string) string {
	c, ok := datasets.ObservationByKey(k)
	if !ok {
		t.Fatalf("no observation code %q", k)
	}
	return c.Snomed
}

// isEndoscopyFinding reports whether code is one of the findings an urgent
// upper GI endoscopy codes (red_flags.yaml upper_gi findings): a finding with
// no value, as "no abnormality detected" is at a suspected cancer's test.
func isEndoscopyFinding(p *Plan, code string) bool {
	return p.redFlag != nil && slices.ContainsFunc(p.redFlag.findings, func(f datasets.ObservationCode) bool { return f.Snomed == code })
}
