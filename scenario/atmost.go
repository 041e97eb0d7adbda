package scenario

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// AtMostSettings are the encounter settings an at_most count can hold: the
// model books GP contacts one at a time and can leave one out, while A&E
// attendances, admissions and clinics follow from illness and referral.
var AtMostSettings = []string{"gp"}

// encounterAtMost reads at_most: N (0 to 100) on an encounter entry: at
// most N such encounters in the window. It stands alone (with within and
// class): a count from at_least to at_most is not in the format yet.
func (d *decoder) encounterAtMost(f fields, mv val, e *EncounterConstraint) bool {
	ok := false
	for _, s := range AtMostSettings {
		ok = ok || s == e.Setting
	}
	if !ok {
		d.errorf(mv, "at_most is for %s encounters: the model's %s encounters follow from illness and referral, so their number is not held under a count", orWords(AtMostSettings), e.Setting)
		return false
	}
	for _, k := range []string{"at_least", "current", "discharged_within", "reason"} {
		if _, has := f.get(k); has {
			d.errorf(mv, "at_most stands alone: give it with within (and class) only, not with %s", k)
			return false
		}
	}
	n, good := d.integer(mv, 0, 100)
	if !good {
		return false
	}
	most := int(n)
	e.AtMost, e.AtLeast = &most, 0
	return true
}

// checkAtMost reports what a cap on GP contacts would keep out of the
// record: another entry asking for GP contacts, or a recent observation
// (the model records a missing one at an added GP visit).
func (d *decoder) checkAtMost(src *consSrc, skip map[*yaml.Node]bool) {
	for i, e := range src.c.Encounters {
		if e.AtMost == nil {
			continue
		}
		for j, o := range src.c.Encounters {
			if j != i && o.Setting == e.Setting && o.AtMost == nil {
				d.say(skip, later(src.enc[j], src.enc[i]), "a %s encounter is both required (line %d) and capped with at_most (line %d): give one or the other", e.Setting, src.enc[j].at().Line, src.enc[i].at().Line)
			}
		}
		for _, o := range src.obs {
			if o.o.NotWithinDays == 0 {
				d.say(skip, []val{o.at, src.enc[i]}, "%s is required, but GP contacts are capped (at_most, line %d): a result may need a GP visit the cap rules out; give one or the other", strings.TrimSpace(o.words), src.enc[i].at().Line)
			}
		}
	}
}
