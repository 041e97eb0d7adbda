package generator

import "github.com/code4health/cohortgen/models"

// discharged is when a stay from its admission at adm, drawn to end at end,
// ends: a stay that ran overnight ends on its last day at an hour wards
// send people home (catalogue activity.discharge_hours), not at whatever
// hour the drawn length reached. The drawn minute of the day (even over the
// clock, as admissions come at any hour) is the uniform draw mapped
// through the hours' weights, so no draw is added. A stay that ends by
// death or at the end of the record, or on the day it began, keeps its
// time; so does one the mapping would end before admission or after the
// record.
func (w *worker) discharged(per *person, adm, end models.Timestamp) models.Timestamp {
	last := endOfLife(per)
	if end >= last || end.Date() <= adm.Date() {
		return end
	}
	const minutesADay = 24 * 60
	minute := int(int64(end-end.Date().Start()) / models.MicrosPerMinute)
	t := end.Date().Start().AddMinutes(w.plan.Cat.Activity.DischargeHours.Minute(float64(minute) / minutesADay))
	if t <= adm || t >= last {
		return end
	}
	return t
}
