// Checks for the nineteenth review's screening programmes (docs/clinical-
// model.md, "Breast, bowel and AAA screening programmes (nineteenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// obsCode is the SNOMED CT code of an observation_codes.csv key.
func obsCode(t *testing.T, key string) string {
	o, ok := datasets.ObservationByKey(key)
	if !ok {
		t.Fatalf("observation %q is not in observation_codes.csv", key)
	}
	return o.Snomed
}

// TestBreastScreening: before, no woman had a mammogram. Women are screened
// from 50 to their 71st birthday, never men; coverage of women 53-70 alive
// at the end (a result in 36 months) is NHS England's 70% (2023-24,
// verified) within 8 points; the benign recall share of results is 3.1%
// (2-4.5% allowed), each followed by the assessment clinic about the
// abnormal mammogram 7-21 days later (a few more to a working day); no
// mammogram after a breast cancer is diagnosed.
func TestBreastScreening(t *testing.T) {
	r := review5Population(t)
	end := r.p.Opts.Population()
	code := obsCode(t, "breast_screening")
	eligible, covered, results, abnormal, followed := 0, 0, 0, 0, 0
	for id, pt := range r.patients {
		var last models.Date
		var cancer models.Date
		for _, c := range r.condsOf[id] {
			if c.SnomedCode == "254837009" {
				cancer = c.OnsetDate
			}
		}
		for _, o := range r.obsOf[id] {
			if o.SnomedCode != code {
				continue
			}
			d := o.EffectiveTime.Date()
			results++
			if a := ageOnDay(pt, d); pt.Sex != "female" || a < 50 || a >= 71 {
				t.Errorf("patient %s: screening mammogram on %s for a %s aged %d", id, d, pt.Sex, a)
			}
			if cancer != 0 && d > cancer {
				t.Errorf("patient %s: screening mammogram on %s after breast cancer from %s", id, d, cancer)
			}
			last = max(last, d)
			if o.ValueCode != "168750009" {
				continue
			}
			abnormal++
			// the problem coded at the contact that filed the result, the
			// assessment clinic about it 7-21 days later (a few more to a
			// working day), where it is resolved
			if e := r.encs[o.EncounterID]; e != nil && e.ReasonConditionID != "" {
				for _, c := range r.condsOf[id] {
					if c.ConditionID == e.ReasonConditionID && c.ConditionKey == "abnormal_mammogram" && c.ResolvedDate >= d+7 && c.ResolvedDate <= d+28 {
						followed++
					}
				}
			}
		}
		if a := ageOnDay(pt, end); pt.Sex == "female" && pt.DeathDate == models.NoDate && a >= 53 && a <= 70 {
			eligible++
			if last > end-36*30 {
				covered++
			}
		}
	}
	enough(t, eligible, 1000, "women 53-70")
	enough(t, abnormal, 50, "abnormal mammograms")
	if pct := 100 * float64(covered) / float64(eligible); pct < 62 || pct > 78 {
		t.Errorf("breast screening coverage 53-70 %.1f%% (%d of %d), want 62-78 (NHS England 2023-24: 70%%)", pct, covered, eligible)
	}
	if pct := 100 * float64(abnormal) / float64(results); pct < 2 || pct > 4.5 {
		t.Errorf("abnormal mammograms %.1f%% of %d, want 2-4.5", pct, results)
	}
	if followed < abnormal*9/10 {
		t.Errorf("%d of %d abnormal mammograms followed by the assessment clinic, want 90%% or more", followed, abnormal)
	}
	t.Logf("breast: coverage %d/%d, results %d, abnormal %d, assessed %d", covered, eligible, results, abnormal, followed)
}

