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

// directAdmitTests records the same tests at an emergency admission the GP
// arranged (admission method 22: the acute medical unit takes the patient
// straight from the practice, not through A&E), 20 minutes into the stay.
// Brief h71e: 402 of 403 chest pain admissions arranged by a GP had no
// troponin and 51 no ECG (generate -n 20000 -s 83), where NICE CG95 1.1-1.2
// assesses every suspected acute coronary syndrome in hospital with a
// resting 12-lead ECG and a troponin, wherever it arrives (approx,
// recalled), and NICE DG40 1.2 the same high-sensitivity troponin pathway
// at presentation (approx, as catalogue ae_tests). A stream of
// its own: the A&E attendances' draws stay where they were.
func (w *worker) directAdmitTests(per *person) {
	w.episodeTests(per, w.plan.aeTestsBy, purposeDirectAdmitTests, settingInpatient, func(enc *models.Encounter, _ *models.Condition, _ *distributions.Stream) (models.Timestamp, bool) {
		return enc.StartTime.AddMinutes(20), enc.AdmissionMethod == admissionViaGP
	})
}
