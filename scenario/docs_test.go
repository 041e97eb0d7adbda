package scenario

import (
	"os"
	"strings"
	"testing"
)

// The format's documentation shows working examples and covers the library
// and the catalogue.
func TestDocsExamplesCheckAndCoverTheLibrary(t *testing.T) {
	raw, err := os.ReadFile("../docs/scenarios.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	blocks := strings.Split(doc, "```yaml\n")
	checked := 0
	for i, b := range blocks[1:] {
		src, _, _ := strings.Cut(b, "```")
		if strings.HasPrefix(src, " ") {
			continue // a fragment of a cohort, shown indented
		}
		checked++
		for _, p := range Check("docs.yaml", []byte(src)) {
			if !strings.Contains(p.Message, "generates nobody") {
				t.Errorf("docs example %d: %v\n%s", i+1, p, src)
			}
		}
	}
	if checked < 6 {
		t.Errorf("only %d whole examples found in docs/scenarios.md", checked)
	}
	for _, name := range Builtin() {
		if !strings.Contains(doc, "`"+name+"`") {
			t.Errorf("docs/scenarios.md does not describe the built-in %s", name)
		}
	}
	ref, err := loadReference()
	if err != nil {
		t.Fatal(err)
	}
	for key := range ref.conds {
		if !strings.Contains(doc, "`"+key+"`") {
			t.Errorf("docs/scenarios.md does not list the condition %s", key)
		}
	}
	for key := range ref.cat.Observations {
		if !strings.Contains(doc, "`"+key+"`") {
			t.Errorf("docs/scenarios.md does not list the observation %s", key)
		}
	}
}
