package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// A condition's level course (catalogue level_course; h65d): heart
// failure's ejection fraction was one number for life, so every repeat
// echocardiogram read what the first did (66 of 73 repeats identical) and
// no reduced ejection fraction ever improved on treatment (generate -n
// 20000 -s 83). Now, once the condition is treated, a share of the people
// whose level at the diagnosis was at or below the limit improve (heart
// failure with improved ejection fraction), the level rising evenly to a
// drawn level over a drawn time; and each reading carries a measurement's
// noise, which never moves it across the limit on its own, so a reading
// shows the type the treatment lines' needs were read from (conditions.go
// needsMet) until the level itself improves. The lines do not change: NICE
// and ESC continue the treatment of improved heart failure. The stay whose
// echocardiogram diagnosed it reads as before (infarct.go).

// levelRead is what a condition's level course does to a reading of a slot
// on a day: lift is added to the usual level, noise is the reading's
// spread, and side, when set, keeps the reading on the side of limit the
// level (lifted) is on, so that the noise alone never changes the type the
// reading shows (a repeat echocardiogram of a mildly reduced 42% does not
// read 39% and stand for reduced heart failure left untreated).
type levelRead struct {
	lift, noise, limit float64
	side               bool
}

// levelCourse is the level course of slot on day for the person (the zero
// levelRead when none applies): the first held condition with a
// level_course of the slot diagnosed by day, but not in the stay whose
// reading diagnosed it (a heart attack's echocardiogram, whose level the
// diagnosis was read from).
func (w *worker) levelCourse(per *person, slot int, day models.Date) levelRead {
	p := w.plan
	for k := range per.conds {
		hc := &per.conds[k]
		lc := hc.plan.LevelCourse
		if lc == nil || p.obsIndex[lc.Observation] != slot || day < hc.onset {
			continue
		}
		if hc.emergencyEnd != 0 && day <= hc.emergencyEnd {
			return levelRead{} // the stay that diagnosed it: its reading made the diagnosis (infarct.go)
		}
		r := levelRead{noise: lc.RepeatNoise, limit: lc.AtMost, side: true}
		// drawn whether or not it applies, so nothing else moves the draws
		s := per.stream(p.Opts.Seed, purposeLevelCourse, uint64(k))
		improves := s.Bernoulli(lc.Share)
		to := lc.ImprovedTo[0] + s.Float64()*(lc.ImprovedTo[1]-lc.ImprovedTo[0])
		years := lc.OverYears[0] + s.Float64()*(lc.OverYears[1]-lc.OverYears[0])
		from := treatedFrom(per, k, hc.onset)
		at := w.personalLevel(per, slot, hc.onset)
		for _, e := range hc.effects {
			if e.obs == slot {
				at += e.delta
			}
		}
		sc := p.obsScale[slot]
		// h66f: the reading that typed it reads the level the lines were
		// chosen from: the improvement's clock starts once that reading is
		// behind, typedBy after the diagnosis, or, diagnosed before the
		// record opened, typedBy after its first yearly review in the record
		// (where an echocardiogram is ordered when none is on it). Before,
		// at share 0.25, a diagnosing echocardiogram 6 weeks into treatment
		// could read 42% beside new ramipril and bisoprolol, and a record
		// opened years after the diagnosis showed an improved ejection
		// fraction with no reduced reading behind it. By the calendar, not
		// by the readings already written: the passes write them out of
		// time order, and --as-of must only cut the record.
		if from != models.NoDate {
			from = max(from, hc.onset+typedBy)
			if hc.onset < per.firstDay {
				from = max(from, per.firstDay+365+typedBy)
			}
		}
		if improves && from != models.NoDate && day > from && math.Round(at*sc)/sc <= lc.AtMost && to > at {
			r.lift = (to - at) * math.Min(1, float64(day-from)/(years*365.25))
		}
		return r
	}
	return levelRead{}
}

// typedBy is the time after a diagnosis (or a first review) by which the
// echocardiogram that types heart failure is read: referred within 2 or 6
// weeks by the NT-proBNP (NICE NG106 1.2, catalogue heart_failure
// referral), and 2 weeks for the clinic's day to move (model).
const typedBy = 56

// treatedFrom is the first day a course of a treatment line of condition k
// runs (not before the diagnosis on day onset; NoDate: never treated).
func treatedFrom(per *person, k int, onset models.Date) models.Date {
	from := models.NoDate
	for i := range per.courses {
		if c := &per.courses[i]; c.cond == k && c.line >= 0 && (from == models.NoDate || c.start < from) {
			from = c.start
		}
	}
	if from != models.NoDate {
		from = max(from, onset)
	}
	return from
}

// keepSide returns reading v of a level course whose usual level is usual
// on the same side of the limit as the level, its noise mirrored when it
// crossed (as rounded for the report).
func (r levelRead) keepSide(v, usual, scale float64) float64 {
	if !r.side {
		return v
	}
	below := func(x float64) bool { return math.Round(x*scale)/scale <= r.limit }
	if below(v) != below(usual) {
		return 2*usual - v
	}
	return v
}
