// Checks for brief h73h: whether A&E admits follows the patient's state,
// day cases keep day-unit hours for what is done, and breast and melanoma
// cancer operations are mostly day cases (ae_admission.yaml, day_case.yaml).
package generator

import (
	"slices"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// aeAdmitted counts, per problem and age group (16-39, 75+), the adult A&E
// attendances about it and those followed by an emergency admission from
// their end.
func (r *realism) aeAdmitted(problems ...string) map[string][2][2]int {
	keys := r.conditionKeys()
	type at struct {
		patient string
		t       models.Timestamp
	}
	admittedAt := map[at]bool{}
	for i := range r.b.Encounters {
		if e := &r.b.Encounters[i]; e.Setting == settingInpatient && e.AdmissionMethod == admissionViaAE {
			admittedAt[at{e.PatientID, e.StartTime}] = true
		}
	}
	out := map[string][2][2]int{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		k := keys[e.ReasonConditionID]
		if e.Setting != settingAE || !slices.Contains(problems, k) {
			continue
		}
		age := int(e.StartTime.Date()-r.patients[e.PatientID].BirthDate) / 365
		g := -1
		switch {
		case age >= 16 && age < 40:
			g = 0
		case age >= 75:
			g = 1
		}
		if g < 0 {
			continue
		}
		c := out[k]
		c[g][0]++
		if admittedAt[at{e.PatientID, e.EndTime}] {
			c[g][1]++
		}
		out[k] = c
	}
	return out
}

// TestAEAdmitsByRisk: NICE CG109 1.2.1.3 sends a blackout with high-risk
// features (heart failure, an ECG abnormality, over 65 without a prodrome)
// for cardiovascular assessment within 24 hours; NICE NG141 treats most
// cellulitis in the community with oral antibiotics (admit Eron III-IV, the
// frail); NG109/NG111 treat a UTI at home unless septic or unable to take
// oral medicines. Before, syncope at A&E was never admitted (0 of 1,018 at
// 75 and over), cellulitis at 16-39 was admitted as often as at 75 (82% of
// under-40s) and nearly every UTI was (177 of 182 under 40; generate -n
// 20000 -s 83). Now at 75 and over at least a quarter of syncope is
// admitted, and under 40 at most 40% of cellulitis and UTI, fewer than at
// 75 and over.
func TestAEAdmitsByRisk(t *testing.T) {
	r := pathwayPopulation(t)
	counts := r.aeAdmitted("syncope", "cellulitis", "uti")
	share := func(c [2]int) float64 { return float64(c[1]) / float64(max(c[0], 1)) }
	for _, k := range []string{"syncope", "cellulitis", "uti"} {
		c := counts[k]
		t.Logf("%s at A&E: 16-39 %d of %d admitted, 75+ %d of %d", k, c[0][1], c[0][0], c[1][1], c[1][0])
		enough(t, c[0][0], 10, k+" A&E attendances at 16-39")
		enough(t, c[1][0], 20, k+" A&E attendances at 75 and over")
	}
	if s := share(counts["syncope"][1]); s < 0.25 {
		t.Errorf("syncope at A&E at 75 and over: %.0f%% admitted, want at least 25%% (NICE CG109 1.2.1.3)", 100*s)
	}
	for _, k := range []string{"cellulitis", "uti"} {
		young, old := share(counts[k][0]), share(counts[k][1])
		if young > 0.4 || young >= old {
			t.Errorf("%s at A&E: %.0f%% admitted at 16-39 against %.0f%% at 75 and over, want at most 40%% and fewer than the old (NICE NG141, NG109/NG111)", k, 100*young, 100*old)
		}
	}
}

// TestDayCasesKeepDayUnitHours: a day unit admits its lists in the morning
// and early afternoon and a patient goes home the same evening; a cataract
// is about 2-3 hours in the unit (day_case.yaml, approx). Before, day cases
// started up to 17:50 and lasted 3-7.5 hours whatever was done: 1,711 of
// 6,044 "seen in day surgery unit" visits ended after 20:00 UK time and the
// median cataract was 300 minutes (generate -n 20000 -s 83). Now every day
// case starts 07:30-13:30 and ends by 20:00, and the median cataract is at
// most 180 minutes.
func TestDayCasesKeepDayUnitHours(t *testing.T) {
	r := pathwayPopulation(t)
	keys := r.conditionKeys()
	n, late := 0, 0
	var cataract []int
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Class != "SS" || e.EndTime <= e.StartTime {
			continue
		}
		n++
		s, en := localMinute(e.StartTime), localMinute(e.EndTime)
		if s < 7*60+30 || s > 13*60+30 || en >= 20*60 || e.EndTime.Date() != e.StartTime.Date() {
			late++
			if late <= 5 {
				t.Logf("%s: day case %s for %s %s to %s", e.PatientID, e.TypeDisplay, keys[e.ReasonConditionID], UKLocal(e.StartTime).Format("2006-01-02 15:04"), UKLocal(e.EndTime).Format("15:04"))
			}
		}
		if keys[e.ReasonConditionID] == "cataract" {
			cataract = append(cataract, int(e.EndTime-e.StartTime)/int(models.MicrosPerMinute))
		}
	}
	enough(t, n, 500, "day cases")
	enough(t, len(cataract), 50, "cataract day cases")
	slices.Sort(cataract)
	median := cataract[len(cataract)/2]
	t.Logf("%d day cases, %d outside 07:30-13:30 admission or ending at 20:00 or later; cataract median %d minutes (%d)", n, late, median, len(cataract))
	if late > 0 {
		t.Errorf("%d of %d day cases admitted outside 07:30-13:30 or home at 20:00 or later", late, n)
	}
	if median > 180 {
		t.Errorf("cataract day cases: median %d minutes in the unit, want at most 180 (about 2-3 hours)", median)
	}
}

// TestBreastAndMelanomaOperationsAreShort: BADS recommends 95% of
// breast-conserving cancer surgery and 50% of mastectomies as day cases,
// and a melanoma's wide local excision is a day case. Before, every breast
// cancer operation (152) and melanoma excision (37) was a planned stay of a
// median of 5 days (generate -n 20000 -s 83). Now those done with a stay
// (the rest are day cases) have a median under 2.5 days.
func TestBreastAndMelanomaOperationsAreShort(t *testing.T) {
	r := pathwayPopulation(t)
	site := map[string]string{}
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		switch d := strings.ToLower(c.Description); {
		case c.ConditionKey == "cancer" && strings.Contains(d, "breast"):
			site[c.ConditionID] = "breast"
		case c.ConditionKey == "cancer" && strings.Contains(d, "melanoma"):
			site[c.ConditionID] = "melanoma"
		}
	}
	stays := map[string][]float64{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if s, ok := site[e.ReasonConditionID]; ok && e.AdmissionMethod == "11" && e.Class == "IMP" {
			stays[s] = append(stays[s], float64(e.EndTime-e.StartTime)/float64(models.MicrosPerMinute)/1440)
		}
	}
	for _, s := range []string{"breast", "melanoma"} {
		d := stays[s]
		t.Logf("%s cancer operations with a stay: %d", s, len(d))
		if len(d) < 5 {
			continue // too few to say anything (most melanoma excisions are day cases)
		}
		slices.Sort(d)
		median := d[len(d)/2]
		t.Logf("%s: median %.2f days", s, median)
		if median >= 2.5 {
			t.Errorf("%s cancer operations with a stay: median %.1f days, want under 2.5 (BADS: a mastectomy one or two nights, most a day case)", s, median)
		}
	}
	enough(t, len(stays["breast"]), 5, "breast cancer operations with a stay")
}
