package generator

import (
	"cmp"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// rescuePackIssue is one COPD rescue pack issued at a review (rescuepack.go)
// or as the replacement of one started (useRescuePacks).
type rescuePackIssue struct {
	cond int         // catalogue condition index (COPD)
	day  models.Date // the review, or the exacerbation contact, that issued it
	ids  []models.ID // its issues (prednisolone, the antibiotic)
	used bool        // started at an exacerbation (useRescuePacks)
}

// packFlareContact is a GP contact about an exacerbation of a condition
// whose reviews issue rescue packs (exacerbations.go).
type packFlareContact struct {
	cond  int // catalogue condition index
	day   models.Date
	encID string
}

// packIDs are the ids of a pack's issues.
func packIDs(rx []models.Prescription) []models.ID {
	ids := make([]models.ID, 0, len(rx))
	for i := range rx {
		ids = append(ids, rx[i].PrescriptionID)
	}
	return ids
}

// notePackFlareContact keeps the GP contact encID on day d about
// presentation pi when its condition's reviews issue rescue packs.
func (w *worker) notePackFlareContact(per *person, pi int, d models.Date, encID string) {
	c := w.plan.presentations[pi].requires
	if k := heldIndex(per, c); k >= 0 && len(per.conds[k].plan.rescuePack) > 0 {
		per.packFlareContacts = append(per.packFlareContacts, packFlareContact{cond: c, day: d, encID: encID})
	}
}

// useRescuePacks starts a rescue pack kept at home at the next exacerbation
// brought to the GP and replaces it there (NICE NG115, BMJ 2019;366:l4486
// summary, verified: rescue packs for self-management, five days; a
// practice's patient leaflet, verified: tell the practice once the pack is
// started, and ask for a replacement; the NG115 section number was not
// verified; brief h75i: the packs were issued after the
// exacerbations were written, so 963 GP issues of fresh prednisolone for a
// COPD exacerbation fell within a year after a pack still at home,
// generate -n 20000 -s 83). The pack is the latest, issued before the
// contact and no older than the pack rule's every_days (replaced yearly),
// not yet started; the contact is the practice being told, and its issues
// of the pack's medicines are the replacement pack (the pack's dose text
// and indication), dated from the exacerbation as the course it replaces.
// The replacement is the pack at home for the next exacerbation. Runs
// after chronicCare, which issues the packs; it draws nothing.
func (w *worker) useRescuePacks(per *person) {
	if len(per.rescuePacks) == 0 || len(per.packFlareContacts) == 0 {
		return
	}
	slices.SortStableFunc(per.packFlareContacts, func(a, b packFlareContact) int { return cmp.Compare(a.day, b.day) })
	for _, fc := range per.packFlareContacts {
		k := w.packAtHome(per, fc)
		if k < 0 {
			continue
		}
		if ids := w.replacePack(per, per.rescuePacks[k].ids, fc.encID); len(ids) > 0 {
			per.rescuePacks[k].used = true
			per.rescuePacks = append(per.rescuePacks, rescuePackIssue{cond: fc.cond, day: fc.day, ids: ids})
		}
	}
}

// packAtHome is the index of the latest pack of fc's condition issued
// before the contact, no older than the pack rule's every_days and not yet
// started; -1 none.
func (w *worker) packAtHome(per *person, fc packFlareContact) int {
	best := -1
	for k := range per.rescuePacks {
		pk := &per.rescuePacks[k]
		if pk.cond != fc.cond || pk.day >= fc.day || (best >= 0 && pk.day <= per.rescuePacks[best].day) {
			continue
		}
		best = k
	}
	if best < 0 {
		return -1
	}
	pk := &per.rescuePacks[best]
	keep := models.Date(w.plan.Cat.Conditions[pk.cond].CareTarget.Exacerbations.RescuePack.EveryDays)
	if pk.used || fc.day-pk.day > keep {
		return -1
	}
	return best
}

// replacePack makes the issues at encounter encID of the medicines in the
// pack issued as ids (the fresh prednisolone and antibiotic of the
// exacerbation) the pack's replacement, with the pack's dose text and
// indication; it returns their ids (none: nothing of the pack's was given,
// not that exacerbation's treatment).
func (w *worker) replacePack(per *person, ids []models.ID, encID string) []models.ID {
	var pack []*models.Prescription
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		if rx := &w.b.Prescriptions[j]; !rx.PrescriptionID.IsZero() && slices.Contains(ids, rx.PrescriptionID) {
			pack = append(pack, rx)
		}
	}
	var out []models.ID
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		rx := &w.b.Prescriptions[j]
		if rx.PrescriptionID.IsZero() || rx.EncounterID != encID {
			continue
		}
		for _, p := range pack {
			if w.rxPlan(p) == w.rxPlan(rx) && rx.DMDCode == p.DMDCode {
				rx.DoseText, rx.ConditionID = p.DoseText, p.ConditionID
				out = append(out, rx.PrescriptionID)
				break
			}
		}
	}
	return out
}
