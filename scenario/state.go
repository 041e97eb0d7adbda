package scenario

import (
	"sort"
	"strings"

	"github.com/code4health/cohortgen/datasets"
)

// CKDCondition is the catalogue condition whose coded stages ckd_stage
// names: the stages themselves (thresholds, codes) are the catalogue's.
const CKDCondition = "ckd"

// InsulinClass is the medicine class (datasets' medicine_classes.csv) that
// insulin_treated asks a member to be on.
const InsulinClass = "insulin"

// CKDStage is one coded stage of the CKD condition, named by the label a
// scenario uses ("3a", "4"): the last word of the catalogue's description.
type CKDStage struct {
	Label  string
	Snomed string
	// Below is the eGFR the stage starts under; Above the one it ends at
	// (the next stage's Below, 0 for the last).
	Below, Above float64
}

// CKDStages lists the catalogue's CKD stages, mildest first: one
// definition for the parser, the checker and the generator.
func CKDStages(cat *datasets.Catalogue) []CKDStage {
	c, ok := cat.Condition(CKDCondition)
	if !ok {
		return nil
	}
	out := make([]CKDStage, len(c.Stages))
	for i, st := range c.Stages {
		words := strings.Fields(st.Description)
		out[i] = CKDStage{Label: strings.ToLower(words[len(words)-1]), Snomed: st.Snomed, Below: st.Below}
		if i > 0 {
			out[i-1].Above = st.Below
		}
	}
	return out
}

// stageLabel normalises what an author writes for a stage: "G3a", "stage
// 3A", "CKD 4" and 4 are 3a, 3a, 4 and 4.
func stageLabel(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), ""))
	for _, p := range []string{"ckd", "stage", "g"} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

// ckdStage reads ckd_stage: one stage, a list, or "3b+" (that stage and
// every later one). The member has CKD, so it joins has.
func (d *decoder) ckdStage(v val, src *consSrc) {
	stages := CKDStages(d.ref.cat)
	var labels []string
	for _, st := range stages {
		labels = append(labels, "G"+strings.ToUpper(st.Label[:1])+st.Label[1:])
	}
	items, ok := d.list(v, "CKD stages")
	if !ok {
		return
	}
	picked := map[int]bool{}
	for _, it := range items {
		s, ok := d.str(it, "a CKD stage")
		if !ok {
			return
		}
		l := stageLabel(s)
		plus := strings.HasSuffix(l, "+")
		l = strings.TrimSuffix(l, "+")
		found := false
		for i, st := range stages {
			if st.Label == l || (l == "3" && strings.HasPrefix(st.Label, "3")) {
				found = true
				for j := i; j < len(stages) && (j == i || plus || (l == "3" && strings.HasPrefix(stages[j].Label, "3"))); j++ {
					picked[j] = true
				}
			}
		}
		if !found {
			d.errorf(it, "unknown CKD stage %q: the model codes stages %s (G3 is G3a or G3b; G4+ is G4 and G5)", s, orWords(labels))
			return
		}
	}
	var idx []int
	for i := range picked {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for k := 1; k < len(idx); k++ {
		if idx[k] != idx[k-1]+1 {
			d.errorf(v, "the stages must be neighbours (G3b and G4, not G3a and G4): the stage follows one eGFR range")
			return
		}
	}
	for _, i := range idx {
		src.c.CKDStages = append(src.c.CKDStages, stages[i].Label)
	}
	src.ckdAt = &v
	src.addHas(CKDCondition, v)
}

// insulinTreated reads insulin_treated: true (diabetes treated with
// insulin at the as-of date). It puts the member on the first insulin the
// model prescribes as a repeat, so the checks on medicines apply to it.
func (d *decoder) insulinTreated(v val, src *consSrc) {
	b, ok := d.boolean(v)
	if !ok {
		return
	}
	if !b {
		d.errorf(v, "insulin_treated takes true; for diabetes not treated with insulin write not_on: [insulin]")
		return
	}
	for i, n := range src.c.NotOnMedicines {
		if datasets.InClass(n, InsulinClass) {
			d.errorf(v, "insulin_treated contradicts not_on %s (line %d)", n, src.notOn[i].at().Line)
			return
		}
	}
	src.c.InsulinTreated, src.insulinAt = true, &v
	for _, on := range src.c.OnMedicines {
		if datasets.InClass(on, InsulinClass) {
			return // on one already
		}
	}
	// the first insulin of any treatment pathway: the one a pathway starts with
	for _, c := range d.ref.cat.Conditions {
		for _, l := range c.Treatment {
			for _, o := range l.Options {
				if datasets.InClass(o.Drug, InsulinClass) {
					src.c.OnMedicines = append(src.c.OnMedicines, o.Drug)
					src.on = append(src.on, v)
					return
				}
			}
		}
	}
	d.errorf(v, "the model prescribes no insulin as a repeat medicine")
}

// addHas adds a condition a constraint implies to has, once.
func (s *consSrc) addHas(key string, at val) {
	for _, h := range s.c.Has {
		if h == key {
			return
		}
	}
	s.c.Has = append(s.c.Has, key)
	s.has = append(s.has, at)
}

// mergeState adds a subgroup's medicine count, CKD stages and insulin
// treatment to its cohort's (merged), reporting stages the two cannot
// share.
func (d *decoder) mergeState(parent, sub *consSrc, merged *consSrc) bool {
	p, s := &parent.c, &sub.c
	if s.MinRepeatMedicines > p.MinRepeatMedicines {
		merged.c.MinRepeatMedicines, merged.medCountAt = s.MinRepeatMedicines, sub.medCountAt
	}
	if s.InsulinTreated {
		merged.c.InsulinTreated, merged.insulinAt = true, sub.insulinAt
	}
	if len(s.CKDStages) == 0 {
		return false
	}
	merged.c.CKDStages, merged.ckdAt = MergeStages(p.CKDStages, s.CKDStages), sub.ckdAt
	if len(merged.c.CKDStages) == 0 {
		d.errorf(*sub.ckdAt, "the subgroup's CKD stages share none with the cohort's (line %d)", parent.ckdAt.at().Line)
		return true
	}
	return false
}

// MergeStages is the stages a subgroup's member may be at: the subgroup's
// within its cohort's (either nil: the other).
func MergeStages(parent, sub []string) []string {
	if len(parent) == 0 {
		return sub
	}
	if len(sub) == 0 {
		return parent
	}
	var both []string
	for _, a := range sub {
		for _, b := range parent {
			if a == b {
				both = append(both, a)
			}
		}
	}
	return both
}
