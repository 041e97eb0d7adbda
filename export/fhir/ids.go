package fhir

import (
	"strconv"

	"github.com/code4health/cohortgen/export/internal/uuid5"
)

// Practitioners are not in the models: each practice gets 1 to 4 synthetic
// GPs derived from the practice id alone, so every exporter, shard and run
// derives the same ones:
//
//   - count: 1 + fnv1a(practiceID) mod 4;
//   - id of GP k (0-based): the name-based (version 5, SHA-1) UUID of
//     "practice/<practiceID>/gp/<k>" in the namespace PractitionerNamespace;
//   - names: picked from short built-in lists by bytes of that UUID;
//   - identifier: a 7-digit GMC-shaped number from bytes of the UUID, under
//     the system SyntheticGMCSystem (an example.org URL, RFC 2606), never the
//     real GMC system, so it cannot be mistaken for a real doctor's number;
//   - a patient's usual GP is GP fnv1a(patientID) mod count of their practice:
//     the participant of their GP encounters and the requester of their
//     prescriptions.

// PractitionerNamespace is the UUID namespace of derived Practitioner ids
// (itself the v5 UUID of "https://cohortgen.example.org/fhir/Practitioner"
// in the RFC 4122 URL namespace).
var PractitionerNamespace = uuidV5(nameSpaceURL, "https://cohortgen.example.org/fhir/Practitioner")

// SyntheticGMCSystem is the identifier system of the derived GPs' numbers.
const SyntheticGMCSystem = "https://cohortgen.example.org/Id/synthetic-gmc-number"

var nameSpaceURL = uuid5.URL

func uuidV5(ns [16]byte, name string) [16]byte { return uuid5.New(ns, name) }
func uuidString(u [16]byte) string             { return uuid5.String(u) }

func fnv1a(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// GP is a synthetic general practitioner derived from a practice.
type GP struct {
	ID         string
	PracticeID string
	Given      string
	Family     string
	GMC        string // 7 digits, under SyntheticGMCSystem
}

var gpGiven = [...]string{
	"Amelia", "Oliver", "Priya", "Mohammed", "Sarah", "James", "Aisha", "Thomas",
	"Fatima", "Daniel", "Hannah", "Rajesh", "Emily", "Kwame", "Sophie", "David",
	"Olivia", "Harry", "Zainab", "George", "Chloe", "Samuel", "Grace", "Arjun",
	"Lucy", "Benjamin", "Ngozi", "William", "Megan", "Imran", "Rebecca", "Joseph",
}

var gpFamily = [...]string{
	"Patel", "Smith", "Jones", "Khan", "Williams", "Taylor", "Brown", "Davies",
	"Evans", "Wilson", "Thomas", "Roberts", "Ahmed", "Johnson", "Okafor", "Walker",
	"Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall",
	"Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Shah", "Begum",
}

// GPCount returns how many GPs the practice has (1 to 4).
func GPCount(practiceID string) int { return 1 + int(fnv1a(practiceID)%4) }

// PracticeGP returns GP k (0 <= k < GPCount) of the practice.
func PracticeGP(practiceID string, k int) GP {
	u := uuidV5(PractitionerNamespace, "practice/"+practiceID+"/gp/"+strconv.Itoa(k))
	n := (uint32(u[12])<<16 | uint32(u[13])<<8 | uint32(u[14])) % 9_000_000
	return GP{
		ID:         uuidString(u),
		PracticeID: practiceID,
		Given:      gpGiven[u[10]%uint8(len(gpGiven))],
		Family:     gpFamily[u[11]%uint8(len(gpFamily))],
		GMC:        strconv.Itoa(int(1_000_000 + n)),
	}
}

// UsualGP returns the index of the patient's usual GP in their practice.
func UsualGP(practiceID, patientID string) int {
	return int(fnv1a(patientID) % uint32(GPCount(practiceID)))
}

// gpCache memoises the GPs of recently seen practices for one writer.
type gpCache struct {
	m map[string][]GP
}

func (c *gpCache) practice(practiceID string) []GP {
	if gps, ok := c.m[practiceID]; ok {
		return gps
	}
	if c.m == nil || len(c.m) > 1<<16 {
		c.m = make(map[string][]GP)
	}
	n := GPCount(practiceID)
	gps := make([]GP, n)
	for k := range gps {
		gps[k] = PracticeGP(practiceID, k)
	}
	c.m[practiceID] = gps
	return gps
}

// usual returns the patient's usual GP.
func (c *gpCache) usual(practiceID, patientID string) *GP {
	gps := c.practice(practiceID)
	return &gps[fnv1a(patientID)%uint32(len(gps))]
}

// A dead patient's cause of death is written as an Observation (see
// death.go). The models have no row for it, so its id is derived from the
// patient id alone, like the Practitioners': the version-5 UUID of
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
