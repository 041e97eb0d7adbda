package datasets

import (
	"strings"
	"testing"
)

// TestAfterMaxDoseFollowsATitratedLine: a line started after the highest
// dose (febuxostat after allopurinol, seventeenth review) needs a line
// titrated to a level before it, and a start after flares needs a count of
// flares; the catalogue fails to load otherwise.
func TestAfterMaxDoseFollowsATitratedLine(t *testing.T) {
	cases := []struct{ from, to, want string }{
		{"        titrate: true\n        titrate_above: 360\n", "", "after_max_dose"},
		{"flares_start: {flares: 2,", "flares_start: {flares: 0,", "flares_start"},
	}
	for _, c := range cases {
		if !strings.Contains(string(catalogueYAML), c.from) {
			t.Fatalf("the catalogue has no %q", c.from)
		}
		doc := strings.Replace(string(catalogueYAML), c.from, c.to, 1)
		if _, err := ParseCatalogue([]byte(doc)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: the catalogue loaded without its check: %v", c.want, err)
		}
	}
}
