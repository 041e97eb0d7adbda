package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A companion called for by a medicine of another class (a PPI with an
// NSAID beside an SSRI, prescribing.yaml companions or_running) was decided
// when the NSAID was issued, from the issues written by then: an SSRI
// written later in the person's generation (an anxiety's sertraline beside
// a back pain's naproxen, or a rheumatoid arthritis's repeat) was not seen,
// and the NSAID ran with no PPI (brief h71e: 11 naproxen issues beside a
// running SSRI with no PPI, generate -n 20000 -s 83; NICE CKS NSAIDs -
// prescribing issues: an SSRI is a risk factor for GI adverse effects,
// gastroprotection with a PPI). Once every issue is written, each such
// issue without one gets it for its days, cut the day before another PPI
// starts. Only companions given to all they are due for (no share): no draw.

// lateCompanions adds the missing companions (see above).
func (w *worker) lateCompanions(per *person) {
	n := len(w.b.Prescriptions)
	for k := per.rxFrom; k < n; k++ {
		rx := w.b.Prescriptions[k]
		if rx.PrescriptionID.IsZero() {
			continue // withdrawn
		}
		g, ok := datasets.RegimenByDMD(rx.DMDCode)
		if !ok {
			continue
		}
		m := w.plan.medPlans[g.Medicine]
		if m == nil || m.companion == nil || len(m.companion.orRunning) == 0 || (m.companion.share > 0 && m.companion.share < 1) {
			continue
		}
		cp, d := m.companion, rx.StartDate
		if per.ageOn(d) >= cp.fromAge || !w.issueOfClassOn(per, cp.orRunning, d, k, n) || w.issueOfClassOn(per, []string{cp.unless}, d, k, n) {
			continue // due by age: given when issued; or not due; or one runs
		}
		with := w.choice(per, cp, d, w.latestEGFR(per, d))
		if with == nil {
			continue
		}
		reg := with.regimen(per.ageOn(d), 0)
		if reg == nil {
			continue
		}
		end := w.nextOfClassStart(per, cp.unless, d, rx.EndDate)
		c := rx
		c.EndDate = end
		c.PrescriptionID = w.ids.rowID(tagPrescription)
		c.DMDCode, c.Medication, c.DoseText = reg.DMDCode, reg.Name, reg.DoseText
		w.b.Prescriptions = append(w.b.Prescriptions, c)
	}
}

// issueOfClassOn reports whether a live issue among the person's first n,
// other than issue self, of one of the classes runs on day d.
func (w *worker) issueOfClassOn(per *person, classes []string, d models.Date, self, n int) bool {
	for k := per.rxFrom; k < n; k++ {
		rx := &w.b.Prescriptions[k]
		if k == self || rx.PrescriptionID.IsZero() || rx.StartDate > d || (rx.EndDate != models.NoDate && rx.EndDate < d) {
			continue
		}
		if g, ok := datasets.RegimenByDMD(rx.DMDCode); ok && sharesClass(g.Medicine, classes) {
			return true
		}
	}
	return false
}

// nextOfClassStart is end, or the day before a live issue of the class
// starts after day d and by end (one PPI at a time).
func (w *worker) nextOfClassStart(per *person, class string, d, end models.Date) models.Date {
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
		rx := &w.b.Prescriptions[k]
		if rx.PrescriptionID.IsZero() || rx.StartDate <= d || (end != models.NoDate && rx.StartDate > end) {
			continue
		}
		if g, ok := datasets.RegimenByDMD(rx.DMDCode); ok && datasets.InClass(g.Medicine, class) {
			end = rx.StartDate - 1
		}
	}
	return end
}
