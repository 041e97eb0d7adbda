// Checks for brief h58b: an urgent suspected-cancer referral that finds no
// cancer ends in the site's test and a result (docs/clinical-model.md,
// "The test that rules a suspected cancer out").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestReferralsThatFindNoCancerAreTestedAndClosed: referrals with no cancer
// within 120 days had one clinic attendance and nothing after it (colorectal
// 1,589 of 2,377, upper GI 1,024 of 1,069, lung 329 of 345 with no test in 8
// weeks; generate -n 20000 -s 83). The Faster Diagnosis Standard asks for
// cancer diagnosed or ruled out within 28 days: most such referrals now
// have "no abnormality detected" coded within 28 days, and those of the
// pathways whose referrals all take their site's test (not the one-stop
// breast, skin and thyroid clinics) have a test (a hospital encounter typed
// other than a consultation) before it. A referral followed by a cancer
// never has the code: the path does not decide who has cancer.
func TestReferralsThatFindNoCancerAreTestedAndClosed(t *testing.T) {
	r := pathwayPopulation(t)
	codes := urgentReferralCodes27(t, r)
	nad, _ := datasets.ObservationByKey(r.p.notCancer.data.RuledOut)
	tested := map[string]bool{} // referral codes whose not_cancer referrals all take a test
	oneStop := map[string]bool{}
	for _, k := range r.p.notCancer.referrals {
		if k.test == nil {
			oneStop[k.referral.Snomed] = true
		} else {
			tested[k.referral.Snomed] = true
		}
	}
	for c := range oneStop {
		delete(tested, c)
	}
	end := r.p.Opts.Population() - 60
	none, closed, needTest, withTest, cancerCoded := 0, 0, 0, 0, 0
	for id := range r.patients {
		for _, ref := range r.obsOf[id] {
			d := ref.EffectiveTime.Date()
			if !codes[ref.SnomedCode] || d < r.p.windowStart || d > end {
				continue
			}
			cancer := false
			for _, c := range r.condsOf[id] {
				cancer = cancer || c.ConditionKey == "cancer" && c.OnsetDate >= d-7 && c.OnsetDate <= d+120
			}
			outcome := models.NoDate
			for _, o := range r.obsOf[id] {
				if od := o.EffectiveTime.Date(); o.SnomedCode == nad.Snomed && od >= d && od <= d+28 && (outcome == models.NoDate || od < outcome) {
					outcome = od
				}
			}
			if cancer {
				if outcome != models.NoDate {
					cancerCoded++
				}
				continue
			}
			none++
			if outcome == models.NoDate {
				continue
			}
			closed++
			if !tested[ref.SnomedCode] {
				continue
			}
			needTest++
			for _, e := range r.b.Encounters {
				if sd := e.StartTime.Date(); e.PatientID == id && (e.Setting == settingInpatient || e.Setting == settingOutpatient) &&
					e.TypeDisplay != "Consultation" && sd > d && sd <= outcome {
					withTest++
					break
				}
			}
		}
	}
	enough(t, none, 500, "referrals that found no cancer")
	enough(t, needTest, 100, "closed referrals of pathways that test")
	t.Logf("%d referrals found no cancer: %d closed with %q within 28 days; %d of %d of the testing pathways tested first; %d referrals followed by a cancer coded clear",
		none, closed, nad.Term, withTest, needTest, cancerCoded)
	if float64(closed) < 0.9*float64(none) {
		t.Errorf("%d of %d referrals that found no cancer coded %q within 28 days, want 90%% or more (Faster Diagnosis Standard)", closed, none, nad.Term)
	}
	if float64(withTest) < 0.95*float64(needTest) {
		t.Errorf("%d of %d closed referrals of the testing pathways had a test first, want 95%% or more", withTest, needTest)
	}
	if cancerCoded > 0 {
		t.Errorf("%d referrals followed by a cancer within 120 days coded %q", cancerCoded, nad.Term)
	}
}

// TestInguinalHerniaRepairedOrWatched: 97 of 283 adults' inguinal hernias
// resolved with no repair, 74 after 3 or more clinic attendances (generate
// -n 20000 -s 83). A hernia does not go away by itself: each resolved
// episode has its repair (a "Repair of inguinal hernia" encounter about
// it), and one never repaired stays on the list, seen at most twice in
// clinic (catalogue clinic_attendances).
func TestInguinalHerniaRepairedOrWatched(t *testing.T) {
	r := pathwayPopulation(t)
	var op string
	for _, pr := range r.p.presentations {
		if pr.Key == "inguinal_hernia" && pr.Operation != nil {
			op = pr.Operation.Snomed
		}
	}
	if op == "" {
		t.Fatal("catalogue: inguinal_hernia has no operation")
	}
	repaired, clinics := map[string]bool{}, map[string]int{}
	for _, e := range r.b.Encounters {
		if e.TypeCode == op {
			repaired[e.ReasonConditionID] = true
		}
		if e.Setting == settingOutpatient {
			clinics[e.ReasonConditionID]++
		}
	}
	episodes, resolvedUnrepaired, watched, overSeen := 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "inguinal_hernia" {
			continue
		}
		episodes++
		switch {
		case repaired[c.ConditionID]:
		case c.ResolvedDate != models.NoDate:
			resolvedUnrepaired++
		default:
			watched++
			if clinics[c.ConditionID] > 2 {
				overSeen++
			}
		}
	}
	enough(t, episodes, 30, "inguinal hernias")
	t.Logf("%d inguinal hernias: %d resolved unrepaired, %d watched (%d seen in clinic more than twice)", episodes, resolvedUnrepaired, watched, overSeen)
	if resolvedUnrepaired > 0 {
		t.Errorf("%d of %d inguinal hernias resolved with no repair, want none", resolvedUnrepaired, episodes)
	}
	if overSeen > 0 {
		t.Errorf("%d of %d hernias under watchful waiting seen in clinic more than twice", overSeen, watched)
	}
}

// isRuledOutResult reports whether code is the finding a referral's test
// codes when it finds no cancer: a finding with no value.
func isRuledOutResult(p *Plan, code string) bool {
	return p.notCancer != nil && p.notCancer.ruledOut.Snomed == code
}