// TestBowelScreening: a kit result only from 50 to 74 (none under 60 before
// April 2021); gFOBT codes only before June 2019 and FIT after; FIT abnormal
// about 3% (2-4.5% allowed); coverage of people 60-74 (a result in 30
// months) within 8 points of 71.8% (parliamentary answer, verified).
func TestBowelScreening(t *testing.T) {
	r := review5Population(t)
	end := r.p.Opts.Population()
	code := obsCode(t, "bowel_screening_result")
	fitFrom, extended := models.CivilDate(2019, 6, 1), models.CivilDate(2021, 4, 1)
	fit, fitAbnormal, eligible, covered := 0, 0, 0, 0
	for id, pt := range r.patients {
		var last models.Date
		for _, o := range r.obsOf[id] {
			if o.SnomedCode != code {
				continue
			}
			d := o.EffectiveTime.Date()
			a := ageOnDay(pt, d)
			if a < 50 || a >= 75 || (a < 60 && d < extended) {
				t.Errorf("patient %s: bowel screening result on %s at %d", id, d, a)
			}
			isFIT := o.ValueCode == "1101361000000103" || o.ValueCode == "1101371000000105"
			if isFIT != (d >= fitFrom) && (d < fitFrom-60 || d > fitFrom+90) { // kits sent before the switch come back after it
				t.Errorf("patient %s: bowel screening result %q on %s", id, o.ValueDisplay, d)
			}
			if isFIT {
				fit++
				if o.ValueCode == "1101371000000105" {
					fitAbnormal++
				}
			}
			last = max(last, d)
		}
		if a := ageOnDay(pt, end); pt.DeathDate == models.NoDate && a >= 60 && a <= 74 {
			eligible++
			if last > end-30*30 {
				covered++
			}
		}
	}
	enough(t, eligible, 1500, "people 60-74")
	enough(t, fit, 2000, "FIT results")
	if pct := 100 * float64(fitAbnormal) / float64(fit); pct < 2 || pct > 4.5 {
		t.Errorf("FIT abnormal %.1f%% of %d, want 2-4.5", pct, fit)
	}
	if pct := 100 * float64(covered) / float64(eligible); pct < 63.8 || pct > 79.8 {
		t.Errorf("bowel screening coverage 60-74 %.1f%% (%d of %d), want 71.8 +/- 8", pct, covered, eligible)
	}
	t.Logf("bowel: coverage %d/%d, FIT %d, abnormal %d", covered, eligible, fit, fitAbnormal)
}

// TestAAAScreening: men are invited once in the year they turn 65 (from
// April 2013): a missed invitation is coded only for men of 64-65, never a
// woman; about 24% of the men invited in the record miss it (PHE 2019-20:
// 76.1% screened, verified; 14-34% allowed); an aneurysm found is a problem
// of a man, coded at the contact that files the programme's letter.
func TestAAAScreening(t *testing.T) {
	r := review5Population(t)
	dna := obsCode(t, "aaa_screening_dna")
	from := max(r.p.windowStart+200, models.CivilDate(2013, 10, 1))
	invited, missed, aneurysms := 0, 0, 0
	for id, pt := range r.patients {
		n := 0
		for _, o := range r.obsOf[id] {
			if o.SnomedCode != dna {
				continue
			}
			n++
			if a := ageOnDay(pt, o.EffectiveTime.Date()); pt.Sex != "male" || a < 64 || a > 65 {
				t.Errorf("patient %s: missed AAA screening coded on %s for a %s aged %d", id, o.EffectiveTime.Date(), pt.Sex, a)
			}
		}
		if n > 1 {
			t.Errorf("patient %s: %d missed AAA invitations, want one at most", id, n)
		}
		if c := r.has(id, "abdominal_aortic_aneurysm"); c != nil {
			aneurysms++
			e := r.encs[c.DiagnosisEncounterID]
			if pt.Sex != "male" || e == nil || e.ReasonConditionID != c.ConditionID {
				t.Errorf("patient %s: aneurysm from %s (%s) not found at a scan", id, c.OnsetDate, pt.Sex)
			}
		}
		// men whose 65th birthday is well inside the record and before its end less a year
		b65 := models.DateOf(pt.BirthDate.Time().AddDate(65, 0, 0))
		if pt.Sex == "male" && b65 >= from && b65 < r.p.Opts.Population()-365 && (pt.DeathDate == models.NoDate || pt.DeathDate > b65+240) {
			invited++
			if n > 0 {
				missed++
			}
		}
	}
	enough(t, invited, 400, "men turning 65 in the record")
	if pct := 100 * float64(missed) / float64(invited); pct < 14 || pct > 34 {
		t.Errorf("missed AAA invitations %.1f%% of %d men, want 14-34 (PHE 2019-20: 23.9%%)", pct, invited)
	}
	t.Logf("aaa: %d of %d men missed the invitation; %d aneurysms", missed, invited, aneurysms)
}
