package generator

import (
	"math"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// A low count withholds methotrexate (prescribing.yaml result_stops: a
// white cell count under 3.5 or platelets under 140; BSR 2017), read by the
// care pass, which writes the medicine's issues and its restart. A count
// written once that pass is over (the full blood count of a tiredness or
// heavy-period contact, episodebloods.go; a first contact's tests) comes too
// late for the prescribing to read: a platelet count of 129 at a contact
// about tiredness, while methotrexate was withheld for a low count, was
// followed by its restart four days later (generate -n 30000 -s 89, the
// 6,369th person; hard rule methotrexate-platelets-below-140). Leaving such
// a count out took the blood count from the contacts that need one (tried
// and reverted, commit 12e0c4c), so the count is kept and is the one fact
// the prescribing saw: not low while a medicine it would withhold runs or
// starts within the hard rule's 6 months after.

// lateReadDays is how long after a count an issue reads it: the latest
// count in the 6 months before (hard rule methotrexate-platelets-below-140,
// within_days 183).
const lateReadDays = 183

// lateCount is result v of slot on day d, mirrored above the limit of a
// rule acting below a level (the count 129 reads 151) when it is written
// after the care pass and a medicine the rule stops runs on day d or starts
// in the lateReadDays after. Nothing is drawn: every other result stays.
func (w *worker) lateCount(per *person, slot int, v float64, d models.Date) float64 {
	rs := w.plan.stopOf[slot]
	if !per.careWritten || rs == nil || rs.Below <= 0 || !rs.Acts(v) {
		return v
	}
	for k := range per.courses {
		c := &per.courses[k]
		if c.start <= d+lateReadDays && (c.stop == models.NoDate || c.stop > d) && slices.Contains(c.meds.stops, rs) {
			sc := w.plan.obsScale[slot]
			held := math.Max(math.Round((2*rs.Below-v)*sc)/sc, rs.Below)
			if m := w.plan.obsModels[slot]; m.Max > 0 {
				held = math.Min(held, m.Max)
			}
			return held
		}
	}
	return v
}
