// Checks for h64e: a low TSH on levothyroxine left for years.
package generator

import "testing"

// TestLowTSHOnLevothyroxineIsLowered: NICE NG145 1.5 aims for a TSH in the
// reference range (0.35-5 here); a TSH below it on replacement is
// over-treatment and the dose is lowered. Before h64e only a TSH below 0.1
// lowered it: 97 readings of 0.1-0.35 on levothyroxine at generate -n
// 20000 -s 83, none lowered. A reading below 0.35 on a dose above the
// lowest is followed within 90 days by a lower dose, bar a few (a change
// waits 14 days after the last change or issue: titrateDays).
func TestLowTSHOnLevothyroxineIsLowered(t *testing.T) {
	r := review5Population(t)
	var low, lowered int
	for _, j := range tshOnLevothyroxine(r) {
		id, o, d, before := j.id, j.o, j.o.EffectiveTime.Date(), j.before
		if before <= 25 || *o.Value >= 0.35 {
			continue
		}
		low++
		if j.changed(false) {
			lowered++
		} else if low-lowered <= 3 {
			t.Logf("%s: TSH %.2f on %s on %d micrograms, not lowered in 90 days", id, *o.Value, d, before)
		}
	}
	t.Logf("TSH below 0.35 on levothyroxine above 25 micrograms: %d, lowered within 90 days %d", low, lowered)
	enough(t, low, 20, "TSH readings below 0.35 on levothyroxine")
	if lowered*10 < low*8 {
		t.Errorf("TSH below 0.35 on levothyroxine lowered within 90 days in %d of %d: want 8 in 10 or more", lowered, low)
	}
}
