package openehr

import (
	"math"

	"github.com/code4health/cohortgen/export/internal/jsonw"
	"github.com/code4health/cohortgen/models"
)

// Appenders for openEHR RM objects in canonical JSON (the openEHR ITS-JSON
// form, with "_type" first so that parsers can pick the class before the
// attributes). Every key and fixed value is a constant; record values go
// through jsonw, so nothing is reflected or boxed.

const rmVersion = "1.0.4"

// Code phrases every composition and entry repeats.
const (
	langEN     = `{"_type":"CODE_PHRASE","terminology_id":{"_type":"TERMINOLOGY_ID","value":"ISO_639-1"},"code_string":"en"}`
	territGB   = `{"_type":"CODE_PHRASE","terminology_id":{"_type":"TERMINOLOGY_ID","value":"ISO_3166-1"},"code_string":"GB"}`
	encUTF8    = `{"_type":"CODE_PHRASE","terminology_id":{"_type":"TERMINOLOGY_ID","value":"IANA_character-sets"},"code_string":"UTF-8"}`
	eventCat   = `{"_type":"DV_CODED_TEXT","value":"event","defining_code":{"_type":"CODE_PHRASE","terminology_id":{"_type":"TERMINOLOGY_ID","value":"openehr"},"code_string":"433"}}`
	entryAttrs = `,"language":` + langEN + `,"encoding":` + encUTF8 + `,"subject":{"_type":"PARTY_SELF"}`
)

// Terminology ids of coded text.
const (
	termSNOMED = "SNOMED-CT"
	termLocal  = "local"
)

// locatable returns the opening of an archetyped object of RM type typ:
// `{"_type":typ,"name":…,"archetype_node_id":arch,"archetype_details":…`.
// template is written into archetype_details only for the composition.
func locatable(typ, arch, name, template string) string {
	s := `{"_type":"` + typ + `","name":{"_type":"DV_TEXT","value":"` + name + `"},"archetype_node_id":"` + arch +
		`","archetype_details":{"_type":"ARCHETYPED","archetype_id":{"_type":"ARCHETYPE_ID","value":"` + arch + `"}`
	if template != "" {
		s += `,"template_id":{"_type":"TEMPLATE_ID","value":"` + template + `"}`
	}
	return s + `,"rm_version":"` + rmVersion + `"}`
}

// node returns the opening of a non-root node (at-code): `{"_type":typ,"name":…,"archetype_node_id":at`.
func node(typ, at, name string) string {
	return `{"_type":"` + typ + `","name":{"_type":"DV_TEXT","value":"` + name + `"},"archetype_node_id":"` + at + `"`
}

// element returns the opening of an ELEMENT up to its value: `{…,"value":`.
func element(at, name string) string { return node("ELEMENT", at, name) + `,"value":` }

func dvText(b []byte, s string) []byte {
	b = append(b, `{"_type":"DV_TEXT","value":`...)
	b = jsonw.String(b, s)
	return append(b, '}')
}

// dvCoded appends a DV_CODED_TEXT; an empty code gives a DV_TEXT instead
// (wherever coded text is written the template also accepts plain text).
func dvCoded(b []byte, value, terminology, code string) []byte {
	if code == "" {
		return dvText(b, value)
	}
	b = append(b, `{"_type":"DV_CODED_TEXT","value":`...)
	b = jsonw.String(b, value)
	b = append(b, `,"defining_code":{"_type":"CODE_PHRASE","terminology_id":{"_type":"TERMINOLOGY_ID","value":"`...)
	b = append(b, terminology...)
	b = append(b, `"},"code_string":`...)
	b = jsonw.String(b, code)
	return append(b, `}}`...)
}

func dvDateTime(b []byte, t models.Timestamp) []byte {
	b = append(b, `{"_type":"DV_DATE_TIME","value":`...)
	b = jsonw.Timestamp(b, t)
	return append(b, '}')
}

// dvDate appends a date as a DV_DATE_TIME: the elements are date-times in
// the templates, and the records hold only the day (ISO 8601 allows the
// reduced form, and openEHR date-times may be partial).
func dvDate(b []byte, d models.Date) []byte {
	b = append(b, `{"_type":"DV_DATE_TIME","value":`...)
	b = jsonw.Date(b, d)
	return append(b, '}')
}

func dvQuantity(b []byte, v float64, units string) []byte {
	b = append(b, `{"_type":"DV_QUANTITY","magnitude":`...)
	b = jsonw.Float(b, v)
	b = append(b, `,"units":`...)
	b = jsonw.String(b, units)
	return append(b, '}')
}

// dvPercent appends a percentage as a DV_PROPORTION of type 2 (percent),
// whose denominator the RM fixes at 100.
func dvPercent(b []byte, v float64) []byte {
	b = append(b, `{"_type":"DV_PROPORTION","numerator":`...)
	b = jsonw.Float(b, v)
	return append(b, `,"denominator":100,"type":2}`...)
}

// hasValue reports whether an observation has a numeric value that JSON can
// carry.
func hasValue(o *models.Observation) bool {
	return o.Value != nil && !math.IsNaN(*o.Value) && !math.IsInf(*o.Value, 0)
}
