package scenario

import (
	"fmt"
	"sort"

	"github.com/code4health/cohortgen/datasets"
)

// medicineClass resolves a therapeutic class name ("statin", "statins",
// "ACE inhibitors") to the keys of its medicines (datasets'
// medicine_classes.csv), sorted; nil when the name is no class.
func (d *decoder) medicineClass(name string) (string, []string) {
	n := norm(name)
	var class string
	var keys []string
	for key := range d.ref.meds {
		for _, c := range datasets.MedicineClasses(key) {
			if norm(c) == n || norm(c)+"s" == n {
				class = c
				keys = append(keys, key)
			}
		}
	}
	sort.Strings(keys)
	return class, keys
}

// notOnNames reads not_on: medicines, or classes standing for all their
// medicines ("no statin": not_on: [statins]).
func (d *decoder) notOnNames(v val) ([]string, []val) {
	items, _ := d.list(v, "medicines")
	var keys []string
	var at []val
	add := func(k string, it val, fromClass bool) {
		for i, prev := range keys {
			if prev == k {
				if !fromClass {
					d.errorf(it, "%s is listed twice (first on line %d)", k, at[i].at().Line)
				}
				return
			}
		}
		keys = append(keys, k)
		at = append(at, it)
	}
	for _, it := range items {
		s, ok := d.str(it, "a medicine or a class of medicines")
		if !ok {
			continue
		}
		if k, err := d.ref.medicine(s); err == nil {
			add(k, it, false)
			continue
		} else if _, members := d.medicineClass(s); len(members) > 0 {
			for _, k := range members {
				add(k, it, true)
			}
		} else {
			d.errorf(it, "%v", err)
		}
	}
	return keys, at
}

// onMedicine resolves a medicine for on, explaining a class given instead.
func (d *decoder) onMedicine(name string) (string, error) {
	k, err := d.ref.medicine(name)
	if _, why := notModelled[norm(name)]; err != nil && !why {
		if class, members := d.medicineClass(name); len(members) > 0 {
			return "", fmt.Errorf("%s is a class of medicines; on takes one medicine, e.g. %s (not_on takes a class)", class, orWords(members))
		}
	}
	return k, err
}
