package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// practitionerKey keys the practitioner streams. Like practices,
// practitioners do not depend on the seed: every dataset shares the pool.
const practitionerKey = 0x7072616374677073

// RoleGP is the role of a practice's general practitioners (the first staff
// role of datasets/workforce.yaml).
const RoleGP = "GP"

// usualGPShare is the share of a patient's GP encounters that are with
// their usual GP; the others are with another GP of the practice.
const usualGPShare = 0.8

// buildPractitioners creates the staff of every practice, practice by
// practice and role by role in workforce.yaml order (the GPs first): min to
// max of each role, with given names from the ONS baby-name lists of their
// birth cohort and surnames from the patients' surname lists, and a
// professional number "ZZ" + 7 digits (see docs/identifiers.md).
func buildPractitioners(p *Plan) ([]models.Practitioner, map[string][]models.Practitioner) {
	var out []models.Practitioner
	for idx := range p.practices {
		s := distributions.NewStream(practitionerKey, uint64(idx))
		for _, r := range p.workforce.Staff {
			n := r.Min + s.IntN(r.Max-r.Min+1)
			for k := 0; k < n; k++ {
				var idBuf []byte
				id := appendUUID(idBuf, &s)
				sex := s.IntN(2)
				birthYear := 1960 + s.IntN(36)
				eth := p.ethnic[p.ethnicPick.Sample(&s)]
				out = append(out, models.Practitioner{
					PractitionerID:     string(id),
					PracticeID:         p.practices[idx].PracticeID,
					Role:               r.Role,
					RoleCode:           r.Code,
					RoleDisplay:        r.Display,
					Title:              r.Title,
					GivenName:          p.firstNameTable(sex, birthYear).draw(&s),
					FamilyName:         p.surnames[eth.Group].draw(&s),
					ProfessionalNumber: fmt.Sprintf("ZZ%07d", len(out)+1),
				})
			}
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

// staffIDsByPractice lists each practice's staff ids by role (workforce.yaml
// staff order, the GPs first), keyed by the practice's place in the plan
// (the pointer a person holds), so choosing a clinician hashes no string and
// reads no practitioner record.
func staffIDsByPractice(p *Plan) map[*models.Practice][][]string {
	out := make(map[*models.Practice][][]string, len(p.practices))
	for i := range p.practices {
		pr := &p.practices[i]
		ids := make([][]string, len(p.workforce.Staff))
		for _, g := range p.practicePractitioners[pr.PracticeID] {
			r := p.workforce.RoleIndex(g.Role)
			ids[r] = append(ids[r], g.PractitionerID)
		}
		out[pr] = ids
	}
	return out
}

// gpChoice is what a patient's GP encounters at one practice choose from:
// the practice's GPs and the patient's usual one among them.
type gpChoice struct {
	practice *models.Practice
	gps      []string // the practice's GPs' ids
	usual    uint64
}

// encounterPractitioner chooses who saw the patient at a GP-practice
// contact ct (the seq-th row id of the patient): the role by the contact's
// shares (workforce.yaml contacts), then for a GP the patient's usual GP at
// that practice most of the time, another GP of the practice otherwise, and
// for another role one of the practice's staff in it. It is a hash of the
// ids, so it draws nothing from the patient's streams. "" when the practice
// has no practitioners.
func (w *worker) encounterPractitioner(per *person, pr *models.Practice, seq uint64, ct contact) string {
	h := distributions.Mix(per.idHash ^ (seq+1)*0x9e3779b97f4a7c15)
	hr := distributions.Mix(h ^ 0x726f6c65)           // the role's own bits: a GP chosen by it is still usually the usual GP
	if role := w.plan.contactRole(ct, hr); role > 0 { // a nurse or healthcare assistant, when the practice has one
		if ids := w.plan.practiceStaff[pr][role]; len(ids) > 0 {
			return ids[distributions.Mix(hr)%uint64(len(ids))]
		}
	}
	c := &per.gpChoices[0]
	if c.practice != pr {
		c = &per.gpChoices[1]
	}
	if c.practice != pr { // first encounter at this practice: look its GPs up once
		nc := gpChoice{practice: pr, gps: w.plan.practiceStaff[pr][0]}
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
	if n == 1 || float64(h>>11)/(1<<53) < usualGPShare {
		return c.gps[c.usual]
	}
	other := (c.usual + 1 + ((h & 0x7ff) % (n - 1))) % n
	return c.gps[other]
}

// setPrescribers gives each of the prescriptions from index r0 the
// practitioner of its encounter (from index e0 of the batch's encounters),
// finding the encounter by its row id's sequence number; when that
// practitioner does not prescribe (workforce.yaml), a GP of the practice
// (the patient's usual GP most of the time).
func (w *worker) setPrescribers(r0, e0 int) {
	b := w.b
	signed := w.rxSeqs[:0] // the encounters a prescription was issued at: only theirs are looked up
	at := w.rxEncSeqs[:0]  // each prescription's encounter sequence number, parsed once (rowSeq was 2% of the CPU, stop 62)
	for i := r0; i < len(b.Prescriptions); i++ {
		k := rowSeq(b.Prescriptions[i].EncounterID)
		at = append(at, k)
		if k >= 0 {
			for len(signed) <= k {
				signed = append(signed, false)
			}
			signed[k] = true
		}
	}
	by := w.gpBySeq[:0]
	for j := e0; j < len(b.Encounters); j++ {
		e := &b.Encounters[j]
		k := rowSeq(e.EncounterID)
		if k < 0 || k >= len(signed) || !signed[k] {
			continue
		}
		for len(by) <= k {
			by = append(by, "")
		}
		by[k] = e.PractitionerID
		if e.PractitionerID != "" && !w.prescribes(e.PractitionerID) {
			// seen by a nurse or healthcare assistant: a GP of the practice signs
			by[k] = w.encounterPractitioner(&w.per, w.per.practiceAt(e.StartTime), uint64(k), contactGPProblem)
		}
	}
	for i := r0; i < len(b.Prescriptions); i++ {
		rx := &b.Prescriptions[i]
		rx.PrescriberID = ""
		if k := at[i-r0]; k >= 0 && k < len(by) {
			rx.PrescriberID = by[k]
		}
	}
	w.gpBySeq, w.rxSeqs, w.rxEncSeqs = by, signed, at
}

// prescribes reports whether practitioner id may sign a prescription. A
// patient's contacts are mostly with one or two people, so the last answer
// is kept: comparing the same id string is cheaper than hashing it, and
// comparing its last byte first (sameRowID) cheaper than its shared prefix.
func (w *worker) prescribes(id string) bool {
	if !sameRowID(id, w.lastPrescriber.id) {
		w.lastPrescriber.id, w.lastPrescriber.ok = id, w.plan.prescribers[id]
	}
	return w.lastPrescriber.ok
}
