package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestCancersHaveSites: a cancer on the problem list names its primary site
// (never "site unspecified"); the living register is led by breast cancer in
// women and prostate cancer in men; lung cancer leads the causes of cancer
// death and falls mostly on people who have smoked; treatment follows the
// site; and weight falls before a death from cancer (cachexia).
func TestCancersHaveSites(t *testing.T) {
	p := testPlan(t, 12_000, nil)
	b := generateAll(t, p, 0, 12_000)
	alive, sex, birth := map[string]bool{}, map[string]string{}, map[string]models.Date{}
	for _, pt := range b.Patients {
		alive[pt.PatientID] = pt.DeathDate == models.NoDate
		sex[pt.PatientID] = pt.Sex
		birth[pt.PatientID] = pt.BirthDate
	}
	maxAge := map[string]int{} // by ICD-10 code: the oldest age at diagnosis
	for _, c := range p.Cat.Conditions {
		for _, st := range c.Sites {
			maxAge[st.ICD10] = st.MaxAge
		}
	}
	smoked := map[string]bool{} // by the last smoking status recorded: smoker or ex-smoker
	for _, o := range b.Observations {
		switch o.ValueCode {
		case "77176002", "8517006":
			smoked[o.PatientID] = true
		case "266919005":
			smoked[o.PatientID] = false
		}
	}
	living := map[string]map[string]int{"female": {}, "male": {}}
	lung, lungSmoked, cancers := 0, 0, 0
	for _, c := range b.Conditions {
		if c.ConditionKey != "cancer" {
			continue
		}
		cancers++
		if c.ICD10Code == "C80.9" || c.SnomedCode == "363346000" {
			t.Fatalf("cancer %s with no site: %s %s", c.ConditionID, c.ICD10Code, c.Description)
		}
		if alive[c.PatientID] {
			living[sex[c.PatientID]][c.ICD10Code]++
		}
		if m := maxAge[c.ICD10Code]; m > 0 && models.YearsBetween(birth[c.PatientID], c.OnsetDate) > m {
			t.Errorf("%s diagnosed at %d, above its site's max_age %d", c.Description, models.YearsBetween(birth[c.PatientID], c.OnsetDate), m)
		}
		if known, recorded := smoked[c.PatientID]; c.ICD10Code == "C34.9" && recorded {
			lung++
			if known {
				lungSmoked++
			}
		}
	}
	if cancers < 200 {
		t.Fatalf("only %d cancers in 12,000 people", cancers)
	}
	for s, want := range map[string]string{"female": "C50.9", "male": "C61"} {
		for code, n := range living[s] {
			if code != want && n >= living[s][want] {
				t.Errorf("%s register: %s (%d) as common as %s (%d)", s, code, n, want, living[s][want])
			}
		}
	}
	deaths := map[string]int{}
	for _, pt := range b.Patients {
		if len(pt.CauseOfDeathCode) > 0 && pt.CauseOfDeathCode[0] == 'C' {
			deaths[pt.CauseOfDeathCode]++
		}
	}
	for code, n := range deaths {
		if code != "C34.9" && n >= deaths["C34.9"] {
			t.Errorf("cancer deaths: %s (%d) as common as lung (%d)", code, n, deaths["C34.9"])
		}
	}
	if lung == 0 || float64(lungSmoked) < 0.8*float64(lung) {
		t.Errorf("lung cancer in %d people with a smoking status, %d of them smokers or ex-smokers: want at least 80%%", lung, lungSmoked)
	}
	t.Logf("%d cancers; lung %d (%d smoked); cancer deaths %v", cancers, lung, lungSmoked, deaths)

	// Treatment follows the site: most breast cancers diagnosed in the record
	// are operated on, leukaemias never (chemotherapy or watch and wait).
	site := map[string]string{}
	for _, c := range b.Conditions {
		if c.ConditionKey == "cancer" && c.DiagnosisEncounterID != "" {
			site[c.ConditionID] = c.ICD10Code
		}
	}
	// An operation: a planned stay over a night, or (stop 73, h73h) a day
	// case at a site whose cancer operations day_case.yaml makes mostly day
	// cases (breast, melanoma: BADS); the operation happened either way.
	// Chemotherapy cycles are day cases too, so a day case elsewhere (a
	// leukaemia's) is not counted.
	dayCaseSite := map[string]bool{"C50.9": true, "C43.9": true}
	operated := map[string]bool{}
	for _, e := range b.Encounters {
		code, ok := site[e.ReasonConditionID]
		if !ok || e.Setting != "inpatient" || e.AdmissionMethod == "" || e.AdmissionMethod[0] != '1' {
			continue
		}
		if e.EndTime.Date() > e.StartTime.Date() || (e.Class == "SS" && dayCaseSite[code]) {
			operated[e.ReasonConditionID] = true
			if code == "C95.9" {
				t.Errorf("leukaemia %s operated on", e.ReasonConditionID)
			}
		}
	}
	// Cachexia: weights in the last 60 days against the same person's 1-4
	// years before death.
	death := map[string]models.Date{}
	for _, pt := range b.Patients {
		if len(pt.CauseOfDeathCode) > 0 && pt.CauseOfDeathCode[0] == 'C' {
			death[pt.PatientID] = pt.DeathDate
		}
	}
	var early, late = map[string][]float64{}, map[string][]float64{}
	for _, o := range b.Observations {
		d, ok := death[o.PatientID]
		if !ok || o.Value == nil || o.Description != "Body weight" {
			continue
		}
		switch before := d - o.EffectiveTime.Date(); {
		case before <= 60:
			late[o.PatientID] = append(late[o.PatientID], *o.Value)
		case before >= 365 && before <= 4*365:
			early[o.PatientID] = append(early[o.PatientID], *o.Value)
		}
	}
	var ratios []float64
	for id, l := range late {
		if e := early[id]; len(e) > 0 {
			ratios = append(ratios, mean(l)/mean(e))
		}
	}
	if len(ratios) < 10 || mean(ratios) > 0.97 {
		t.Errorf("weight in the last 60 days before a cancer death over 1-4 years before: %.3f in %d people; want a loss of 3%% or more", mean(ratios), len(ratios))
	}

	breast, breastOperated := 0, 0
	for id, code := range site {
		if code == "C50.9" {
			breast++
			if operated[id] {
				breastOperated++
			}
		}
	}
	t.Logf("breast cancers diagnosed in the record: %d, operated on (a stay or a day case): %d", breast, breastOperated)
	if breast < 20 || float64(breastOperated) < 0.6*float64(breast) {
		t.Errorf("breast cancers diagnosed in the record: %d, operated on: %d; want most", breast, breastOperated)
	}
}

