package scenario

import (
	"fmt"
	"strings"
)

// Describe says in words what every member of each cohort, subgroup and
// persona satisfies, by the names the generator gives their patients
// ("cohort", "cohort/subgroup", "persona:key"), for the manifest and the
// report.
func (s *Scenario) Describe() map[string]string {
	out := map[string]string{}
	for _, c := range s.Cohorts {
		out[c.Name] = c.Constraints.Describe()
		for _, sub := range c.Subgroups {
			out[c.Name+"/"+sub.Name] = joinNonEmpty("; ", c.Constraints.Describe(), sub.Constraints.Describe())
		}
	}
	for _, p := range s.Personas {
		out["persona:"+p.Key] = joinNonEmpty("; ", strings.TrimSpace(p.GivenName+" "+p.FamilyName), p.Constraints.Describe())
	}
	return out
}

// Describe lists the constraints in words, e.g. "age 80+; has hypertension,
// ckd; on apixaban; latest hba1c 75 or more within 365 days".
func (c *Constraints) Describe() string {
	var parts []string
	switch {
	case c.AgeMin > 0 && c.AgeMin == c.AgeMax:
		parts = append(parts, fmt.Sprintf("age %d", c.AgeMin))
	case c.AgeMax > 0:
		parts = append(parts, fmt.Sprintf("age %d-%d", c.AgeMin, c.AgeMax))
	case c.AgeMin > 0:
		parts = append(parts, fmt.Sprintf("age %d+", c.AgeMin))
	}
	add := func(label string, v ...string) {
		if len(v) > 0 && v[0] != "" {
			parts = append(parts, label+" "+strings.Join(v, ", "))
		}
	}
	if c.Sex != "" {
		parts = append(parts, c.Sex)
	}
	add("region", c.Region)
	add("town", c.Town)
	add("has", c.Has...)
	add("has not", c.HasNot...)
	add("on", c.OnMedicines...)
	add("not on", c.NotOnMedicines...)
	if c.MinRepeatMedicines > 0 {
		parts = append(parts, fmt.Sprintf("on %d+ repeat medicines", c.MinRepeatMedicines))
	}
	add("CKD stage", c.CKDStages...)
	if c.InsulinTreated {
		parts = append(parts, "insulin-treated diabetes")
	}
	for _, o := range c.Observations {
		parts = append(parts, fmt.Sprintf("latest %s %s within %d days", o.Observation, bounds(o.Min, o.Max), o.WithinDays))
	}
	for _, e := range c.Encounters {
		if e.AtMost != nil {
			parts = append(parts, fmt.Sprintf("at most %d %s encounter(s) within %d days", *e.AtMost, e.Setting, e.WithinDays))
			continue
		}
		parts = append(parts, fmt.Sprintf("at least %d %s encounter(s) within %d days", max(e.AtLeast, 1), e.Setting, e.WithinDays))
	}
	if c.Alive != nil && *c.Alive {
		parts = append(parts, "alive")
	}
	if c.DiedWithinDays > 0 {
		parts = append(parts, fmt.Sprintf("died within %d days", c.DiedWithinDays))
	}
	return strings.TrimSpace(strings.Join(parts, "; "))
}

func bounds(lo, hi *float64) string {
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("%g to %g", *lo, *hi)
	case lo != nil:
		return fmt.Sprintf("%g or more", *lo)
	case hi != nil:
		return fmt.Sprintf("%g or less", *hi)
	}
	return "recorded"
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
