package generator

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/code4health/cohortgen/models"
)

// A dose raised at a slow pulse written later (brief h66b). A raise checks
// the latest heart rate written so far (slowHeartBarsRaise), but a pulse
// dated before it may be written after it: an A&E attendance or another
// contact generated later. Labetalol raised at an antenatal reading on
// 2015-12-16 followed a pulse of 58 written that way (TestBetaBlockerNot
// RaisedAtASlowPulse, fx65a; prescribing.yaml slow_heart raise_below: heart
// failure services do not up-titrate a beta-blocker below 60). This pass
// reads the written record once every contact is written: an issue of a
// higher daily dose than the issue of the medicine before it, whose latest
// heart rate dated up to the end of its contact is below the rule's raise
// limit, keeps the dose before; so do the issues continuing it at a higher
// dose (the dose is held, not raised later in the same run): the issue
// before runs on in their place. Nothing is drawn: no stream moves.

// holdRaisesAtSlowPulses applies the rule above to every medicine of a
// slow-heart rule; it runs after slowHeartsAtContacts (whose halvings are
// no raises) and before the repeats requested are copied.
func (w *worker) holdRaisesAtSlowPulses(per *person) {
	for _, sp := range w.plan.slowHeart {
		limit := max(sp.Below, sp.RaiseBelow)
		var rows []int // the issues of the rule's medicines, by start (ties: as written)
		for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
			rx := &w.b.Prescriptions[j]
			if m := w.rxPlan(rx); m != nil && m.slowHeart == sp && !rx.PrescriptionID.IsZero() {
				rows = append(rows, j)
			}
		}
		if len(rows) < 2 {
			continue
		}
		slices.SortStableFunc(rows, func(a, b int) int {
			return int(w.b.Prescriptions[a].StartDate - w.b.Prescriptions[b].StartDate)
		})
		for i, j := range rows {
			rx := &w.b.Prescriptions[j]
			if rx.PrescriptionID.IsZero() {
				continue // held above: withdrawn
			}
			prev := w.previousIssue(rows[:i], rx)
			if prev < 0 {
				continue
			}
			from, to := dailyDose(&w.b.Prescriptions[prev]), dailyDose(rx)
			if from < 0 || to <= from || !w.slowBefore(per, sp.slot, w.issueTime(per, rx), limit) {
				continue
			}
			w.holdDose(rows[i:], prev, from)
		}
	}
}

// previousIssue is the row among rows (sorted) of the last issue of rx's
// medicine (-1: none).
func (w *worker) previousIssue(rows []int, rx *models.Prescription) int {
	key := w.rxPlan(rx).med.Key
	for i := len(rows) - 1; i >= 0; i-- {
		if o := &w.b.Prescriptions[rows[i]]; !o.PrescriptionID.IsZero() && w.rxPlan(o).med.Key == key {
			return rows[i]
		}
	}
	return -1
}

// holdDose keeps the dose of issue prev for issue rows[0] and the issues of
// its medicine continuing it (each starting within restartDays of the one
// before's end) at a daily dose above from. Continuing prev (starting
// within restartDays of its end), they are withdrawn and prev runs to where
// they ended, as slowheartlate.go does: a re-issue of the same dose days
// after the last would read as a repeat issued while the previous covers
// (TestNoRepeatIssuedWhileThePreviousCovers). After a gap (a restart) they
// keep their dates and take prev's product and dose.
func (w *worker) holdDose(rows []int, prev int, from float64) {
	p := &w.b.Prescriptions[prev]
	key := w.rxPlan(p).med.Key
	end := p.EndDate
	merge := end != models.NoDate && w.b.Prescriptions[rows[0]].StartDate <= end+restartDays
	for n, j := range rows {
		rx := &w.b.Prescriptions[j]
		if rx.PrescriptionID.IsZero() || w.rxPlan(rx).med.Key != key {
			continue
		}
		if n > 0 && (end == models.NoDate || rx.StartDate > end+restartDays || dailyDose(rx) <= from) {
			break
		}
		end = rx.EndDate
		if merge {
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
		} else {
			rx.DMDCode, rx.Medication, rx.DoseText = p.DMDCode, p.Medication, p.DoseText
		}
	}
	if merge {
		p.EndDate = end
	}
}

// issueTime is when issue rx was decided: the end of its contact, or the
// end of its start day when it has none.
func (w *worker) issueTime(per *person, rx *models.Prescription) models.Timestamp {
	if rx.EncounterID != "" {
		if e := w.encounterByID(per, rx.EncounterID); e != nil {
			return e.EndTime
		}
	}
	return (rx.StartDate + 1).Start() - 1
}

// slowBefore reports whether the person's latest reading of slot dated at
// or before time at (any of them, at a tie) is below limit.
func (w *worker) slowBefore(per *person, slot int, at models.Timestamp, limit float64) bool {
	var latest models.Timestamp
	slow, found := false, false
	for _, i := range w.readingsOf(per, slot) {
		o := &w.b.Observations[i]
		if o.Value == nil || o.ObservationID.IsZero() || o.EffectiveTime > at {
			continue
		}
		switch {
		case !found || o.EffectiveTime > latest:
			latest, slow, found = o.EffectiveTime, *o.Value < limit, true
		case o.EffectiveTime == latest:
			slow = slow || *o.Value < limit
		}
	}
	return slow
}

var strengthRe = regexp.MustCompile(`([0-9.]+)mg`)

// dailyDose is an issue's dose in mg a day, read from its product's
// strength and its label ("Take TWO tablets twice a day" of a 100mg tablet:
// 400); -1 when either cannot be read.
func dailyDose(rx *models.Prescription) float64 {
	m := strengthRe.FindStringSubmatch(rx.Medication)
	if m == nil {
		return -1
	}
	mg, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return -1
	}
	units, times := 0.0, 0.0
	f := strings.Fields(strings.ToLower(rx.DoseText))
	for i, word := range f {
		switch word {
		case "one":
			units = 1
		case "two":
			units = 2
		case "daily":
			times = 1
		case "twice":
			times = 2
		case "three", "four":
			if i+1 < len(f) && f[i+1] == "times" {
				times = map[string]float64{"three": 3, "four": 4}[word]
			} else if units == 0 {
				units = map[string]float64{"three": 3, "four": 4}[word]
			}
		}
	}
	if units == 0 || times == 0 {
		return -1
	}
	return mg * units * times
}
