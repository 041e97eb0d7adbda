package generator

import (
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A&E records tests at an attendance about some presentations (catalogue
// ae_tests; thirteenth review): chest pain gets a 12-lead ECG and a
// high-sensitivity troponin (NICE CG95: suspected acute coronary syndrome
// is assessed with a resting ECG and troponin). Before, chest pain in A&E
// recorded nothing at all.

// aeTests records each A&E attendance's tests (an attendance, an admission
// through A&E alike), 20 minutes in (episodetests.go).
func (w *worker) aeTests(per *person) {
	w.episodeTests(per, w.plan.aeTestsBy, purposeAETests, settingAE, func(enc *models.Encounter, _ *models.Condition, _ *distributions.Stream) (models.Timestamp, bool) {
		return enc.StartTime.AddMinutes(20), true
	})
}
