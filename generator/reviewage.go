package generator

import "github.com/code4health/cohortgen/models"

// A condition's routine reviews may begin at an age of their own
// (catalogue reviews.from_age): the learning disability annual health check
// is offered from 14, so a child diagnosed at 7 has the diagnosis coded and
// no yearly GP review until then (h57f: 20 children under 14 had 59). The
// schedule is drawn as before and the reviews before the age are dropped,
// so no other draw moves.

// reviewAge reports whether a routine review of condition c may be held
// on day d: always, unless the person is younger than its from_age.
func reviewAge(per *person, c *condPlan, d models.Date) bool {
	return c.Reviews.FromAge == 0 || per.ageOn(d) >= c.Reviews.FromAge
}
