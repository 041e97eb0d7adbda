package scenario

import (
	"sort"
	"sync"

	"github.com/code4health/cohortgen/datasets"
	"go.yaml.in/yaml/v3"
)

// MaxRepeatMedicines bounds medicines_count: more than the catalogue's
// pathways could give anyone is refused by the check below anyway.
const MaxRepeatMedicines = 20

var medCountKeys = []string{"at_least", "at_most"}

var medCountSynonyms = map[string]string{"min": "at_least", "n": "at_least", "count": "at_least", "max": "at_most", "no_more_than": "at_most"}

// medicinesCount reads medicines_count: {at_least: N} or the number alone:
// on N or more repeat medicines at the as-of date.
func (d *decoder) medicinesCount(v val, src *consSrc) {
	if v.n != nil && v.n.Kind == yaml.ScalarNode {
		if n, ok := d.integer(v, 1, MaxRepeatMedicines); ok {
			src.c.MinRepeatMedicines, src.medCountAt = int(n), &v
		}
		return
	}
	f, ok := d.mapping(v, "a count of repeat medicines", medCountKeys, medCountSynonyms)
	if !ok {
		return
	}
	if hv, ok := f.get("at_most"); ok {
		d.errorf(hv, "medicines_count takes at_least only: the model's prescribing follows each condition's pathway, and is not held under a count (use not_on to rule medicines out)")
		return
	}
	lv, ok := d.require(f, "at_least", "a count of repeat medicines")
	if !ok {
		return
	}
	if n, ok := d.integer(lv, 1, MaxRepeatMedicines); ok {
		src.c.MinRepeatMedicines, src.medCountAt = int(n), &v
	}
}

// RepeatCandidates lists, in the order the generator adds them, the
// medicines that can make up a count of repeat medicines for a patient who
// has the conditions in has: those already required (on), then the
// pathway medicines of the conditions in has, then those of the commonest
// other conditions that possible allows. A medicine is left out when it is
// ruled out (notOn), has no dm+d code, or is an alternative to one already
// listed: the same most specific class (two statins), or offered in the
// same treatment line of any pathway (ramipril or losartan). One
// definition for the parser's check and the generator.
//
// With staged set (a CKD stage is asked for), medicines the prescribing
// rules stop at low kidney function are left out too: the generator keeps a
// patient on such a drug above its limit, which a stage may lie below.
func RepeatCandidates(cat *datasets.Catalogue, has, on, notOn []string, staged bool, possible func(cond string) bool) []string {
	ruled := map[string]bool{}
	for _, n := range notOn {
		ruled[n] = true
	}
	var out []string
	taken := map[string]bool{}
	alternatives := func(a, b string) bool {
		ca, cb := datasets.MedicineClasses(a), datasets.MedicineClasses(b)
		if len(ca) > 0 && len(cb) > 0 && ca[0] == cb[0] {
			return true
		}
		for _, c := range cat.Conditions {
			for _, l := range c.Treatment {
				ina, inb := false, false
				for _, o := range l.Options {
					ina, inb = ina || o.Drug == a, inb || o.Drug == b
				}
				if ina && inb {
					return true
				}
			}
		}
		return false
	}
	add := func(m string) {
		if taken[m] || ruled[m] {
			return
		}
		if med, ok := datasets.MedicineByKey(m); !ok || !med.HasCode() || (staged && renallyLimited(m)) {
			return
		}
		for _, t := range out {
			if alternatives(t, m) {
				return
			}
		}
		taken[m] = true
		out = append(out, m)
	}
	for _, m := range on {
		taken[m] = true
		out = append(out, m)
	}
	conds := make([]*datasets.Condition, 0, len(cat.Conditions))
	for i := range cat.Conditions {
		conds = append(conds, &cat.Conditions[i])
	}
	inHas := func(k string) bool {
		for _, h := range has {
			if h == k {
				return true
			}
		}
		return false
	}
	sort.SliceStable(conds, func(a, b int) bool {
		ha, hb := inHas(conds[a].Key), inHas(conds[b].Key)
		if ha != hb {
			return ha
		}
		return conds[a].Target > conds[b].Target
	})
	for _, c := range conds {
		if !inHas(c.Key) && !possible(c.Key) {
			continue
		}
		if len(c.Treatment) > 0 {
			opts := append([]datasets.DrugOption(nil), c.Treatment[0].Options...)
			sort.SliceStable(opts, func(a, b int) bool { return opts[a].Weight > opts[b].Weight })
			for _, o := range opts {
				add(o.Drug)
			}
		}
		for _, a := range c.AlsoPrescribe {
			add(a.Drug)
		}
	}
	return out
}

// checkMedicinesCount reports a count of repeat medicines more than the
// model's pathways can give a patient of the set.
func (d *decoder) checkMedicinesCount(src *consSrc, skip map[*yaml.Node]bool) {
	n := src.c.MinRepeatMedicines
	if n == 0 {
		return
	}
	excluded := d.excludedBy(src.c.Has)
	possible := func(k string) bool {
		for _, h := range src.c.HasNot {
			if h == k {
				return false
			}
		}
		return excluded[k] == "" && d.feasible(src, append(append([]string(nil), src.c.Has...), k))
	}
	if got := len(RepeatCandidates(d.ref.cat, src.c.Has, src.c.OnMedicines, src.c.NotOnMedicines, len(src.c.CKDStages) > 0, possible)); got < n {
		d.say(skip, withAge(*src.medCountAt, src), "on %d or more repeat medicines cannot hold: the model's pathways give a patient %s%s at most %d different repeat medicines beside what has_not and not_on rule out",
			n, src.ageWords(), sexWords(src.c.Sex), got)
	}
}

// renallyLimited reports whether the prescribing rules stop the medicine
// below some eGFR (datasets/prescribing.yaml, renal).
func renallyLimited(key string) bool {
	rules, err := loadPrescribing()
	if err != nil {
		return false
	}
	for _, r := range rules.Renal {
		if r.AppliesTo(key) && r.StopBelow > 0 {
			return true
		}
	}
	return false
}

var loadPrescribing = sync.OnceValues(datasets.LoadPrescribing)
