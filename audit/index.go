package audit

import (
	"github.com/code4health/cohortgen/datasets"
)

// index holds the lookups from the codes a dataset carries to the keys the
// rules speak in: dm+d product -> medicine and dose form, SNOMED/LOINC ->
// observation slot, condition key -> number. It is built while compiling
// and read-only after.
type index struct {
	medKeys  []string
	medIndex map[string]int
	products map[string]product

	slotKeys []string          // observation key of each slot
	slots    map[string]int    // observation key -> slot
	bySnomed map[string]int    // observation SNOMED code -> slot
	byLoinc  map[string]int    // LOINC code -> slot, for keys with no SNOMED code (smoking status)
	codeOf   map[string]string // finding key -> SNOMED code (never_smoked -> 266919005)

	condIndex map[string]int // catalogue condition key -> number
}

// product is what a prescription's dm+d code says about it.
type product struct {
	med  int    // index into medKeys
	form string // solid | liquid | inhaler | injection | other
}

func newIndex() *index {
	x := &index{medIndex: map[string]int{}, products: map[string]product{}, slots: map[string]int{},
		bySnomed: map[string]int{}, byLoinc: map[string]int{}, codeOf: map[string]string{}, condIndex: map[string]int{}}
	for _, m := range datasets.Medicines() {
		x.medIndex[m.Key] = len(x.medKeys)
		x.medKeys = append(x.medKeys, m.Key)
	}
	// Every product the generator can write: each regimen of each medicine.
	for _, m := range datasets.Medicines() {
		for _, g := range datasets.Regimens(m.Key) {
			if _, seen := x.products[g.DMDCode]; !seen {
				x.products[g.DMDCode] = product{med: x.medIndex[g.Medicine], form: g.Form}
			}
		}
	}
	for _, o := range datasets.ObservationCodes() {
		if o.Snomed != "" {
			x.codeOf[o.Key] = o.Snomed
		}
	}
	return x
}

// productOf looks up a prescribed product; ok is false for a code no
// regimen names (such a prescription matches no drug set).
func (x *index) productOf(code string) (product, bool) {
	p, ok := x.products[code]
	return p, ok
}

// slot returns the slot of an observation key, adding it on first use:
// only observations some rule reads are indexed per patient.
func (x *index) slot(key string) int {
	if s, ok := x.slots[key]; ok {
		return s
	}
	s := len(x.slotKeys)
	x.slots[key] = s
	x.slotKeys = append(x.slotKeys, key)
	o, _ := datasets.ObservationByKey(key)
	if o.Snomed != "" {
		x.bySnomed[o.Snomed] = s
	} else if o.Loinc != "" {
		x.byLoinc[o.Loinc] = s
	}
	return s
}

// condition returns the number of a condition key, adding it on first use.
func (x *index) condition(key string) int {
	if c, ok := x.condIndex[key]; ok {
		return c
	}
	c := len(x.condIndex)
	x.condIndex[key] = c
	return c
}
