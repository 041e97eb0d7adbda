package datasets

import (
	"strings"
	"testing"
)

// TestDiagnosisReadingsMustBeNumeric: a reading taken at a diagnosis
// (catalogue diagnosis_readings: hypothyroidism's free T4, sixteenth
// review) must be a numeric observation; a coded one fails to load.
func TestDiagnosisReadingsMustBeNumeric(t *testing.T) {
	const want = "diagnosis_readings: [free_t4]"
	if !strings.Contains(string(catalogueYAML), want) {
		t.Fatalf("the catalogue has no %q", want)
	}
	doc := strings.Replace(string(catalogueYAML), want, "diagnosis_readings: [smoking_status]", 1)
	if _, err := ParseCatalogue([]byte(doc)); err == nil || !strings.Contains(err.Error(), "diagnosis_readings") {
		t.Errorf("a coded diagnosis reading loaded: %v", err)
	}
}
