package scenario

import "go.yaml.in/yaml/v3"

// admissionState reads an inpatient encounter's current and
// discharged_within: a patient in hospital at the as-of date, or one
// discharged within a window. It reports false on a problem.
func (d *decoder) admissionState(f fields, e *EncounterConstraint, at val) bool {
	cv, hasCur := f.get("current")
	dv, hasDis := f.get("discharged_within")
	if !hasCur && !hasDis {
		return true
	}
	key := cv
	if !hasCur {
		key = dv
	}
	switch {
	case e.Setting != "inpatient":
		d.errorf(val{n: key.key, path: key.path}, "only inpatient encounters (admissions) are current or discharged; this one is %s", e.Setting)
		return false
	case hasCur && hasDis:
		d.errorf(val{n: dv.key, path: dv.path}, "give either current (in hospital at the as-of date) or discharged_within, not both")
		return false
	case e.Class == "SS":
		d.errorf(val{n: key.key, path: key.path}, "a day case (class SS) goes home the same day; current and discharged_within take admissions (class IMP)")
		return false
	}
	if hasCur {
		b, ok := d.boolean(cv)
		if !ok {
			return false
		}
		if b && e.AtLeast > 1 {
			d.errorf(cv, "a patient is in hospital in one admission at a time: current takes at_least 1")
			return false
		}
		e.Current = b
		return true
	}
	days, ok := d.duration(dv)
	if !ok {
		return false
	}
	e.DischargedWithinDays = days
	return true
}

// checkAdmitted reports a current admission in a set that died: a patient
// in hospital at the as-of date is alive then.
func (d *decoder) checkAdmitted(src *consSrc, skip map[*yaml.Node]bool) {
	c := &src.c
	reasonAt := -1
	for i, e := range c.Encounters {
		if !e.Current {
			continue
		}
		if e.Reason != "" {
			if reasonAt >= 0 && c.Encounters[reasonAt].Reason != e.Reason {
				d.say(skip, later(src.enc[i], src.enc[reasonAt]), "a patient is in hospital in one admission at a time: it cannot be for both %s and %s", c.Encounters[reasonAt].Reason, e.Reason)
			}
			reasonAt = i
		}
		switch {
		case c.DiedWithinDays > 0:
			d.say(skip, []val{src.enc[i], *src.diedAt}, "current: true (in hospital at the as-of date) contradicts died_within (line %d): the patient is alive at the as-of date", src.diedAt.at().Line)
		case c.Alive != nil && !*c.Alive:
			d.say(skip, []val{src.enc[i], *src.aliveAt}, "current: true (in hospital at the as-of date) contradicts alive: false (line %d)", src.aliveAt.at().Line)
		}
	}
}
