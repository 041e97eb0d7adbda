package generator

import "github.com/code4health/cohortgen/models"

// The suspected cancer referral of an episode (brief h58a). A change in
// bowel habit first seen by telephone could be fast-tracked on the call,
// and its FIT and blood count, taken at the practice the next day, read a
// FIT below 10 beside that referral (refer_at read only the sample's own
// contact) and found an iron deficiency anaemia the referral already
// covered (generate -n 20000 -s 11, patients 9739 and 15904). The referral
// belongs to the episode: one made at any contact about it, or at any
// contact on the day before, is the one the tests follow.

// episodeReferred reports whether the record holds a referral coded snomed
// before time t at a contact other than encID, at a contact about episode
// (a condition id) or on t's day or the day before.
func (w *worker) episodeReferred(per *person, episode, snomed, encID string, t models.Timestamp) bool {
	d := t.Date()
	for j := per.obsFrom; j < len(w.b.Observations); j++ {
		o := &w.b.Observations[j]
		if o.SnomedCode != snomed || o.EffectiveTime > t || sameRowID(o.EncounterID, encID) {
			continue
		}
		if o.EffectiveTime.Date() >= d-1 {
			return true
		}
		if e := w.encounterByID(per, o.EncounterID); episode != "" && e != nil && e.ReasonConditionID == episode {
			return true
		}
	}
	return false
}
