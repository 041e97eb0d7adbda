package generator

import "github.com/code4health/cohortgen/models"

// The scan before the biopsy (brief h72a). A GP review read prostate
// biopsies with no MRI before them: 120 biopsies about a raised PSA or
// urinary symptoms and no prostate MRI in the record (generate -n 20000
// -s 83). NICE NG131 1.2: multiparametric MRI as the first-line
// investigation for suspected clinically localised prostate cancer, and a
// biopsy after it (cancer_routes.yaml prostate scan_first). On the timed
// prostate pathway the MRI comes before the first clinic, which reads it
// and books the biopsy: here 1-2 days before that clinic (the working
// day), a clinic scan typed by its procedure, from a stream of its own so
// nothing else moves.

// scanFirst writes held condition hc's site's scan_first 1-2 days before
// its first clinic (day first) and after the referral, when one fits
// before the clinic and the investigation on day test; nothing when the
// site has none.
func (w *worker) scanFirst(per *person, hc *heldCondition, first, test models.Date) {
	inv := hc.site.route.scanFirst
	if inv == nil {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeScanFirst, uint64(hc.plan.idx))
	// the working day 1-2 days before (a clinic slot on a closed day would
	// move forward, onto the clinic's own day), after the GP's referral on
	// the onset day (a Monday clinic 3 days after a Friday referral leaves
	// no day between: no scan then)
	d := lastWorkingDay(first - 1 - models.Date(s.IntN(2)))
	if d <= hc.onset {
		d = hc.onset + 1
	}
	d, start, end, ok := clinicSlot(per, d, hc.symptomID, &s)
	if !ok || d >= first || d >= test {
		return // a stay took the days before the clinic: the clinic books the biopsy unread
	}
	w.clinicAt(per, d, start, end, hc.symptomID) // hospital.go
	e := &w.b.Encounters[len(w.b.Encounters)-1]
	e.TypeCode, e.TypeDisplay = inv.Snomed, inv.Display
}
