package datasets

import (
	"bytes"
	"strings"
	"testing"
)

func TestOpenEHRTemplates(t *testing.T) {
	want := map[string]string{
		"BMI.opt":                                 "BMI",
		"IDCR - Adverse Reaction List.v1.opt":     "IDCR -  Adverse Reaction List.v1",
		"IDCR - Immunisation summary.v0.opt":      "IDCR - Immunisation summary.v0",
		"IDCR - Laboratory Test Report.v0.opt":    "IDCR - Laboratory Test Report.v0",
		"IDCR - Medication Statement List.v0.opt": "IDCR - Medication Statement List.v0",
		"IDCR - Problem List.v1.opt":              "IDCR - Problem List.v1",
		"IDCR - Vital Signs Encounter.v1.opt":     "IDCR - Vital Signs Encounter.v1",
	}
	got := OpenEHRTemplates()
	if len(got) != len(want) {
		t.Fatalf("%d templates, want %d", len(got), len(want))
	}
	for _, tp := range got {
		if want[tp.File] != tp.ID {
			t.Errorf("%s: template_id %q, want %q", tp.File, tp.ID, want[tp.File])
		}
		if !bytes.HasPrefix(bytes.TrimPrefix(tp.OPT, []byte("\xef\xbb\xbf")), []byte("<?xml")) { // some start with a UTF-8 BOM
			t.Errorf("%s does not start as XML", tp.File)
		}
	}
}

// Every observation code must have an openEHR placement, so that a code
// added later is not dropped from the openEHR output without a decision.
func TestOpenEHRObservationsCoverEveryCode(t *testing.T) {
	placed := map[string]string{}
	for _, o := range OpenEHRObservations() {
		placed[o.Key] = o.Composition
	}
	for _, c := range ObservationCodes() {
		if _, ok := placed[c.Key]; !ok {
			t.Errorf("observation %s has no row in openehr_observations.csv", c.Key)
		}
	}
	for key, comp := range map[string]string{"systolic_bp": OpenEHRVitalSigns, "weight": OpenEHRBMI, "hba1c": OpenEHRLab, "phq9": OpenEHRNone} {
		if placed[key] != comp {
			t.Errorf("%s goes to %q, want %q", key, placed[key], comp)
		}
	}
}

func TestOpenEHRSettings(t *testing.T) {
	for _, s := range []string{"gp", "ae", "inpatient", "outpatient"} {
		got, ok := OpenEHRSettingOf(s)
		if !ok || got.Code == "" || got.Rubric == "" {
			t.Errorf("setting %s: %+v, %v", s, got, ok)
		}
		if (s == "gp") != (got.Composer == "") {
			t.Errorf("setting %s: composer %q (only gp has none: its composer is the GP)", s, got.Composer)
		}
	}
}

// A vital sign or body measure is written with its record's unit (the
// oxygen saturation as a percent proportion), so the unit the placement
// names (the note's first word) must be the observation code's unit, or
// say which record unit it names ("°C = Cel": the template's form of it).
func TestOpenEHRPlacedUnitsAreTheRecordUnits(t *testing.T) {
	tb := loadRefTable("openehr_observations.csv", "key", "composition", "element", "note")
	for _, r := range tb.rows {
		comp := tb.str(r, "composition")
		if comp != OpenEHRVitalSigns && comp != OpenEHRBMI {
			continue
		}
		key := tb.str(r, "key")
		code, _ := ObservationByKey(key)
		unit, rest, _ := strings.Cut(tb.str(r, "note"), " ")
		if unit != code.Unit && !strings.HasPrefix(rest, "= "+code.Unit+":") {
			t.Errorf("%s: openehr_observations.csv places it in %s, observation_codes.csv records %s", key, unit, code.Unit)
		}
	}
}
