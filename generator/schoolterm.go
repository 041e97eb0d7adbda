package generator

import (
	"time"

	"github.com/code4health/cohortgen/models"
)

// No school session in the summer holiday (immunisations.yaml
// school_holiday; brief h72c). 648 of 8,392 adolescent doses given at
// school were given in August (generate -n 20000 -s 83). A session that
// would fall in the holiday is held as long after the autumn term begins
// as it was after the holiday began: the service's round goes on where it
// stopped, and the doses do not crowd the term's first day.

// termDay is day, or when it falls in the summer holiday, the day that
// far into the autumn term.
func (ip *immPlan) termDay(day models.Date) models.Date {
	h := ip.holiday
	if h == nil {
		return day
	}
	y, _, _ := day.YMD()
	from := models.DateFromYMD(y, time.Month(h.From[0]), h.From[1])
	term := models.DateFromYMD(y, time.Month(h.TermAt[0]), h.TermAt[1])
	if day < from || day >= term {
		return day
	}
	return term + (day - from)
}

// sessionDay is the day a dose due on day away from the practice is given:
// the next working day, and for a school's session (not a COVID-19
// vaccination site's, which holds no school holiday) out of the summer
// holiday. A later dose of a school course is checked against its
// schedule's end on this day, so that a second HPV dose moved into
// September 2023 is not given once one dose is the course (brief h72c).
func (ip *immPlan) sessionDay(day models.Date, programme string) models.Date {
	day = nextWorkingDay(day)
	if programme == progCovid {
		return day
	}
	return ip.termDay(day)
}
