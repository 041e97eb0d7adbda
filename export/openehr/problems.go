package openehr

import (
	"github.com/code4health/cohortgen/export/internal/jsonw"
	"github.com/code4health/cohortgen/models"
)

// The problem list is one composition per patient, the record as of the
// dataset's as-of date: every condition, in two sections, "Active problems"
// (not resolved by then) and "Past problems", each newest first, as a GP
// summary shows them. The template has no resolution date element (the
// archetype's at0030 is left out of it), so a past problem's resolution date
// is written as its clinical description.

var (
	sectionActive = locatable("SECTION", "openEHR-EHR-SECTION.problems_issues_rcp.v1", "Active problems", "") + `,"items":[`
	sectionPast   = locatable("SECTION", "openEHR-EHR-SECTION.problems_issues_rcp.v1", "Past problems", "") + `,"items":[`
	problemOpen   = locatable("EVALUATION", "openEHR-EHR-EVALUATION.problem_diagnosis.v1", "Problem/Diagnosis", "") + entryAttrs +
		`,"data":` + node("ITEM_TREE", "at0001", "structure") + `,"items":[` + element("at0002", "Problem/Diagnosis name")
	elDescription = element("at0009", "Clinical description")
	elOnset       = element("at0077", "Date/time of onset")
	elRecognised  = element("at0003", "Date/time clinically recognised")
)

// resolved reports whether a condition had resolved by asOf (any resolution
// counts when asOf is zero), the rule the FHIR exporter uses for courses.
func resolved(c *models.Condition, asOf models.Date) bool {
	return c.ResolvedDate != models.NoDate && (asOf == models.NoDate || c.ResolvedDate <= asOf)
}

// problemList appends the patient's problem-list composition. encStart gives
// the start of an encounter by id (the diagnosis, when recorded).
func problemList(b []byte, pr *patientRecords, asOf models.Date, c *context, encStart func(string) (models.Timestamp, bool)) []byte {
	b = openComposition(b, &tplProblems, compositionUUID(kindProblems, pr.P.PatientID, 0), c)
	first := true
	for _, past := range [2]bool{false, true} {
		n := 0
		for i := len(pr.Conds) - 1; i >= 0; i-- {
			cond := &pr.Conds[i]
			if resolved(cond, asOf) != past {
				continue
			}
			if n == 0 {
				if !first {
					b = append(b, ',')
				}
				first = false
				if past {
					b = append(b, sectionPast...)
				} else {
					b = append(b, sectionActive...)
				}
			} else {
				b = append(b, ',')
			}
			n++
			b = problem(b, cond, past, encStart)
		}
		if n > 0 {
			b = append(b, "]}"...)
		}
	}
	return closeComposition(b)
}

func problem(b []byte, c *models.Condition, past bool, encStart func(string) (models.Timestamp, bool)) []byte {
	b = append(b, problemOpen...)
	b = dvCoded(b, c.Description, termSNOMED, c.SnomedCode)
	b = append(b, '}')
	if past {
		b = append(b, ',')
		b = append(b, elDescription...)
		b = append(b, `{"_type":"DV_TEXT","value":"Resolved `...)
		b = jsonw.DateDigits(b, int64(c.ResolvedDate))
		b = append(b, `"}}`...)
	}
	b = append(b, ',')
	b = append(b, elOnset...)
	b = dvDate(b, c.OnsetDate)
	b = append(b, '}')
	if c.DiagnosisEncounterID != "" {
		if t, ok := encStart(c.DiagnosisEncounterID); ok {
			b = append(b, ',')
			b = append(b, elRecognised...)
			b = dvDateTime(b, t)
			b = append(b, '}')
		}
	}
	return append(b, "]}}"...) // items, ITEM_TREE, EVALUATION
}
