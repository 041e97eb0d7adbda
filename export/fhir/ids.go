package fhir

import (
	"encoding/binary"
	"unsafe"

	"github.com/code4health/cohortgen/export/internal/uuid5"
)

// Practitioners come from the models (the practitioners table the engine
// generates, see generator/practitioners.go): the writers format them and
// the references to them (Encounter.participant, MedicationRequest.requester)
// and invent none. Their professional numbers are written under
// SyntheticProfessionalNumberSystem (an example.org URL, RFC 2606), never a
// real register's system.

// SyntheticProfessionalNumberSystem is the identifier system of the
// practitioners' synthetic professional numbers.
const SyntheticProfessionalNumberSystem = "https://cohortgen.example.org/Id/synthetic-professional-number"

var nameSpaceURL = uuid5.URL

func uuidV5(ns [16]byte, name string) [16]byte { return uuid5.New(ns, name) }
func uuidString(u [16]byte) string             { return uuid5.String(u) }

// A dead patient's cause of death is written as an Observation (see
// death.go). The models have no row for it, so its id is derived from the
// patient id alone: the version-5 UUID of
// "patient/<patientID>/cause-of-death" in CauseOfDeathNamespace. A v5 id
// cannot collide with the models' version-4 ids.

// CauseOfDeathNamespace is the UUID namespace of cause-of-death Observation
// ids (the v5 UUID of "https://cohortgen.example.org/fhir/Observation/cause-of-death"
// in the RFC 4122 URL namespace).
var CauseOfDeathNamespace = uuidV5(nameSpaceURL, "https://cohortgen.example.org/fhir/Observation/cause-of-death")

// CauseOfDeathID returns the id of the patient's cause-of-death Observation.
func CauseOfDeathID(patientID string) string {
	return uuidString(uuidV5(CauseOfDeathNamespace, "patient/"+patientID+"/cause-of-death"))
}

// sameID reports whether ids a and b are equal, as a == b does. An
// encounter is compared with each of its patient's conditions' diagnosis
// encounters (Encounter.diagnosis), and a patient's ids share their first 24
// characters (generator/ids.go), so a == b alone read most of both strings
// for every pair: 6% of an NDJSON run's CPU. The last eight bytes, where a
// patient's ids differ, settle almost every unequal pair.
func sameID(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	if n := len(a); n >= 8 && tail8(a) != tail8(b) {
		return false
	}
	return a == b
}

// tail8 returns the last eight bytes of s (at least eight long) as a number.
func tail8(s string) uint64 {
	return binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[len(s)-8:]), 8))
}
