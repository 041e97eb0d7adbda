package scenario

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// warnNarrowing warns when the conditions in has leave only part of the
// ages (or one of the sexes) the author wrote: a cohort aged 18-30 with
// CKD is generated aged 25-30, because the model diagnoses CKD from 25.
// The file is valid; the warning says what will come out and why.
func (d *decoder) warnNarrowing(src *consSrc, skip map[*yaml.Node]bool) {
	if src.subject == "persona" {
		return
	}
	// A medicine prescribed for one condition only brings that condition
	// (on: [metformin] means type 2 diabetes, from 25).
	narrowed := *src
	viaDrug := map[string]string{} // condition -> the medicine that brings it
	narrowed.c.Has = append([]string(nil), src.c.Has...)
	narrowed.has = append([]val(nil), src.has...)
	for i, m := range src.c.OnMedicines {
		if inds := d.ref.indications[m]; len(inds) == 1 {
			if len(appendUnique(narrowed.c.Has, inds[0])) > len(narrowed.c.Has) {
				narrowed.c.Has = append(narrowed.c.Has, inds[0])
				narrowed.has = append(narrowed.has, src.on[i])
				viaDrug[inds[0]] = m
			}
		}
	}
	if len(narrowed.c.Has) == 0 {
		return
	}
	src = &narrowed
	lo, hi := -1, -1
	sexOK := [2]bool{}
	for _, s := range src.sexes() {
		for a := src.age.min; a <= src.age.hi(); a++ {
			if !d.allPossible(src.c.Has, s, a) {
				continue
			}
			sexOK[s] = true
			if lo < 0 || a < lo {
				lo = a
			}
			hi = max(hi, a)
		}
	}
	if lo < 0 {
		return // nobody at all: checkAges reported it
	}
	// The place to warn: the condition that narrows, where the author
	// wrote it in this set (not in a subgroup's cohort, which warns itself).
	at := func(limits func(h string) bool) (val, string, bool) {
		for i, h := range src.c.Has {
			if limits(h) && !skip[src.has[i].at()] {
				return src.has[i], h, true
			}
		}
		if src.ageAt != nil && !skip[src.ageAt.at()] {
			for _, h := range src.c.Has {
				if limits(h) {
					return *src.ageAt, h, true
				}
			}
		}
		return val{}, "", false
	}
	if src.ageAt != nil && lo > src.age.min {
		youngest := func(h string) bool {
			for _, s := range src.sexes() {
				if d.possible(h, s, lo-1) {
					return false
				}
			}
			return true
		}
		if v, h, ok := at(youngest); ok {
			why := d.youngestWhy(h, lo)
			if m := viaDrug[h]; m != "" {
				why = "the model prescribes " + m + " only for " + h + ", and " + strings.TrimPrefix(why, "the model ")
			}
			d.warnf(v, "the members will be aged %s, not %s: %s", ageRange{lo, src.age.max}.clip(hi), src.age, why)
		}
	}
	if src.ageAt != nil && src.age.max != 0 && hi < src.age.max {
		oldest := func(h string) bool {
			for _, s := range src.sexes() {
				if d.possible(h, s, hi+1) {
					return false
				}
			}
			return true
		}
		if v, h, ok := at(oldest); ok {
			d.warnf(v, "the members will be aged %s, not %s: the model gives %s to nobody older than %d", ageRange{lo, hi}, src.age, h, hi)
		}
	}
	if src.c.Sex == "" && sexOK[0] != sexOK[1] {
		only := sexNames[0]
		if sexOK[1] {
			only = sexNames[1]
		}
		other := func(h string) bool {
			for a := src.age.min; a <= src.age.hi(); a++ {
				if d.possible(h, 1-sexIndexOf(only), a) {
					return false
				}
			}
			return true
		}
		if v, h, ok := at(other); ok {
			d.warnf(v, "the members will all be %s: the model gives %s to no %s patients %s", only, h, sexNames[1-sexIndexOf(only)], src.ageWords())
		}
	}
}

// youngestWhy says why nobody younger than lo has condition h.
func (d *decoder) youngestWhy(h string, lo int) string {
	if d.ref.conds[h].Onset.MinAge == lo {
		return fmt.Sprintf("the model diagnoses %s from age %d", h, lo)
	}
	return fmt.Sprintf("the model gives %s to nobody younger than %d", h, lo)
}

// clip closes an open-ended range at hi when hi is below the open end.
func (a ageRange) clip(hi int) ageRange {
	if a.max == 0 && hi < MaxAge {
		a.max = hi
	}
	if a.max != 0 && hi < a.max {
		a.max = hi
	}
	return a
}

func sexIndexOf(sex string) int {
	if sex == "male" {
		return 1
	}
	return 0
}
