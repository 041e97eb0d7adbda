package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// programmePlan is one screening.yaml programme, resolved once per run.
type programmePlan struct {
	p      *datasets.Programme
	sex    int                      // sexIndex, or -1: everyone
	result datasets.ObservationCode // the coded result (record: result)
	dna    *datasets.ObservationCode
	start  models.Date
}

// buildProgrammes resolves the breast, bowel and AAA screening programmes.
func (p *Plan) buildProgrammes(ps []datasets.Programme) error {
	p.programmes = p.programmes[:0]
	for i := range ps {
		pr := &ps[i]
		pp := programmePlan{p: pr, sex: -1, start: pr.Start.Date()}
		if pr.Sex != "" {
			pp.sex = sexIndex(pr.Sex)
		}
		if pr.Record == "result" {
			o, ok := datasets.ObservationByKey(pr.Observation)
			if !ok {
				return fmt.Errorf("screening.yaml: programme %s: observation %q", pr.Key, pr.Observation)
			}
			pp.result = o
		}
		if pr.DidNotAttend != "" {
			o, _ := datasets.ObservationByKey(pr.DidNotAttend)
			pp.dna = &o
		}
		p.programmes = append(p.programmes, pp)
	}
	return nil
}

// screeningProgrammes follows a person through the national breast, bowel
// and AAA screening programmes (nineteenth review). Draws from a stream of
// its own per programme.
func (w *worker) screeningProgrammes(per *person) {
	for i := range w.plan.programmes {
		w.screenProgramme(per, &w.plan.programmes[i], i)
	}
}

// eligibleFrom is the first day the person is of an age the programme
// invites: the earliest of each age band's birthday, once the band is in
// force (the youngest age only falls over time, so the earliest candidate
// is the day).
func eligibleFrom(per *person, p *datasets.Programme) models.Date {
	if len(p.FromAges) == 0 {
		return per.birthday(p.FromAge)
	}
	first := models.Date(0)
	for _, a := range p.FromAges {
		d := max(a.From.Date(), per.birthday(a.Age))
		if first == 0 || d < first {
			first = d
		}
	}
	return first
}

// screenProgramme invites the person from the first eligible day (at a
// uniform time over first_within_years, or first_days around it) until
// until_age: each invitation is taken up at the test's uptake unless the
// person never takes part; a test's result is coded in the record (or only
// an abnormal one, for record: findings) and an abnormal result is a
// problem the programme's clinic sees. A missed invitation is coded when
// the programme has a code for it. Screening stops at a diagnosis of the
// programme's cancer, in end-of-life care, and (interval 0) after one
// invitation. Invitations before the record are drawn too, so that the
// cycle falls where it would.
func (w *worker) screenProgramme(per *person, pp *programmePlan, idx int) {
	p := pp.p
	if pp.sex >= 0 && per.sex != pp.sex {
		return
	}
	per.ageOn(per.firstDay) // the birthday table
	eligible, stop := eligibleFrom(per, p), per.birthday(p.UntilAge)
	if eligible >= stop || per.lastDay < eligible || per.firstDay >= stop {
		return
	}
	if p.IntervalYears == 0 && eligible < pp.start {
		return // invited once, before the programme began: never invited
	}
	s := per.stream(w.plan.Opts.Seed, purposeProgrammeScreen, uint64(idx))
	never := s.Float64()*100 < p.NeverAttendPct
	due := eligible + models.Date(s.Range(p.FirstDays[0], p.FirstDays[1]))
	if p.FirstWithinYears > 0 {
		due = eligible + models.Date(s.IntN(p.FirstWithinYears*365))
	}
	if due < pp.start {
		due = pp.start + models.Date(s.IntN(max(p.IntervalYears, 1)*365))
	}
	for due < stop && due <= per.lastDay {
		t := p.TestOn(due)
		day := due + models.Date(s.Range(p.DelayDays[0], p.DelayDays[1]))
		attends := !never && s.Float64()*100 < t.AttendPct
		abnormal := s.Float64()*100 < t.AbnormalPct
		after := models.Date(s.Range(p.FollowUp.Days[0], p.FollowUp.Days[1]))
		if day > per.lastDay || day+3 >= stop || per.screeningStopped(day) || (p.StopWithSite != "" && siteBy(per, p.StopWithSite, day)) {
			return // (the test, moved to a working day, falls before until_age)
		}
		if day >= per.firstDay {
			day = w.recordScreen(per, pp, t, day, stop, attends, abnormal, after, &s)
		}
		switch {
		case p.IntervalYears == 0:
			return
		case attends && abnormal && !p.FollowUp.Resolves:
			return // under the programme's surveillance
		case attends:
			due = models.DateOf(day.Time().AddDate(p.IntervalYears, 0, 0))
		default:
			due = models.DateOf(due.Time().AddDate(p.IntervalYears, 0, 0))
		}
	}
}

