package openehr

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/export/internal/jsonw"
	"github.com/code4health/cohortgen/models"
)

// context is where and by whom a composition was made: an encounter's start
// time and setting, and the clinician of that encounter.
type context struct {
	start    models.Timestamp
	setting  datasets.OpenEHRSetting
	composer *models.Practitioner // the encounter's practitioner; nil: the setting's named team
}

// template is one composition template: its root archetype, fixed name and
// template id, pre-joined into the opening of the composition.
type template struct {
	id   string
	open string
}

func newTemplate(arch, name, id string) template {
	return template{id: id, open: locatable("COMPOSITION", arch, name, id)}
}

// The seven templates written (datasets/openehr/templates).
var (
	tplProblems   = newTemplate("openEHR-EHR-COMPOSITION.problem_list.v1", "Problem list", "IDCR - Problem List.v1")
	tplMedication = newTemplate("openEHR-EHR-COMPOSITION.medication_list.v0", "Medication statement list", "IDCR - Medication Statement List.v0")
	tplVitals     = newTemplate("openEHR-EHR-COMPOSITION.encounter.v1", "Vital Signs Observations", "IDCR - Vital Signs Encounter.v1")
	tplBMI        = newTemplate("openEHR-EHR-COMPOSITION.report-result-datetime.v1", "Result Report Date", "BMI")
	tplLab        = newTemplate("openEHR-EHR-COMPOSITION.report-result.v1", "Laboratory test report", "IDCR - Laboratory Test Report.v0")
	// The adverse reaction list's template_id has two spaces after the dash
	// (as in the IDCR and EHRbase copies of the template).
	tplAllergies     = newTemplate("openEHR-EHR-COMPOSITION.adverse_reaction_list.v1", "Adverse reaction list", "IDCR -  Adverse Reaction List.v1")
	tplImmunisations = newTemplate("openEHR-EHR-COMPOSITION.health_summary.v1", "Immunisation summary", "IDCR - Immunisation summary.v0")
)

// TemplateIDs lists the template ids the exporter writes.
var TemplateIDs = []string{tplProblems.id, tplMedication.id, tplAllergies.id, tplImmunisations.id, tplVitals.id, tplBMI.id, tplLab.id}

// PractitionerNamespace is the PARTY_REF namespace of a practitioner
// composer's external_ref, whose id is the practitioner_id of the
// practitioners table (also the FHIR Practitioner id).
const PractitionerNamespace = "cohortgen.example.org/fhir/Practitioner"

// openComposition appends a composition up to the start of its content
// array; closeComposition ends it (and the NDJSON line).
func openComposition(b []byte, t *template, uuid string, c *context) []byte {
	b = append(b, t.open...)
	b = append(b, `,"uid":{"_type":"OBJECT_VERSION_ID","value":"`...)
	b = append(b, uuid...)
	b = append(b, "::"+SystemID+"::1"+`"},"language":`+langEN+`,"territory":`+territGB+`,"category":`+eventCat+`,"composer":`...)
	if c.composer != nil {
		b = append(b, `{"_type":"PARTY_IDENTIFIED","name":`...)
		name := c.composer.GivenName + " " + c.composer.FamilyName
		if c.composer.Title != "" {
			name = c.composer.Title + " " + name
		}
		b = jsonw.String(b, name)
		b = append(b, `,"external_ref":{"_type":"PARTY_REF","id":{"_type":"HIER_OBJECT_ID","value":"`...)
		b = append(b, c.composer.PractitionerID...)
		b = append(b, `"},"namespace":"`+PractitionerNamespace+`","type":"PERSON"}}`...)
	} else {
		b = append(b, `{"_type":"PARTY_IDENTIFIED","name":`...)
		name := c.setting.Composer
		if name == "" {
			name = "General practice team" // a GP setting with no practitioner on record
		}
		b = jsonw.String(b, name)
		b = append(b, '}')
	}
	b = append(b, `,"context":{"_type":"EVENT_CONTEXT","start_time":`...)
	b = dvDateTime(b, c.start)
	b = append(b, `,"setting":`...)
	b = dvCoded(b, c.setting.Rubric, "openehr", c.setting.Code)
	return append(b, `},"content":[`...)
}

func closeComposition(b []byte) []byte { return append(b, "]}\n"...) }
