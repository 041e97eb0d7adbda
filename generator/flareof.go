package generator

import "github.com/code4health/cohortgen/models"

// A presentation may be the flare of a long-term condition (catalogue
// presentations flare_of): someone with rheumatoid arthritis whose joints
// are painful again is seen about the arthritis, a flare to assess, not
// given a new "Pain in joint" problem (h57f: 60 such problems opened for 32
// people after their rheumatoid arthritis was diagnosed, generate -n 20000
// -s 83). The draw that chose the presentation is kept, so no other record
// moves.

// flareOfHeld is the index in per.conds of a condition presentation pi is
// a flare of, held and diagnosed by day d; -1 when none is.
func (w *worker) flareOfHeld(per *person, pi int, d models.Date) int {
	for _, key := range w.plan.presentations[pi].FlareOf {
		if k := heldIndex(per, w.plan.condIndex[key]); k >= 0 && per.conds[k].onset <= d && per.conds[k].row >= 0 {
			return k
		}
	}
	return -1
}
