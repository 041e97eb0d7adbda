package scenario

import (
	"fmt"
	"math"
)

// maxOverlapping bounds the subgroups of a cohort with overlap: their
// members are laid out by the set of subgroups they are in.
const maxOverlapping = 12

// checkOverlaps reports pairs of subgroups of a cohort with overlap: true
// that no patient can belong to both of: the generator puts members in
// several subgroups (about as many as chance would), so every pair must be
// able to hold together.
func (d *decoder) checkOverlaps(parent *consSrc, subs []*consSrc) {
	alone := make([]bool, len(subs)) // a subgroup impossible alone is reported on its own
	for i := range subs {
		alone[i] = d.clash(parent, subs[i], subs[i]) == ""
	}
	for j := range subs {
		for i := 0; i < j; i++ {
			if !alone[i] || !alone[j] {
				continue
			}
			if why := d.clash(parent, subs[i], subs[j]); why != "" {
				d.errorf(subs[j].nameAt, "subgroups %q (line %d) and %q overlap (overlap: true), but no patient can be in both: %s",
					subs[i].nameAt.n.Value, subs[i].nameAt.at().Line, subs[j].nameAt.n.Value, why)
			}
		}
	}
}

// clash says why no patient can meet the cohort's constraints and both
// subgroups' together, or "" when one can.
func (d *decoder) clash(parent, a, b *consSrc) string {
	x, y := &a.c, &b.c
	died := func(c *Constraints) bool { return c.DiedWithinDays > 0 || (c.Alive != nil && !*c.Alive) }
	alive := func(c *Constraints) bool { return c.Alive != nil && *c.Alive }
	switch {
	case x.Sex != "" && y.Sex != "" && x.Sex != y.Sex:
		return "one is " + x.Sex + ", the other " + y.Sex
	case x.Town != "" && y.Town != "" && x.Town != y.Town:
		return "they live in " + x.Town + " and " + y.Town
	case x.Region != "" && y.Region != "" && x.Region != y.Region:
		return "they are in " + regionName(x.Region) + " and " + regionName(y.Region)
	case x.Practice != nil && y.Practice != nil && !x.Practice.same(y.Practice):
		return "they are on the lists of " + x.Practice.Name + " and " + y.Practice.Name
	case x.Smoking != "" && y.Smoking != "" && x.Smoking != y.Smoking:
		return "smoking " + x.Smoking + " and " + y.Smoking
	case (died(x) && alive(y)) || (died(y) && alive(x)):
		return "one died and the other is alive"
	}
	if k := common(x.Has, y.HasNot); k != "" {
		return k + " is in the first's has and the second's has_not"
	}
	if k := common(y.Has, x.HasNot); k != "" {
		return k + " is in the second's has and the first's has_not"
	}
	if k := common(x.OnMedicines, y.NotOnMedicines); k != "" {
		return k + " is in the first's on and the second's not_on"
	}
	if k := common(y.OnMedicines, x.NotOnMedicines); k != "" {
		return k + " is in the second's on and the first's not_on"
	}
	if len(x.Ethnicity) > 0 && len(y.Ethnicity) > 0 && common(x.Ethnicity, y.Ethnicity) == "" {
		return "their ethnic categories do not meet"
	}
	for _, ox := range x.Observations {
		for _, oy := range y.Observations {
			if ox.Observation != oy.Observation {
				continue
			}
			if (ox.NotWithinDays > 0) != (oy.NotWithinDays > 0) {
				return "one needs a " + ox.Observation + " result, the other none"
			}
			lo, hi := math.Inf(-1), math.Inf(1)
			for _, o := range []ObservationConstraint{ox, oy} {
				if o.Min != nil {
					lo = math.Max(lo, *o.Min)
				}
				if o.Max != nil {
					hi = math.Min(hi, *o.Max)
				}
			}
			if lo > hi {
				return "their latest " + ox.Observation + " ranges do not meet"
			}
		}
	}
	both := *parent
	both.age = ageRange{max(parent.age.min, a.age.min, b.age.min), min(parent.age.hi(), a.age.hi(), b.age.hi())}
	if both.age.min > both.age.max {
		return fmt.Sprintf("their ages do not meet (%s and %s)", a.age, b.age)
	}
	both.c.Sex = parent.c.Sex
	for _, s := range []string{x.Sex, y.Sex} {
		if s != "" {
			both.c.Sex = s
		}
	}
	has := append(append(append([]string(nil), parent.c.Has...), x.Has...), y.Has...)
	for i, h := range has {
		for _, k := range has[i+1:] {
			if d.excludes(h, k) {
				return h + " and " + k + " exclude each other"
			}
		}
	}
	if !d.feasible(&both, has) {
		return fmt.Sprintf("nobody aged %s%s can have %s together in the model", both.age, sexWords(both.c.Sex), listWords(has, false))
	}
	return ""
}

// common returns an item in both lists, or "".
func common(a, b []string) string {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return x
			}
		}
	}
	return ""
}
