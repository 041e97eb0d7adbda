package generator

import "github.com/code4health/cohortgen/models"

// Hypnotics in frailty (twenty-second review). A GP read zopiclone started
// for people living with moderate and severe frailty: STOPP/START v3 and the
// Beers criteria ask that a Z-drug is not started in older people at risk of
// falls. A start bar with a frailty category (prescribing.yaml
// contraindications frailty) reads the eFI category the practice would code
// on the day (frailty.go), from the eFI's age.

// frailtyCategory is the person's eFI category on day d (an index into
// frailty.yaml's categories; -1 fit or below the eFI's age).
func (w *worker) frailtyCategory(per *person, d models.Date) int {
	if per.ageOn(d) < w.plan.frailty.EFI.FromAge {
		return -1
	}
	w.frailtyState(per, &w.efi)
	return w.efi.category(w, per, d)
}
