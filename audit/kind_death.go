package audit

import (
	"fmt"
	"strings"

	"github.com/code4health/cohortgen/datasets"
)

// cause_of_death: a death whose underlying cause is one of the causes
// (ICD-10 codes or their leading characters) and that the record does not
// support: the age at death is in `age`, and/or, with `condition`, a
// condition of the set is active at death (mode with: old age beside a
// disease that explains the death) or was never recorded before it (mode
// without: alcoholic cirrhosis with no alcohol history). Counts the deaths
// from those causes.
func compileCauseOfDeath(x *index, r *datasets.Rule) (evalFunc, error) {
	if len(r.Causes) == 0 {
		return nil, fmt.Errorf("causes needs at least one ICD-10 code")
	}
	if r.Age == nil && r.Condition == nil {
		return nil, fmt.Errorf("needs age, condition (with mode), or both")
	}
	if (r.Condition != nil) != (r.Mode != "") || (r.Mode != "" && r.Mode != "with" && r.Mode != "without") {
		return nil, fmt.Errorf("a condition needs mode with or without, and mode needs a condition")
	}
	causes, age := r.Causes, r.Age
	var cond condSet
	if r.Condition != nil {
		cond = x.condSet(*r.Condition)
	}
	with := r.Mode == "with"
	return func(v *view, t *tally) {
		d := v.p.DeathDate
		if v.cause == "" || !matchesCause(v.cause, causes) {
			return
		}
		t.count(1)
		if age != nil && !age.Holds(float64(v.age(d))) {
			return
		}
		why := fmt.Sprintf("aged %d", v.age(d))
		if r.Condition != nil {
			if with && cond.activeAt(v, d) == nil {
				return
			}
			if !with {
				for i := range v.conds {
					if c := &v.conds[i]; cond.match(c) && c.onset <= d {
						return
					}
				}
				why += ", no " + cond.label + " recorded"
			} else {
				why += ", " + cond.label + " active"
			}
		}
		t.fail(func() string { return fmt.Sprintf("died %s of %s, %s", d, v.cause, why) })
	}, nil
}

// matchesCause reports whether an ICD-10 code is one of the codes or
// begins with one of them (K70 covers K70.3), ignoring a missing point.
func matchesCause(code string, causes []string) bool {
	code = strings.ReplaceAll(code, ".", "")
	for _, c := range causes {
		if strings.HasPrefix(code, strings.ReplaceAll(c, ".", "")) {
			return true
		}
	}
	return false
}