// recordScreen writes one invitation's outcome from day on, coded at the
// practice contact that files the programme's letter (a record with no
// clinical visit, as cervical screening's is typed): the non-attendance, or
// the result and, when abnormal, the problem it raises (coded there) and the
// programme's clinic after days later (then its surveillance). It returns
// the day of the test. A contact moved by busy days to stop (until_age's
// birthday) or later is not written: the programme has stopped inviting
// her (twenty-sixth review: a woman's mammogram coded on her 71st
// birthday, generate -n 20000 -s 9).
func (w *worker) recordScreen(per *person, pp *programmePlan, t *datasets.ScreenTest, day, stop models.Date, attends, abnormal bool, after models.Date, s *distributions.Stream) models.Date {
	p := pp.p
	if !attends && pp.dna == nil || attends && !abnormal && p.Record != "result" {
		return day // nothing the record shows
	}
	kind := encGPConsultation // a result filed, or a missed invitation
	if attends && abnormal {
		kind = encGPProblem // about the problem the result raises
	}
	sl, ok := w.bookGP(per, day, kind, contactScreeningResult, s)
	if !ok {
		return day
	}
	if sl.start.Date() >= stop {
		per.gpDays.remove(sl.start.Date())
		return day
	}
	w.writeGP(per, &sl, "")
	enc, start := sl.id, sl.start
	at := start.AddMinutes(5)
	if !attends {
		o := w.observation(per, enc, at, pp.dna)
		o.ValueCode, o.ValueDisplay = pp.dna.Snomed, pp.dna.Term // the finding, coded as present
		w.b.Observations = append(w.b.Observations, o)
		return start.Date()
	}
	if p.Record == "result" {
		v := &t.Normal
		if abnormal {
			v = &t.Abnormal
		}
		o := w.observation(per, enc, at, &pp.result)
		o.ValueCode, o.ValueDisplay = v.Code, v.Display
		w.b.Observations = append(w.b.Observations, o)
	}
	if abnormal {
		w.screenFollowUp(per, pp, t, enc, start, after, s)
	}
	return start.Date()
}

// screenFollowUp codes the problem an abnormal screen raised at the
// practice contact enc (its diagnosing encounter, about it), then writes the
// programme's clinic after days later about it: resolved there when the
// clinic clears it, or else seen again every every_years while the record
// runs. The problem is coded by the test's abnormal result when it has one
// (the FIT or the gFOBT result, as the letter coded it).
func (w *worker) screenFollowUp(per *person, pp *programmePlan, t *datasets.ScreenTest, enc string, start models.Timestamp, after models.Date, s *distributions.Stream) {
	fu := &pp.p.FollowUp
	pr := &fu.Problem
	id := w.ids.row(tagCondition)
	c := models.Condition{ConditionID: id, PatientID: per.id, ConditionKey: pr.Key, SnomedCode: pr.Snomed, ICD10Code: pr.ICD10,
		Description: pr.Description, OnsetDate: start.Date(), ResolvedDate: models.NoDate, DiagnosisEncounterID: enc}
	if t.Abnormal.Code != "" {
		c.SnomedCode, c.Description = t.Abnormal.Code, t.Abnormal.Display
	}
	w.b.Conditions = append(w.b.Conditions, c)
	k := len(w.b.Conditions) - 1
	for e := len(w.b.Encounters) - 1; e >= per.encFrom; e-- {
		if w.b.Encounters[e].EncounterID == enc {
			w.b.Encounters[e].ReasonConditionID = id
			break
		}
	}
	d := start.Date() + after
	if d > per.lastDay || per.inEndOfLifeCare(d) {
		return
	}
	_, st, ok := w.outpatientAt(per, d, id, s)
	if !ok {
		return
	}
	if fu.Resolves {
		w.b.Conditions[k].ResolvedDate = st.Date()
		if fu.Procedure != nil { // the test the clinic books, which then clears it
			if day := w.screenProcedure(per, fu.Procedure, id, st.Date()); day != models.NoDate {
				w.b.Conditions[k].ResolvedDate = day
			}
		}
		return
	}
	for d = st.Date(); fu.EveryYears > 0; {
		d = models.DateOf(d.Time().AddDate(fu.EveryYears, 0, 0))
		if d > per.lastDay || per.inEndOfLifeCare(d) {
			return
		}
		if _, st, ok := w.outpatientAt(per, d, id, s); ok {
			d = st.Date()
		}
	}
}
