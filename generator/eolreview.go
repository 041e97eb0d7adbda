package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// A condition whose review treats symptoms goes on being reviewed on the
// palliative care register (catalogue reviews end_of_life; brief h64i):
// palliative care does not stop symptom treatment, and in COPD the
// breathlessness grade steps inhaled therapy up (care_target reading_steps)
// and offers pulmonary rehabilitation (referral) at the review that reads
// it (NICE NG115 1.2). Before, routine reviews stopped there, and people on
// the register for two years at MRC 4-5 had no LAMA and no referral. The
// review records what treats symptoms only: the spirometry and the weight
// that judge a target no longer apply.

// notForSymptoms reports whether observation slot is one the review of
// condition plan c no longer records on day d: the person is in end-of-life
// care and the slot is not in the condition's end-of-life review.
func (w *worker) notForSymptoms(per *person, c *condPlan, slot int, d models.Date) bool {
	return c.eolReview != nil && per.inEndOfLifeCare(d+eolReviewMargin) && !slices.Contains(c.eolReview, slot)
}
