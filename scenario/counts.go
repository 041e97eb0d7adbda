package scenario

import (
	"go.yaml.in/yaml/v3"
)

var countKeys = []string{"of", "at_least", "at_most"}

var countSynonyms = map[string]string{
	"conditions": "of", "from": "of", "among": "of", "min": "at_least", "n": "at_least",
	"count": "at_least", "max": "at_most", "no_more_than": "at_most",
}

// countSrc is a condition count with where it was written.
type countSrc struct {
	at val   // the has_count or has_any value
	of []val // parallel to c.Of
	c  ConditionCount
}

// hasCount reads has_count: {of: [...], at_least: N, at_most: M}.
func (d *decoder) hasCount(v val, src *consSrc) {
	f, ok := d.mapping(v, "a condition count", countKeys, countSynonyms)
	if !ok {
		return
	}
	ov, ok := d.require(f, "of", "a condition count")
	if !ok {
		return
	}
	keys, at, bad := d.names(ov, "condition", d.ref.condition)
	if bad || len(keys) == 0 {
		if !bad {
			d.errorf(ov, "list the conditions to count, e.g. of: [copd, asthma, heart_failure]")
		}
		return
	}
	cs := countSrc{at: v, of: at, c: ConditionCount{Of: keys, AtMost: len(keys)}}
	lv, hasLo := f.get("at_least")
	hv, hasHi := f.get("at_most")
	if !hasLo && !hasHi {
		d.errorf(v, "say how many of the %d conditions: at_least: N, at_most: N, or both", len(keys))
		return
	}
	if hasLo {
		n, ok := d.integer(lv, 0, int64(len(keys)))
		if !ok {
			return
		}
		cs.c.AtLeast = int(n)
	}
	if hasHi {
		n, ok := d.integer(hv, 0, int64(len(keys)))
		if !ok {
			return
		}
		if int(n) < cs.c.AtLeast {
			d.errorf(hv, "at_most %d is below at_least %d (line %d): no count is both", n, cs.c.AtLeast, lv.at().Line)
			return
		}
		cs.c.AtMost = int(n)
	}
	src.c.Counts = append(src.c.Counts, cs.c)
	src.counts = append(src.counts, cs)
}

// hasAny reads has_any: [...], a count of at least one.
func (d *decoder) hasAny(v val, src *consSrc) {
	keys, at, bad := d.names(v, "condition", d.ref.condition)
	if bad || len(keys) == 0 {
		return
	}
	c := ConditionCount{Of: keys, AtLeast: 1, AtMost: len(keys)}
	src.c.Counts = append(src.c.Counts, c)
	src.counts = append(src.counts, countSrc{at: v, of: at, c: c})
}

// checkCounts reports counts that contradict has, has_not, each other, or
// the ages: a count nobody of the ages and sex can reach. A condition in
// has and in a count's list is simply always counted.
func (d *decoder) checkCounts(src *consSrc, skip map[*yaml.Node]bool) {
	listedAt := map[string]val{}
	for _, cs := range src.counts {
		for j, k := range cs.c.Of {
			for i, h := range src.c.HasNot {
				if h == k {
					d.say(skip, []val{cs.of[j], src.hasNot[i]}, "%s is in has_not (line %d), so it never counts; leave it out of the list", k, src.hasNot[i].at().Line)
				}
			}
			if prev, ok := listedAt[k]; ok && prev.at() != cs.of[j].at() {
				both := later(cs.of[j], prev)
				d.say(skip, both, "%s is counted twice (first on line %d): a condition belongs to one count", k, both[1].at().Line)
			}
			listedAt[k] = cs.of[j]
		}
		var always []string
		for _, k := range cs.c.Of {
			for _, h := range src.c.Has {
				if h == k {
					always = append(always, k)
				}
			}
		}
		if len(always) > cs.c.AtMost {
			d.say(skip, []val{cs.at}, "at most %d of the list cannot hold: has requires %s, which are in it", cs.c.AtMost, listWords(always, false))
			continue
		}
		if best := d.mostTogether(src, cs.c.Of); best < cs.c.AtLeast {
			d.say(skip, withAge(cs.at, src), "at least %d of %s cannot hold: a patient %s%s can have at most %d of them together in the model",
				cs.c.AtLeast, listWords(cs.c.Of, false), src.ageWords(), sexWords(src.c.Sex), best)
		}
	}
}

// mostTogether is the most of the listed conditions one patient of the set's
// ages and sex can have beside everything in has: at each age, the listed
// conditions possible there, less those excluded by has or by one already
// counted.
func (d *decoder) mostTogether(src *consSrc, of []string) int {
	excluded := d.excludedBy(src.c.Has)
	best := 0
	for _, s := range src.sexes() {
		for a := src.age.min; a <= src.age.hi(); a++ {
			if !d.allPossible(src.c.Has, s, a) {
				continue
			}
			var picked []string
			for _, k := range of {
				if !d.possible(k, s, a) || excluded[k] != "" {
					continue
				}
				clash := false
				for _, p := range picked {
					clash = clash || d.excludes(p, k)
				}
				if !clash {
					picked = append(picked, k)
				}
			}
			best = max(best, len(picked))
		}
	}
	return best
}
