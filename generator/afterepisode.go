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

// episodeBar is one after_episode contraindication of a medicine: the
// presentation whose episodes rule it out, and for how many days from each
// episode's first day (0: from the first episode to the end of the record).
// Brief h53c: an NSAID is withheld for 90 days after a self-poisoning, when
// the person is followed up and the quantities of medicines dangerous in
// overdose are limited (NICE NG225); a bar for life left back pain with
// nothing (brief h52e).
type episodeBar struct {
	pres int         // index into the catalogue's presentations
	key  string      // its key (the condition rows of its episodes)
	days models.Date // how long each episode bars the medicine; 0: for good
}

// eachEpisodeBar calls f with the first and last day barred by each
// episode that rules medicine m out (last NoDate: to the end of the
// record). A bar for good needs only the earliest episode; a bar for a time
// reads each episode's condition row, and only in people with an episode.
func (w *worker) eachEpisodeBar(per *person, m *medPlan, f func(from, to models.Date)) {
	for _, b := range m.contraAfter {
		if b.pres >= len(per.episodes) { // (a person built by hand, no presentations: tests)
			break
		}
		e := &per.episodes[b.pres]
		if e.count == 0 {
			continue
		}
		if b.days == 0 {
			f(e.first, models.NoDate)
			continue
		}
		for k := per.condFrom; k < len(w.b.Conditions); k++ {
			if c := &w.b.Conditions[k]; c.ConditionKey == b.key {
				f(c.OnsetDate, c.OnsetDate+b.days-1)
			}
		}
	}
}

// episodeBarFrom is the first day of an episode whose bar on medicine m
// covers day d (the earliest, when several do); NoDate when none does.
func (w *worker) episodeBarFrom(per *person, m *medPlan, d models.Date) models.Date {
	at := models.NoDate
	w.eachEpisodeBar(per, m, func(from, to models.Date) {
		if from <= d && (to == models.NoDate || d <= to) && (at == models.NoDate || from < at) {
			at = from
		}
	})
	return at
}

// episodeOnsetIn is the first day, from day from to day to, of an episode
// that rules medicine m out (one beginning during a course ends it);
// NoDate when none begins then.
func (w *worker) episodeOnsetIn(per *person, m *medPlan, from, to models.Date) models.Date {
	at := models.NoDate
	w.eachEpisodeBar(per, m, func(first, _ models.Date) {
		if from <= first && first <= to && (at == models.NoDate || first < at) {
			at = first
		}
	})
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
		return w.episodeBarFrom(per, key.(*medPlan), rx.StartDate) != models.NoDate
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
		if w.episodeBarFrom(per, m, rx.StartDate) != models.NoDate {
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
		if e := w.episodeOnsetIn(per, m, rx.StartDate+1, end); e != models.NoDate {
			w.eachCompanion(per, rx, func(c *models.Prescription) {
				if c.EndDate == models.NoDate || c.EndDate >= e {
					c.EndDate = e - 1
				}
			})
			rx.EndDate = e - 1
		}
	}
}
