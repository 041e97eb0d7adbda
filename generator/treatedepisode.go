package generator

import "github.com/code4health/cohortgen/models"

// A treated episode lasts its course (brief h71b, issue 9): 224 of 421
// sertraline courses for anxiety stopped within 6 months (generate -n 20000
// -s 83), because a for_episode course ended with the drawn episode. An
// SSRI that has helped generalised anxiety is continued for at least a year
// (NICE CKS GAD; BAP 2014): a course started at a review with at_least_days
// moves the episode's resolution to its last day, short of the day before
// the next episode of the complaint (the record shows a new one) and of the
// record's end. No draw: the course was decided already.

// treatedEpisodeUntil is the end of the episode of review start rs whose
// course starts on day d: rs.until, or later when the course runs at least
// at_least_days; the condition row and the open episode move with it.
func (w *worker) treatedEpisodeUntil(per *person, rs reviewStart, d models.Date) models.Date {
	least := rs.course.AtLeastDays
	if least <= 0 || rs.until == models.NoDate || rs.until >= d+models.Date(least) {
		return rs.until
	}
	want := d + models.Date(least)
	row := -1
	key := w.plan.presentations[rs.pi].Key
	for i := len(w.b.Conditions) - 1; i >= 0 && w.b.Conditions[i].PatientID == per.id; i-- {
		c := &w.b.Conditions[i]
		switch {
		case c.ConditionID == rs.cond:
			row = i
		case c.ConditionKey == key && c.OnsetDate > rs.onset:
			want = min(want, c.OnsetDate-1) // the next episode
		}
	}
	if row < 0 || want <= rs.until {
		return rs.until
	}
	until := per.resolvedAfter(rs.onset, want-rs.onset)
	w.b.Conditions[row].ResolvedDate = until
	if ep := &per.episodes[rs.pi]; ep.id == rs.cond {
		ep.until = until
		if until == models.NoDate {
			ep.until = per.lastDay
		}
	}
	return until
}
