package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Tests taken when a problem has not settled (catalogue persisting_tests;
// brief h57d): a GP review found children whose joint pain was seen again
// and again over more than 6 weeks with no blood test at all (228 of 229,
// generate -n 20000 -s 83). NICE CKS (joint pain in children): persistent
// pain or swelling has a full blood count and inflammatory markers, and a
// referral to paediatric rheumatology when a joint is inflamed (approx).

// persistingTests records, once an episode, the tests of the list at a
// face-to-face GP contact about it at least the list's days after its
// onset, 4 minutes in. The contacts are read in the order they were
// written, which is not always the order of their days: the one tested is
// then a later contact than the first such, still past the days.
func (w *worker) persistingTests(per *person) {
	if len(w.plan.persistingTestsBy) == 0 {
		return
	}
	phone := w.plan.encTypes[encGPTelephone].Code
	var done []string // the episodes tested
	w.episodeTests(per, w.plan.persistingTestsBy, purposePersistingTests, settingGP, func(enc *models.Encounter, c *models.Condition, s *distributions.Stream) (models.Timestamp, bool) {
		if enc.TypeCode == phone || enc.StartTime.Date() < c.OnsetDate+w.plan.persistingDays {
			return 0, false
		}
		for _, id := range done {
			if id == c.ConditionID {
				return 0, false
			}
		}
		done = append(done, c.ConditionID)
		return enc.StartTime.AddMinutes(4), true
	})
}
