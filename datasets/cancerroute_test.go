package datasets

import "testing"

// Every cancer site with an urgent pathway has a route to diagnosis, and
// every route names a catalogue site.
func TestCancerRoutesCoverTheCancerSites(t *testing.T) {
	r, err := CancerRouteData()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	sites := map[string]bool{}
	for _, c := range cat.Conditions {
		if c.UrgentPathway == nil {
			continue
		}
		for _, s := range c.Sites {
			sites[s.Key] = true
			if r.Route(s.Key) == nil {
				t.Errorf("site %s of %s has no route in cancer_routes.yaml", s.Key, c.Key)
			}
		}
	}
	for _, s := range r.Sites {
		if !sites[s.Site] {
			t.Errorf("cancer_routes.yaml: site %s is no site of a condition with an urgent pathway", s.Site)
		}
	}
}

// The audit rule two-week-wait-referral-without-symptom accepts every
// symptom the routes record (one list, checked against the other).
func TestTwoWeekWaitRuleKnowsEverySymptom(t *testing.T) {
	r, err := CancerRouteData()
	if err != nil {
		t.Fatal(err)
	}
	set, _, err := ParseRules(rulesYAML)
	if err != nil {
		t.Fatal(err)
	}
	for _, rule := range set.Rules {
		if rule.ID != "two-week-wait-referral-without-symptom" {
			continue
		}
		known := map[string]bool{}
		for _, k := range rule.PrecededBy {
			known[k] = true
		}
		for _, k := range r.SymptomKeys() {
			if !known[k] {
				t.Errorf("symptom %s is not in the rule's preceded_by", k)
			}
		}
		return
	}
	t.Fatal("rule two-week-wait-referral-without-symptom not found")
}
