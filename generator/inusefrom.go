package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Tests that came into use on a day (catalogue observations in_use_from;
// brief h59e): the symptomatic faecal immunochemical test appeared in every
// year of the record, 541 of them in 2015-16 (generate -n 20000 -s 83),
// though NICE DG30 brought it into primary care only in July 2017. Before
// its day no contact takes it: a change in bowel habit is referred, or not,
// on its symptoms (NICE NG12, 2015), a colorectal referral rests on the
// symptom that made it, and iron deficiency is referred on without it.

// inUseFrom is the day model m's test came into use (NoDate: always).
func inUseFrom(m *datasets.ObsModel) models.Date {
	t, _ := m.InUseFromDate() // checked at load
	if t.IsZero() {
		return models.NoDate
	}
	return models.DateOf(t)
}

// inUse reports whether observation slot's test is in use on day d.
func (p *Plan) inUse(slot int, d models.Date) bool {
	return slot < 0 || slot >= len(p.obsFrom) || p.obsFrom[slot] == models.NoDate || d >= p.obsFrom[slot]
}
