package generator

import "github.com/code4health/cohortgen/models"

// A medicine an episode rules out from then on (prescribing.yaml
// contraindications after_episode; twenty-seventh review). A GP reading
// found naproxen issued to 379 of 1,092 people after an acute kidney
// injury, 144 within a year, one of them 84 and severely frail (generate -n
// 20000 -s 13): the injury was an admission, and nothing on the record
// stopped the NSAID that NICE NG148 asks to be stopped in AKI and avoided
// in people at risk of another. Hospital stays are written before the
// care and GP contacts that prescribe, so the episode is known when they
// decide.

// afterEpisode is the first day, on or before d, of an episode that rules
// the medicine out; NoDate when none does.
func afterEpisode(per *person, m *medPlan, d models.Date) models.Date {
	at := models.NoDate
	for _, pi := range m.contraAfter {
		if pi >= len(per.episodes) { // (a person built by hand, no presentations: tests)
			break
		}
		if e := &per.episodes[pi]; e.count > 0 && e.first <= d && (at == models.NoDate || e.first < at) {
			at = e.first
		}
	}
	return at
}

// withdrawStartsAfterEpisodes withdraws an issue that starts a medicine on
// or after the first day of an episode that rules it out, once every stay
// is written: an injury found at a contact written late in the pass (the
// GP who sends a patient in, gpsentin.go) can predate a course chosen
// before it was known (2 naproxen courses in the 20,000 test population).
func (w *worker) withdrawStartsAfterEpisodes(per *person) {
	w.withdrawStarts(per, func(rx *models.Prescription) any {
		if m := w.rxPlan(rx); m != nil && len(m.contraAfter) > 0 {
			return m
		}
		return nil
	}, func(i int, key any) bool {
		rx := &w.b.Prescriptions[i]
		return afterEpisode(per, key.(*medPlan), rx.StartDate) != models.NoDate
	})
	// an issue running across such an episode's first day ends the day
	// before, its companion with it (co-codamol for back pain two days
	// before a self-poisoning written later; forty-seventh review)
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		m := w.rxPlan(rx)
		if rx.PrescriptionID.IsZero() || m == nil || len(m.contraAfter) == 0 {
			continue
		}
		if afterEpisode(per, m, rx.StartDate) != models.NoDate {
			// a repeat of a course the episode stopped, issued after it:
			// withdrawStarts read it as the course going on, from the
			// issue before's end as written, not as stopped here (naproxen
			// for migraine reissued ten months after a self-poisoning;
			// brief h52e)
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
			w.withdrawCompanion(per, rx)
			continue
		}
		end := rx.EndDate
		if end == models.NoDate {
			end = per.lastDay
		}
		if e := afterEpisode(per, m, end); e != models.NoDate && e > rx.StartDate {
			w.eachCompanion(per, rx, func(c *models.Prescription) {
				if c.EndDate == models.NoDate || c.EndDate >= e {
					c.EndDate = e - 1
				}
			})
			rx.EndDate = e - 1
		}
	}
}
