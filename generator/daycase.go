package generator

import (
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Day cases by what is done (day_case.yaml; brief h73h, issue 9). Before,
// every day case was 3-7.5 hours in the unit and started from 08:00 to
// 17:50, so a quarter of the day-surgery visits ended after 20:00 (a
// cataract 16:50-23:20); and every cancer operation was a stay of a median
// of 5 days, a breast cancer operation and a melanoma excision included
// (generate -n 20000 -s 83). The writers keep their own draws, so nothing
// else on the record moves; the times come from a stream keyed by the day.

// resolveDayCases loads day_case.yaml.
func (p *Plan) resolveDayCases() error {
	dc, err := datasets.LoadDayCases()
	p.dayCases = dc
	return err
}

// dayCaseInvestigation is the day_case.yaml in_unit key of a diagnostic
// endoscopy, cystoscopy or biopsy.
const dayCaseInvestigation = "investigation"

// dayCaseTimes is a day case of key on day d: admitted at one of the
// list's slots, home after its time in the unit (cut at the end of life).
func (w *worker) dayCaseTimes(per *person, d models.Date, key string) (models.Timestamp, models.Timestamp) {
	dc := w.plan.dayCases
	s := per.stream(w.plan.Opts.Seed, purposeDayCase, uint64(d))
	ls := dc.ListStart
	start := localToUTC(d, ls.FromMinute+ls.Step*s.IntN((ls.ToMinute-ls.FromMinute)/ls.Step+1))
	m := dc.Minutes(key)
	minutes := m[0] + 5*s.IntN((m[1]-m[0])/5+1)
	return start, min(start.AddMinutes(minutes), endOfLife(per))
}

// retimeDayCase moves the latest stay, a day case written as [start, end),
// to the day-case times for key on its day, unless that would overlap
// another stay; it returns the times the stay has.
func (w *worker) retimeDayCase(per *person, start, end models.Timestamp, key string) (models.Timestamp, models.Timestamp) {
	ns, ne := w.dayCaseTimes(per, start.Date(), key)
	last := len(per.stays) - 1
	for i := 0; i < last; i++ {
		if ns < per.stays[i].end && ne > per.stays[i].start {
			return start, end
		}
	}
	per.stays[last].start, per.stays[last].end = ns, ne
	return ns, ne
}

// cancerOperation is a cancer operation of the site's from start, on the
// day's own stream: a day case at the site's day_case share, else a stay
// of a median of its stay_days. ok is false for a site day_case.yaml does
// not list (the surgery treatment's own stay).
func (w *worker) cancerOperation(per *person, site string, start models.Timestamp) (kind encKind, s2, end models.Timestamp, ok bool) {
	cs := w.plan.dayCases.Surgery(site)
	if cs == nil {
		return 0, 0, 0, false
	}
	d := start.Date()
	s := per.stream(w.plan.Opts.Seed, purposeDayCase, uint64(d), 1)
	if s.Bernoulli(cs.DayCase) {
		ds, de := w.dayCaseTimes(per, d, "cancer_"+site)
		return encDayCase, ds, de, true
	}
	end = w.discharged(per, start, min(start.AddMinutes(int(s.LogNormal(math.Log(cs.StayDays), 0.4)*24*60)), endOfLife(per)))
	return encElectiveAdmission, start, end, true
}
