package generator

// A condition that rules another out lifts that one's diagnostic cap on
// the shared observation only when its own threshold lies at or past the
// other's: diabetes (HbA1c 48) supersedes non-diabetic hyperglycaemia (42),
// so a person with diabetes is not held below 42. The reverse held until
// session 50: non-diabetic hyperglycaemia "excludes" diabetes (one register
// or the other), and that lifted the cap at 48 for everyone holding it, so a
// person the model never gives diabetes drifted to 48-49 and read there year
// after year with nothing done (76 people with two readings of 48 or more
// and no diagnosis on TestDiabeticHbA1cIsActedOn's population). NICE PH38
// and WHO 2011: 42-47 is non-diabetic hyperglycaemia, 48 or more on two
// tests is diabetes, so the latent state of someone without diabetes stays
// below 48 as everyone else's does (keepUndiagnosed).

// supersedes reports whether held (or developing) condition c lifts the cap
// of limit l: it is defined by another observation, or by none, as before
// (type 1 diabetes), or its own threshold on l's observation is at or past
// l's.
func supersedes(c *condPlan, l obsLimit) bool {
	d := c.DefinedBy
	if d == nil || d.Observation != l.obs {
		return true
	}
	if l.upper {
		return d.AtLeast != nil && *d.AtLeast >= l.value
	}
	return d.Below != nil && *d.Below <= l.value
}
