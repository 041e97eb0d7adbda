package generator

import "github.com/code4health/cohortgen/models"

// progestogenDevice reports whether an issue of the course's progestogen
// device (menopause.yaml progestogen_device: the levonorgestrel intrauterine
// system, fitted for contraception or heavy periods) is in force on day d,
// and the last day of the latest such issue (the last day of the record
// when it runs on). HRT issued beside it is oestrogen-only (NICE NG23, BMS;
// brief h74e): the device gives the progestogen.
func (w *worker) progestogenDevice(per *person, hc *issuedCourse, d models.Date) (models.Date, bool) {
	if len(hc.device) == 0 {
		return 0, false
	}
	until, ok := models.Date(0), false
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if !hc.device[rx.DMDCode] || rx.StartDate > d {
			continue
		}
		e := rx.EndDate
		if e == models.NoDate {
			e = per.lastDay
		}
		if e >= d {
			until, ok = max(until, e), true
		}
	}
	return until, ok
}
