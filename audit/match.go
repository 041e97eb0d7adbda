package audit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// drugSet is a compiled datasets.DrugSet.
type drugSet struct {
	meds     []bool          // by medicine index; nil when only forms select
	products map[string]bool // dm+d codes
	forms    map[string]bool // nil: any form
	doses    []string        // nil: any dose instruction
	count    int
	label    string
}

func (x *index) drugSet(d datasets.DrugSet) drugSet {
	s := drugSet{count: max(d.Count, 1), label: drugLabel(d), doses: d.Doses}
	if len(d.Medicines)+len(d.Classes)+len(d.Products) > 0 {
		s.meds = make([]bool, len(x.medKeys))
		for _, m := range d.Medicines {
			s.meds[x.medIndex[m]] = true
		}
		for i, key := range x.medKeys {
			for _, c := range d.Classes {
				if datasets.InClass(key, c) { // a pending class matches nothing
					s.meds[i] = true
				}
			}
		}
		s.products = map[string]bool{}
		for _, p := range d.Products {
			s.products[p] = true
		}
	}
	if len(d.Forms) > 0 {
		s.forms = map[string]bool{}
		for _, f := range d.Forms {
			s.forms[f] = true
		}
	}
	return s
}

func (s *drugSet) match(r *rxRow) bool {
	if s.meds != nil && !s.products[r.product] && (r.med < 0 || !s.meds[r.med]) {
		return false
	}
	return (s.forms == nil || s.forms[r.form]) && (s.doses == nil || slices.Contains(s.doses, r.dose))
}

// runsIn reports whether a prescription of the set runs on a day of
// [from, to]: issued by to and supplied past from (on one day: from = to).
func (s *drugSet) runsIn(v *view, from, to models.Date) bool {
	for i := range v.rx {
		if rx := &v.rx[i]; s.match(rx) && rx.start <= to && rx.until > from {
			return true
		}
	}
	return false
}

func drugLabel(d datasets.DrugSet) string {
	var parts []string
	parts = append(parts, d.Medicines...)
	parts = append(parts, d.Classes...)
	for _, p := range d.Products {
		if g, ok := datasets.RegimenByDMD(p); ok {
			p = g.Name
		}
		parts = append(parts, p)
	}
	for _, f := range d.Forms {
		parts = append(parts, f+" forms")
	}
	for _, ds := range d.Doses {
		parts = append(parts, "'"+ds+"'")
	}
	return strings.Join(parts, "/")
}

// condSet is a compiled datasets.ConditionSet.
type condSet struct {
	keys  map[int]bool
	codes map[string]bool // nil: any code of the keys
	count int
	label string
}

func (x *index) condSet(c datasets.ConditionSet) condSet {
	s := condSet{keys: map[int]bool{}, count: max(c.Count, 1), label: strings.Join(c.Keys, "/")}
	for _, k := range c.Keys {
		s.keys[x.condition(k)] = true
	}
	if len(c.Codes) > 0 {
		s.codes = map[string]bool{}
		for _, code := range c.Codes {
			s.codes[code] = true
		}
		s.label += " " + strings.Join(c.Codes, "/")
	}
	return s
}

func (s *condSet) match(c *condRow) bool {
	return c.key >= 0 && s.keys[c.key] && (s.codes == nil || s.codes[c.code])
}

// activeAt returns a condition of the set active on day d.
func (s *condSet) activeAt(v *view, d models.Date) *condRow {
	for i := range v.conds {
		if c := &v.conds[i]; s.match(c) && c.onset <= d && d < c.until {
			return c
		}
	}
	return nil
}

// obsTest is a compiled datasets.ObservationTest.
type obsTest struct {
	key         string
	slot        int
	rng         datasets.Range
	value       string // SNOMED code of a coded finding
	within      int
	orMissing   bool
	forDays     int
	minReadings int
	// otherwise: the test read when the latest sample has no reading of key
	// (where only; h60d: the non-HDL where the LDL was withheld)
	otherwise *obsTest
}

func (x *index) obsTest(o datasets.ObservationTest) obsTest {
	t := obsTest{key: o.Key, slot: x.slot(o.Key), rng: o.Range, within: o.WithinDays, orMissing: o.OrMissing,
		forDays: o.ForDays, minReadings: o.MinReadings}
	if t.minReadings == 0 {
		t.minReadings = 2 // a run is two readings unless the rule says one (a single potassium of 6.0 or more)
	}
	if o.Value != "" {
		t.value = x.codeOf[o.Value]
	}
	if o.Otherwise != nil {
		e := x.obsTest(*o.Otherwise)
		if e.within == 0 {
			e.within = t.within
		}
		t.otherwise = &e
	}
	return t
}

// tests reports whether the test looks at the value at all (otherwise
// only a missing reading can fail it).
func (t *obsTest) tests() bool { return t.value != "" || t.rng.Set() }

// meets reports whether a reading meets the test's value condition.
func (t *obsTest) meets(r reading) bool {
	if t.value != "" {
		return r.code == t.value
	}
	return r.has && t.rng.Holds(r.value)
}

// latestMeets applies the test to the latest reading on or before day d:
// a reading that meets it, or none at all when orMissing, fails the rule.
func (t *obsTest) latestMeets(v *view, d models.Date) (hit bool, r reading, found bool) {
	return t.latestMeetsBy(v, d, 0)
}

// latestMeetsBy is latestMeets, leaving out the readings of day d taken
// after until (0: none left out).
func (t *obsTest) latestMeetsBy(v *view, d models.Date, until models.Timestamp) (hit bool, r reading, found bool) {
	r, found = v.latestBy(t.slot, d, t.within, until)
	if e := t.otherwise; e != nil {
		// the latest sample's own reading of key, else its otherwise reading
		if ro, fo := v.latestBy(e.slot, d, e.within, until); fo && (!found || ro.at > r.at) {
			return e.meets(ro), ro, true
		}
	}
	if !found {
		return t.orMissing, r, false
	}
	return t.tests() && t.meets(r), r, true
}

// describe writes what a reading (or its absence) was, for examples.
func (t *obsTest) describe(r reading, found bool) string {
	switch {
	case !found && t.within > 0:
		return fmt.Sprintf("no %s in the %d days before", t.key, t.within)
	case !found:
		return "no " + t.key + " recorded"
	case r.code != "":
		return fmt.Sprintf("%s %s on %s", t.key, r.code, r.day)
	}
	key := t.key
	if t.otherwise != nil {
		key += " (or " + t.otherwise.key + " with none)"
	}
	return fmt.Sprintf("%s %g on %s", key, r.value, r.day)
}

// followedByCodes is the SNOMED CT codes of a rule's followed_by
// observations, the answers the follow-up kinds look for.
func followedByCodes(r *datasets.Rule) (map[string]bool, error) {
	next := map[string]bool{}
	for _, k := range r.FollowedBy {
		c, ok := datasets.ObservationByKey(k)
		if !ok || c.Snomed == "" {
			return nil, fmt.Errorf("followed_by %q has no SNOMED CT code in observation_codes.csv", k)
		}
		next[c.Snomed] = true
	}
	return next, nil
}
