package openehr

import (
	"strconv"

	"github.com/code4health/cohortgen/export/internal/uuid5"
)

// Ids. The models hold no openEHR ids, so each is derived from model ids
// the way export/fhir derives its cause-of-death ids: the
// version-5 UUID of a name in a namespace of its own. The patient id comes
// from the seed and the patient's index, so the same seed gives the same ids
// in every run, shard and worker count.
//
//   - ehr_id: v5 of "patient/<patient_id>" in EHRNamespace;
//   - composition uid: "<v5 of <kind>/<record id>[/<k>] in CompositionNamespace>::<SystemID>::1",
//     where the record is the patient (problem, medication and adverse reaction
//     lists, immunisation summary), the
//     encounter (vital signs, BMI) or the observation (laboratory result).

var (
	// EHRNamespace is the v5 UUID of "https://cohortgen.example.org/openehr/EHR"
	// in the RFC 4122 URL namespace.
	EHRNamespace = uuid5.New(uuid5.URL, "https://cohortgen.example.org/openehr/EHR")
	// CompositionNamespace is the v5 UUID of
	// "https://cohortgen.example.org/openehr/COMPOSITION" in the URL namespace.
	CompositionNamespace = uuid5.New(uuid5.URL, "https://cohortgen.example.org/openehr/COMPOSITION")
)

// SystemID is the system id in the compositions' version uids
// ("<uuid>::cohortgen.example.org::1"). A server that insists on its own
// (EHRbase answers 412 to any other) gets it swapped in by the loader.
const SystemID = "cohortgen.example.org"

// EHRID returns the ehr_id of a patient's EHR.
func EHRID(patientID string) string {
	return uuid5.String(uuid5.New(EHRNamespace, "patient/"+patientID))
}

// Composition kinds, as used in uids.
const (
	kindProblems      = "problem-list"
	kindMedication    = "medication-list"
	kindAllergies     = "adverse-reaction-list"
	kindImmunisations = "immunisation-summary"
	kindVitals        = "vital-signs"
	kindBMI           = "bmi"
	kindLab           = "lab"
)

// compositionUUID returns the versioned object id of a composition: k is
// 0 for the first composition of its kind from the record and counts up for
// the rare record that needs more than one.
func compositionUUID(kind, recordID string, k int) string {
	name := kind + "/" + recordID
	if k > 0 {
		name += "/" + strconv.Itoa(k)
	}
	return uuid5.String(uuid5.New(CompositionNamespace, name))
}
