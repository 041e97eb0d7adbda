package datasets

import (
	"strings"
	"testing"
)

func TestEmbeddedRulesLoad(t *testing.T) {
	set, warnings, err := Rules()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Rules) < 30 {
		t.Errorf("want at least 30 rules, have %d", len(set.Rules))
	}
	hard := 0
	for _, r := range set.Rules {
		if r.Severity == "hard" {
			hard++
		}
	}
	if hard < 10 {
		t.Errorf("want at least 10 hard rules, have %d", hard)
	}
	// The only expected warning today: insulin is declared ahead of any
	// insulin product. When one is added, this test asks for the pending
	// entry to go.
	for _, w := range warnings {
		if !strings.Contains(w, `class "insulin" has no medicine yet`) {
			t.Errorf("unexpected warning: %s", w)
		}
	}
}

func TestRuleParamsRecorded(t *testing.T) {
	set, _, err := Rules()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range set.Rules {
		if r.ID == "metformin-egfr-below-30" {
			if strings.Join(r.Params, ",") != "drug,observation" {
				t.Errorf("params %v, want drug,observation", r.Params)
			}
			return
		}
	}
	t.Fatal("metformin-egfr-below-30 missing")
}

// rule returns a one-rule document with the given parameter lines.
func rule(params string) string {
	return `
pending_classes: [{class: insulin, note: none yet}]
rules:
  - id: r1
    title: t
    kind: drug_age
    severity: hard
    source: {ref: BNF, says: something, status: verified}
` + params
}

func TestRulesNamingUnknownThingsFailToLoad(t *testing.T) {
	cases := map[string]string{
		"unknown medicine":    "    drug: {medicines: [metformine]}\n",
		"unknown class":       "    drug: {classes: [nsaids]}\n",
		"unknown product":     "    drug: {products: [\"123456789\"]}\n",
		"unknown dose form":   "    drug: {forms: [syrup]}\n",
		"unknown observation": "    observation: {key: egfr2, below: 30}\n",
		"unknown coded value": "    observation: {key: smoking_status, value: sometimes_smokes}\n",
		"unknown condition":   "    condition: {keys: [diabetes]}\n",
		"malformed code":      "    condition: {keys: [ckd], codes: [\"N18.4\"]}\n",
		"unknown setting":     "    settings: [ward]\n",
		"unknown field":       "    drugg: {medicines: [metformin]}\n",
		"empty drug set":      "    drug: {count: 2}\n",
		"unknown allergy":     "    allergy: {keys: [penicilin]}\n",
		"empty allergy set":   "    allergy: {keys: []}\n",
	}
	for name, params := range cases {
		if _, _, err := ParseRules([]byte(rule(params))); err == nil {
			t.Errorf("%s: loaded without error", name)
		}
	}
	if _, _, err := ParseRules([]byte(rule("    drug: {medicines: [metformin]}\n"))); err != nil {
		t.Errorf("a valid rule failed to load: %v", err)
	}
}

func TestRuleHeaderChecks(t *testing.T) {
	bad := map[string]string{
		"no source":        "rules: [{id: a, title: t, kind: k, severity: hard}]",
		"bad severity":     "rules: [{id: a, title: t, kind: k, severity: soft, source: {ref: r, says: s, status: verified}}]",
		"bad status":       "rules: [{id: a, title: t, kind: k, severity: hard, source: {ref: r, says: s, status: sure}}]",
		"bad id":           "rules: [{id: A_1, title: t, kind: k, severity: hard, source: {ref: r, says: s, status: verified}}]",
		"repeated id":      "rules: [{id: a, title: t, kind: k, severity: hard, source: {ref: r, says: s, status: approx}}, {id: a, title: t, kind: k, severity: hard, source: {ref: r, says: s, status: approx}}]",
		"hard with a rate": "rules: [{id: a, title: t, kind: k, severity: hard, source: {ref: r, says: s, status: approx}, reference: {percent: 5, source: s, status: approx}}]",
	}
	for name, doc := range bad {
		if _, _, err := ParseRules([]byte(doc)); err == nil {
			t.Errorf("%s: loaded without error", name)
		}
	}
}

func TestPendingClassWarnsAndStalePendingWarns(t *testing.T) {
	_, w, err := ParseRules([]byte(strings.Replace(rule("    drug: {classes: [antifungal]}\n"), "class: insulin", "class: antifungal", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != 1 || !strings.Contains(w[0], "r1") || !strings.Contains(w[0], "antifungal") {
		t.Errorf("want one warning naming r1 and antifungal, got %q", w)
	}
	doc := strings.Replace(rule("    drug: {classes: [statin]}\n"), "class: insulin", "class: statin", 1)
	_, w, err = ParseRules([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(w) != 1 || !strings.Contains(w[0], "remove it from pending_classes") {
		t.Errorf("want a warning that statin is no longer pending, got %q", w)
	}
}

func TestRangeHoldsAndPrints(t *testing.T) {
	f := func(x float64) *float64 { return &x }
	r := Range{AtLeast: f(15), Below: f(50)}
	for x, want := range map[float64]bool{14.9: false, 15: true, 49.9: true, 50: false} {
		if r.Holds(x) != want {
			t.Errorf("%v: Holds(%v) = %v", r, x, !want)
		}
	}
	if s := r.String(); s != ">= 15 and < 50" {
		t.Errorf("String() = %q", s)
	}
}
