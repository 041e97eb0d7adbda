package generator

import "github.com/code4health/cohortgen/distributions"

// firstBaby reports whether the woman's i-th pregnancy is her first to a
// birth, for NICE NG201's extra appointments for a nulliparous woman
// (pregnancy.yaml midwife first_baby, brief h74e): not when the record holds
// an earlier birth; yes when the record covers her from the youngest age a
// pregnancy is drawn and holds none; otherwise (a birth before the record
// began cannot be seen) at first_births_pct. Its draw is always taken, the
// first of s (the pregnancy's antenatal schedule stream).
func (w *worker) firstBaby(per *person, i int, s *distributions.Stream) bool {
	c := w.plan.pregnancy.p
	u := s.Float64() * 100
	pg := &per.pregnancies[i]
	for j := range i {
		if e := &per.pregnancies[j]; !e.loss && e.end < pg.lmp {
			return false
		}
	}
	if per.birthday(c.BirthsPer1000[0].FromAge) >= per.firstDay {
		return true
	}
	return u < c.FirstBirthsPct
}
