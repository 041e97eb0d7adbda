package audit

import (
	"os"
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
)

// Every rules example in docs/audit.md must load and compile, and every
// kind must be described there.
func TestDocsExamplesCompile(t *testing.T) {
	raw, err := os.ReadFile("../docs/audit.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(raw)
	checked := 0
	for _, block := range strings.Split(doc, "```yaml\n")[1:] {
		src, _, _ := strings.Cut(block, "```")
		if !strings.Contains(src, "rules:") {
			continue
		}
		set, _, err := datasets.ParseRules([]byte(src))
		if err == nil {
			_, err = New(set)
		}
		if err != nil {
			t.Errorf("docs example does not load: %v\n%s", err, src)
		}
		checked++
	}
	if checked < 2 {
		t.Errorf("only %d rules examples found in docs/audit.md", checked)
	}
	for _, k := range Kinds() {
		if !strings.Contains(doc, "| `"+k+"` |") {
			t.Errorf("docs/audit.md does not describe the kind %s", k)
		}
	}
}