// TestCancerDeathsFollowSurvival: a GP read two pancreatic cancers that
// killed six years after their diagnosis, with stable weight (the median
// was 80 months for pancreas and 45 for lung). A decedent's cancer is now
// diagnosed within the site's survival of the death (diagnosedNearDeath):
// deaths from lung, pancreatic and oesophageal cancer come a median of
// 16 months after the diagnosis (48 before), 23% after three years (57%).
func TestCancerDeathsFollowSurvival(t *testing.T) {
	r := review5Population(t)
	var months []float64
	late := 0
	for i := range r.b.Patients {
		p := &r.b.Patients[i]
		if p.DeathDate == models.NoDate {
			continue
		}
		switch p.CauseOfDeathCode {
		case "C34.9", "C25.9", "C15.9": // lung, pancreas, oesophagus
		default:
			continue
		}
		for _, c := range r.condsOf[p.PatientID] {
			if c.ConditionKey == "cancer" && c.ICD10Code == p.CauseOfDeathCode && c.OnsetDate <= p.DeathDate {
				m := float64(p.DeathDate-c.OnsetDate) / 30.44
				months = append(months, m)
				if m > 36 {
					late++
				}
			}
		}
	}
	if len(months) < 50 {
		t.Fatalf("only %d deaths from lung, pancreatic or oesophageal cancer", len(months))
	}
	slices.Sort(months)
	med := months[len(months)/2]
	t.Logf("%d deaths from lung, pancreatic or oesophageal cancer: median %.0f months after diagnosis, %d after 3 years", len(months), med, late)
	if med > 20 || float64(late) > 0.3*float64(len(months)) {
		t.Errorf("%d deaths from lung, pancreatic or oesophageal cancer: median %.0f months after diagnosis, %d after 3 years; want a median of at most 20 and under 30%% after 3 years", len(months), med, late)
	}
}
