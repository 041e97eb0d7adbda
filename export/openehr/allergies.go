package openehr

import "github.com/code4health/cohortgen/models"

// The adverse reaction list is one composition per patient with an entry
// on the allergy list (the allergies table), newest onset first, as of the
// dataset's as-of date like the problem list. Each row is one "Adverse
// reaction risk" evaluation: the coded entry as the causative agent, the
// verification status, criticality, category and type (as the reaction
// mechanism) through the template's local codes, and the recorded reaction
// (manifestation, onset, severity) as its "Reaction details". The template
// has no "no known allergies" entry (no exclusion archetype), so a patient
// without allergies gets no composition.

var (
	sectionAllergies = locatable("SECTION", "openEHR-EHR-SECTION.allergies_adverse_reactions_rcp.v1", "Allergies and adverse reactions", "") + `,"items":[`
	allergyOpen      = locatable("EVALUATION", "openEHR-EHR-EVALUATION.adverse_reaction_risk.v1", "Adverse reaction risk", "") + entryAttrs +
		`,"data":` + node("ITEM_TREE", "at0001", "Tree") + `,"items":[` + element("at0002", "Causative agent")
	elAllergyStatus = element("at0063", "Status")
	elCriticality   = element("at0101", "Criticality")
	elCategory      = element("at0120", "Category")
	elMechanism     = element("at0058", "Reaction mechanism")
	reactionOpen    = node("CLUSTER", "at0009", "Reaction details") + `,"items":[`
	elManifestation = element("at0011", "Manifestation")
	elReactionOnset = element("at0027", "Onset of reaction")
	elSeverity      = element("at0089", "Severity")
)

// Local codes of the template (at-code and its text, which EHRbase checks)
// for the values of the allergies table; a value not listed is left out.
var (
	allergyStatus = map[string][2]string{ // verification_status
		"unconfirmed": {"at0127", "Suspected"},
		"confirmed":   {"at0065", "Confirmed"},
	}
	allergyCriticality = map[string][2]string{
		"low":              {"at0102", "Low"},
		"high":             {"at0103", "High"},
		"unable-to-assess": {"at0124", "Indeterminate"},
	}
	allergyCategory = map[string][2]string{
		"food":        {"at0121", "Food"},
		"medication":  {"at0122", "Medication"},
		"environment": {"at0123", "Other"},
		"biologic":    {"at0123", "Other"},
	}
	allergyMechanism = map[string][2]string{ // type
		"allergy":     {"at0059", "Immune mediated"},
		"intolerance": {"at0060", "Non-immune mediated"},
	}
	reactionSeverity = map[string][2]string{
		"mild":     {"at0093", "Mild"},
		"moderate": {"at0092", "Moderate"},
		"severe":   {"at0090", "Severe"},
	}
)

// adverseReactionList appends the patient's adverse reaction list.
func adverseReactionList(b []byte, pr *patientRecords, c *context) []byte {
	b = openComposition(b, &tplAllergies, compositionUUID(kindAllergies, pr.P.PatientID, 0), c)
	b = append(b, sectionAllergies...)
	for i := len(pr.Alls) - 1; i >= 0; i-- {
		if i != len(pr.Alls)-1 {
			b = append(b, ',')
		}
		b = adverseReaction(b, &pr.Alls[i])
	}
	b = append(b, "]}"...)
	return closeComposition(b)
}

// localElement appends `,<el><local code>}` when v has a code in codes.
func localElement(b []byte, el string, codes map[string][2]string, v string) []byte {
	if _, ok := codes[v]; !ok {
		return b
	}
	return localValue(append(b, ','), el, codes, v)
}

// localValue appends `<el><local code>}`; v must have a code in codes.
func localValue(b []byte, el string, codes map[string][2]string, v string) []byte {
	code := codes[v]
	b = append(b, el...)
	b = dvCoded(b, code[1], termLocal, code[0])
	return append(b, '}')
}

func adverseReaction(b []byte, a *models.Allergy) []byte {
	b = append(b, allergyOpen...)
	b = dvCoded(b, a.Description, termSNOMED, a.SnomedCode)
	b = append(b, '}')
	b = localElement(b, elAllergyStatus, allergyStatus, a.VerificationStatus)
	b = localElement(b, elCriticality, allergyCriticality, a.Criticality)
	b = localElement(b, elCategory, allergyCategory, a.Category)
	b = localElement(b, elMechanism, allergyMechanism, a.Type)
	_, severity := reactionSeverity[a.ReactionSeverity]
	manifestation := a.ReactionCode != "" || a.ReactionDisplay != ""
	onset := a.OnsetDate != models.NoDate
	if manifestation || onset || severity { // no empty cluster
		b = append(b, ',')
		b = append(b, reactionOpen...)
		sep := false
		if manifestation {
			b = append(b, elManifestation...)
			b = dvCoded(b, a.ReactionDisplay, termSNOMED, a.ReactionCode)
			b = append(b, '}')
			sep = true
		}
		if onset {
			if sep {
				b = append(b, ',')
			}
			b = append(b, elReactionOnset...)
			b = dvDate(b, a.OnsetDate)
			b = append(b, '}')
			sep = true
		}
		if severity {
			if sep {
				b = append(b, ',')
			}
			b = localValue(b, elSeverity, reactionSeverity, a.ReactionSeverity)
		}
		b = append(b, "]}"...) // items, CLUSTER
	}
	return append(b, "]}}"...) // items, ITEM_TREE, EVALUATION
}
