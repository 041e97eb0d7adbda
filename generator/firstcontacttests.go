package generator

import (
	"slices"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Tests taken at the first contact about an episode (catalogue
// first_contact_tests; forty-sixth review): a urine sent for culture
// before antibiotics for the UTI of a child under 3 (NICE NG224) and of a
// man (NICE NG109). Before, 0 of 238 UTIs under 3 and 88 of 1,659 in men
// of 16 and over had one (generate -n 20000 -s 5). Forty-seventh review:
// the bloods that explain a diagnosis: a full blood count for heavy periods
// (NICE NG88), a blood count, ferritin and TSH for adult tiredness (NICE
// CKS), the reversible-cause bloods of a dementia diagnosis (NICE NG97),
// and the low haemoglobin and ferritin of a referral's iron deficiency
// anaemia (also at a colorectal cancer's referral: presenting.go).

// firstContactTests records the tests at the contact that diagnosed each
// episode (its condition row's diagnosis encounter), 4 minutes in, as a
// consultation's sample is taken; a contact by telephone that asks for
// bloods has them taken at a practice blood test after it (remotebloods.go).
func (w *worker) firstContactTests(per *person) {
	phone := w.plan.encTypes[encGPTelephone].Code
	w.episodeTests(per, w.plan.firstContactTestsBy, purposeFirstContactTests, "", func(enc *models.Encounter, c *models.Condition, s *distributions.Stream) (models.Timestamp, bool) {
		if c.DiagnosisEncounterID != enc.EncounterID || slices.Contains(per.symptomRows, c.ConditionID) {
			return 0, false // not its first contact, or a cancer's symptom tested there already (presenting.go)
		}
		if enc.TypeCode == phone && w.bloodsAfterCall(per, enc.StartTime.Date(), c, s) {
			return 0, false // taken (or not) at the blood test it booked
		}
		return enc.StartTime.AddMinutes(4), true
	})
}
