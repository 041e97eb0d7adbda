package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// practitionerKey keys the practitioner streams. Like practices,
// practitioners do not depend on the seed: every dataset shares the pool.
const practitionerKey = 0x7072616374677073

// RoleGP is the role of a practice's general practitioners.
const RoleGP = "GP"

// minGPs and maxGPs bound the number of GPs per practice.
const (
	minGPs = 2
	maxGPs = 6
)

// usualGPShare is the share of a patient's GP encounters that are with
// their usual GP; the others are with another GP of the practice.
const usualGPShare = 0.8

// buildPractitioners creates the GPs of every practice, practice by
// practice: minGPs to maxGPs each, with given names from the ONS baby-name
// lists of their birth cohort and surnames from the patients' surname lists,
// and a professional number "ZZ" + 7 digits (see docs/identifiers.md).
func buildPractitioners(p *Plan) ([]models.Practitioner, map[string][]models.Practitioner) {
	var out []models.Practitioner
	for idx := range p.practices {
		s := distributions.NewStream(practitionerKey, uint64(idx))
		n := minGPs + s.IntN(maxGPs-minGPs+1)
		for k := 0; k < n; k++ {
			var idBuf []byte
			id := appendUUID(idBuf, &s)
			sex := s.IntN(2)
			birthYear := 1960 + s.IntN(36)
			eth := p.ethnic[p.ethnicPick.Sample(&s)]
			out = append(out, models.Practitioner{
				PractitionerID:     string(id),
				PracticeID:         p.practices[idx].PracticeID,
				Role:               RoleGP,
				GivenName:          p.firstNameTable(sex, birthYear).draw(&s),
				FamilyName:         p.surnames[eth.Group].draw(&s),
				ProfessionalNumber: fmt.Sprintf("ZZ%07d", len(out)+1),
			})
		}
	}
	byPractice := make(map[string][]models.Practitioner, len(p.practices))
	for lo := 0; lo < len(out); {
		hi := lo + 1
		for hi < len(out) && out[hi].PracticeID == out[lo].PracticeID {
			hi++
		}
		byPractice[out[lo].PracticeID] = out[lo:hi:hi]
		lo = hi
	}
	return out, byPractice
}

// Practitioners returns the practitioners of every practice, practice by
// practice.
func (p *Plan) Practitioners() []models.Practitioner { return p.practitioners }

// hash64 is FNV-1a over the strings.
func hash64(a, b string) uint64 {
	h := uint64(14695981039346656037)
	for _, s := range [2]string{a, b} {
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 1099511628211
		}
		h ^= 0xff
		h *= 1099511628211
	}
	return h
}

// gpChoice is what a patient's GP encounters at one practice choose from:
// the practice's GPs and the patient's usual one among them.
// gpIDsByPractice lists each practice's GPs' ids, keyed by the practice's
// place in the plan (the pointer a person holds), so choosing a GP hashes no
// string and reads no practitioner record.
func gpIDsByPractice(p *Plan) map[*models.Practice][]string {
	out := make(map[*models.Practice][]string, len(p.practices))
	for i := range p.practices {
		pr := &p.practices[i]
		var ids []string
		for _, gp := range p.practicePractitioners[pr.PracticeID] {
			ids = append(ids, gp.PractitionerID)
		}
		out[pr] = ids
	}
	return out
}

type gpChoice struct {
	practice *models.Practice
	gps      []string // the practice's GPs' ids
	usual    uint64
}

// encounterPractitioner chooses who saw the patient at a GP encounter (the
// seq-th row id of the patient): the patient's usual GP at that practice
// most of the time, another GP of the practice otherwise. It is a hash of
// the ids, so it draws nothing from the patient's streams. "" when the
// practice has no practitioners.
func (w *worker) encounterPractitioner(per *person, pr *models.Practice, seq uint64) string {
	c := &per.gpChoices[0]
	if c.practice != pr {
		c = &per.gpChoices[1]
	}
	if c.practice != pr { // first encounter at this practice: look its GPs up once
		nc := gpChoice{practice: pr, gps: w.plan.practiceGPIDs[pr]}
		if n := uint64(len(nc.gps)); n > 0 {
			nc.usual = hash64(pr.PracticeID, per.id) % n
		}
		per.gpChoices[0], per.gpChoices[1] = per.gpChoices[1], nc
		c = &per.gpChoices[1]
	}
	n := uint64(len(c.gps))
	if n == 0 {
		return ""
	}
	h := distributions.Mix(per.idHash ^ (seq+1)*0x9e3779b97f4a7c15)
	if n == 1 || float64(h>>11)/(1<<53) < usualGPShare {
		return c.gps[c.usual]
	}
	other := (c.usual + 1 + ((h & 0x7ff) % (n - 1))) % n
	return c.gps[other]
}

// setPrescribers gives each of the prescriptions from index r0 the
// practitioner of its encounter (from index e0 of the batch's encounters),
// finding the encounter by its row id's sequence number.
func (w *worker) setPrescribers(r0, e0 int) {
	b := w.b
	by := w.gpBySeq[:0]
	for j := e0; j < len(b.Encounters); j++ {
		e := &b.Encounters[j]
		k := rowSeq(e.EncounterID)
		if k < 0 {
			continue
		}
		for len(by) <= k {
			by = append(by, "")
		}
		by[k] = e.PractitionerID
	}
	for i := r0; i < len(b.Prescriptions); i++ {
		rx := &b.Prescriptions[i]
		rx.PrescriberID = ""
		if k := rowSeq(rx.EncounterID); k >= 0 && k < len(by) {
			rx.PrescriberID = by[k]
		}
	}
	w.gpBySeq = by
}
