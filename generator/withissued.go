package generator

import "github.com/code4health/cohortgen/datasets"

// medicineIssuedAtVisit reports whether medicine key was issued at encounter
// encID (by a course written before this one): a course with with_issued
// goes only beside it (lymecycline for moderate to severe acne with the
// topical adapalene and benzoyl peroxide, never alone: NICE NG198 1.5;
// brief h73e).
func (w *worker) medicineIssuedAtVisit(encID, key string) bool {
	if encID == "" {
		return false
	}
	for i := len(w.b.Prescriptions) - 1; i >= 0 && sameRowID(w.b.Prescriptions[i].EncounterID, encID); i-- {
		if g, ok := datasets.RegimenByDMD(w.b.Prescriptions[i].DMDCode); ok && g.Medicine == key {
			return true
		}
	}
	return false
}
