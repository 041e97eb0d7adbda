package datasets

import (
	"strings"
	"testing"
)

// TestCatalogueCareQualityTargets checks the embedded targets: one per
// measure stats computes, each with a verified or approx source.
func TestCatalogueCareQualityTargets(t *testing.T) {
	cat, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.CareQuality) != len(CareQualityKeys) {
		t.Errorf("%d care_quality targets, want one for each of the %d measures", len(cat.CareQuality), len(CareQualityKeys))
	}
	for _, q := range cat.CareQuality {
		if q.Status == "approx" && !strings.Contains(q.Source, "approx") {
			t.Errorf("%s: an approx figure must say so in its source text", q.Key)
		}
	}
}

func TestCheckCareQualityRejects(t *testing.T) {
	good := CareQualityTarget{Key: "cvd_statin", Name: "statin in CVD", Percent: 85, Tolerance: 10, Source: "QOF", Status: "approx"}
	if err := checkCareQuality([]CareQualityTarget{good}); err != nil {
		t.Fatalf("a good target: %v", err)
	}
	for name, c := range map[string]struct {
		edit func(*CareQualityTarget)
		want string
	}{
		"unknown key":    {func(q *CareQualityTarget) { q.Key = "statins" }, "unknown key"},
		"no source":      {func(q *CareQualityTarget) { q.Source = "" }, "source"},
		"no name":        {func(q *CareQualityTarget) { q.Name = "" }, "name"},
		"zero percent":   {func(q *CareQualityTarget) { q.Percent = 0 }, "percent"},
		"over 100":       {func(q *CareQualityTarget) { q.Percent = 101 }, "percent"},
		"a fraction":     {func(q *CareQualityTarget) { q.Tolerance = 0 }, "tolerance"},
		"status":         {func(q *CareQualityTarget) { q.Status = "recalled" }, "status"},
		"empty status":   {func(q *CareQualityTarget) { q.Status = "" }, "status"},
		"huge tolerance": {func(q *CareQualityTarget) { q.Tolerance = 60 }, "tolerance"},
	} {
		bad := good
		c.edit(&bad)
		if err := checkCareQuality([]CareQualityTarget{bad}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error about %s", name, err, c.want)
		}
	}
	if err := checkCareQuality([]CareQualityTarget{good, good}); err == nil || !strings.Contains(err.Error(), "repeated") {
		t.Errorf("a repeated key: got %v", err)
	}
}

// TestParseCatalogueChecksCareQuality: the loader runs the check, so a
// catalogue with a misspelt measure does not load.
func TestParseCatalogueChecksCareQuality(t *testing.T) {
	doc := strings.Replace(string(catalogueYAML), "\ncare_quality:\n",
		"\ncare_quality:\n  - {key: t2d_hba1c_59, name: x, percent: 60, tolerance: 10, source: y, status: approx}\n", 1)
	if _, err := ParseCatalogue([]byte(doc)); err == nil || !strings.Contains(err.Error(), "t2d_hba1c_59") {
		t.Fatalf("got %v, want the unknown key named", err)
	}
}
