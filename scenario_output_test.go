package cohortgen_test

import (
	"encoding/json"
	"html"
	"path/filepath"
	"strings"
	"testing"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/export/fhir"
	"github.com/code4health/cohortgen/internal/readback"
	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// TestCohortsAndStoriesReachEveryFormat: a learner with only the Parquet
// or only the FHIR output can find the scenario's cohort members and read a
// persona's story.
func TestCohortsAndStoriesReachEveryFormat(t *testing.T) {
	const name = "diabetes-clinic"
	sc, err := scenario.LoadBuiltin(name)
	check(t, err)
	stories := map[string]string{} // cohort column value -> story
	for _, p := range sc.Personas {
		if p.Story != "" {
			stories["persona:"+p.Key] = p.Story
		}
	}
	if len(stories) == 0 {
		t.Fatalf("%s has no persona with a story", name)
	}
	out := filepath.Join(t.TempDir(), "out")
	generate(t, scenarioConfig(t, out, name, func(c *cohortgen.Config) { c.Formats = []string{"parquet", "fhir-ndjson"} }))

	pts, err := readback.ReadDir(out, "parquet", models.TablePatients)
	check(t, err)
	cohort, story, ids := pts.Column("cohort"), pts.Column("cohort_story"), pts.Column("patient_id")
	want := map[string]string{} // patient id -> cohort
	for r := 0; r < pts.Rows; r++ {
		if cohort.Null[r] {
			if !story.Null[r] {
				t.Fatalf("a background patient has a story")
			}
			continue
		}
		want[ids.Str[r]] = cohort.Str[r]
		if s, ok := stories[cohort.Str[r]]; ok && (story.Null[r] || story.Str[r] != s) {
			t.Fatalf("%s: cohort_story %q, want %q", cohort.Str[r], story.Value(r), s)
		}
	}
	seen := 0
	for key, line := range ndjsonResources(t, out) {
		if !strings.HasPrefix(key, "Patient/") {
			continue
		}
		var p struct {
			ID   string `json:"id"`
			Meta struct {
				Tag []struct{ System, Code string }
			}
			Text *struct{ Status, Div string }
		}
		check(t, json.Unmarshal([]byte(line), &p))
		var tag string
		for _, tg := range p.Meta.Tag {
			if tg.System == fhir.SystemCohort {
				tag = tg.Code
			}
		}
		if tag != want[p.ID] {
			t.Fatalf("Patient %s: cohort tag %q, want %q", p.ID, tag, want[p.ID])
		}
		if s, ok := stories[tag]; ok {
			if p.Text == nil || !strings.Contains(p.Text.Div, html.EscapeString(s)) {
				t.Fatalf("Patient %s (%s): narrative %+v lacks the story", p.ID, tag, p.Text)
			}
			seen++
		}
	}
	if seen != len(stories) {
		t.Fatalf("%d of %d personas' stories in FHIR", seen, len(stories))
	}
}
