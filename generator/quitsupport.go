package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// quitPlan is the catalogue's smoking.quit_support, resolved.
type quitPlan struct {
	q      *datasets.QuitSupport
	meds   []*medPlan
	light  []*medPlan    // a medicine's plan for a lighter smoker (its light ladder; nil: meds')
	with   []*medPlan    // the medicine issued beside it (combination NRT's short-acting product; nil: none)
	until  []models.Date // a medicine's last day (NoDate: none)
	shares []float64
	failed datasets.ObservationCode
	// the catalogue conditions whose smokers are prompted to try (prompted)
	prompted []int
}

// resolveQuitSupport resolves the stop-smoking medicines and codes.
func (p *Plan) resolveQuitSupport() error {
	q := p.Cat.Smoking.QuitSupport
	if q == nil {
		return nil
	}
	qp := &quitPlan{q: q}
	var ok bool
	if qp.failed, ok = datasets.ObservationByKey(q.Failed); !ok {
		return fmt.Errorf("catalogue: quit_support failed %q is not in observation_codes.csv", q.Failed)
	}
	for _, m := range q.Medicines {
		mp := p.medPlans[m.Medicine]
		if mp == nil {
			return fmt.Errorf("catalogue: quit_support medicine %s has no prescribable product", m.Medicine)
		}
		until := models.NoDate
		if t, err := m.UntilDate(); err != nil {
			return err
		} else if !t.IsZero() {
			until = models.DateOf(t)
		}
		var light *medPlan
		if m.Light != "" { // its regimens checked by the catalogue
			light = p.optionPlan(datasets.DrugOption{Drug: m.Medicine, Ladder: m.Light}) // ladders.go
		}
		var with *medPlan
		if m.With != "" {
			if with = p.medPlans[m.With]; with == nil {
				return fmt.Errorf("catalogue: quit_support %s with %s has no prescribable product", m.Medicine, m.With)
			}
		}
		qp.meds, qp.light, qp.until, qp.shares = append(qp.meds, mp), append(qp.light, light), append(qp.until, until), append(qp.shares, m.Share)
		qp.with = append(qp.with, with)
	}
	if q.Prompted != nil {
		for _, k := range q.Prompted.Conditions {
			ci, ok := p.condIndex[k]
			if !ok {
				return fmt.Errorf("catalogue: quit_support prompted condition %q is not a condition", k)
			}
			qp.prompted = append(qp.prompted, ci)
		}
	}
	p.quit = qp
	return nil
}

// quitAttempt is a smoker's attempt to stop with a medicine from the
// practice, from its first visit's day; ok when it is the one that stops.
type quitAttempt struct {
	day models.Date
	ok  bool
}

// quitAttempts writes the person's stop-smoking attempts within the record
// (catalogue smoking.quit_support): the quit of a share of those who stop
// there, begun quit_after_days before the quit date of their smoking
// history, and failed attempts in the years they smoke before it. The
// smoking history is not changed: a supported quit is the quit the history
// holds, so every recorded status before and after it agrees with it.
func (w *worker) quitAttempts(per *person) {
	qp := w.plan.quit
	h := &per.smoking
	if qp == nil || h.statusAtEnd == neverSmoked {
		return
	}
	q := qp.q
	s := per.stream(w.plan.Opts.Seed, purposeQuitAttempt)
	from := max(per.firstDay, per.birthday(q.FromAge), h.start)
	var att [16]quitAttempt
	n := 0
	supported := s.Bernoulli(q.SupportedQuitShare)
	end := per.lastDay - models.Date(q.ReviewDays) // a failed attempt's review within the record
	if h.quit != models.NoDate {
		start := h.quit - models.Date(q.QuitAfterDays)
		if supported && start >= from && h.quit+models.Date(q.ReviewDays) <= per.lastDay {
			att[n], n = quitAttempt{day: start, ok: true}, n+1
		}
		end = min(end, start-models.Date(q.CourseDays)) // failures come before the quit, not during its course
	}
	if end > from {
		k := s.Poisson(q.FailedPerYear * float64(end-from) / 365.25)
		for ; k > 0 && n < len(att); k-- {
			att[n], n = quitAttempt{day: from + models.Date(s.IntN(int(end-from)))}, n+1
		}
	}
	n = w.promptedAttempts(per, att[:], n, from, end) // quitprompted.go
	slices.SortFunc(att[:n], func(a, b quitAttempt) int { return int(a.day - b.day) })
	next := models.Date(0) // the first day a new attempt may begin (after the last one's course)
	for _, a := range att[:n] {
		if a.day < next || per.inEndOfLifeCare(a.day) {
			continue
		}
		if last := w.quitCourse(per, a, &s); last != models.NoDate {
			next = last + 1
		}
	}
}

// quitCourse writes one attempt: the first visit (status, advice, the
// problem, two weeks' supply), its review (continued for someone who has
// stopped, coded failed and ended for someone who has not) and the issues
// to the course's end. It returns the last day of the last supply (NoDate
// when nothing was issued).
func (w *worker) quitCourse(per *person, a quitAttempt, s *distributions.Stream) models.Date {
	qp := w.plan.quit
	q := qp.q
	p := w.plan
	enc, t, ok := w.gpVisitFor(per, a.day, encGPConsultation, contactHealthCheck, "", s)
	if !ok {
		return models.NoDate
	}
	d := t.Date()
	if per.smoking.statusOn(d) != currentSmoker || (a.ok && d+models.Date(q.QuitAfterDays) > per.smoking.quit) {
		// moved past busy days to or beyond the quit: no longer a quit attempt
		w.observe(per, enc, t.AddMinutes(3), p.slots.smoking, s)
		return models.NoDate
	}
	var med *medPlan
	k := -1
	w.quitPick = w.quitPick[:0]
	for i := range qp.meds {
		share := qp.shares[i]
		if qp.until[i] != models.NoDate && d > qp.until[i] {
			share = 0
		}
		w.quitPick = append(w.quitPick, share)
	}
	if k = pickShare(w.quitPick, s); k >= 0 {
		med = qp.meds[k]
		// the patch strength by cigarettes a day (NICE NG209 and the BNF:
		// 14 mg/24 hours under 10 a day; h72f)
		if qp.light[k] != nil && per.smoking.perDay < q.Medicines[k].LightBelow {
			med = qp.light[k]
		}
	}
	age := per.ageOn(d)
	if med == nil || med.regimen(age, 0) == nil {
		return models.NoDate
	}
	ind := &q.Indication
	condRow := len(w.b.Conditions)
	w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: w.ids.row(tagCondition), PatientID: per.id,
		ConditionKey: ind.Key, SnomedCode: ind.Snomed, ICD10Code: ind.ICD10, Description: ind.Description,
		Chronic: true, OnsetDate: d, ResolvedDate: models.NoDate, DiagnosisEncounterID: enc}) // a problem-list entry for the course, as contraception's
	condID := w.b.Conditions[condRow].ConditionID
	w.setReason(per, enc, condID)
	w.observe(per, enc, t.AddMinutes(3), p.slots.smoking, s) // "Smoker", with the advice
	courseEnd := d + models.Date(q.CourseDays) - 1
	with := qp.with[k]
	last := w.quitIssues(per, enc, condID, med.regimen(age, 0), with, d, d+models.Date(q.ReviewDays)-1)
	exCoded := false // the 4-week quit coded (brief h75d)
	for step := 1; last < courseEnd && last < per.lastDay; step++ {
		enc, t, ok = w.gpVisitFor(per, last+1, encGPConsultation, contactHealthCheck, condID, s)
		if !ok {
			break
		}
		v := t.Date()
		stopped := a.ok && per.smoking.statusOn(v) == exSmoker
		if step == 1 && !stopped { // the review: still smoking, coded failed, the medicine ends
			w.observe(per, enc, t.AddMinutes(3), p.slots.smoking, s)
			w.b.Observations = append(w.b.Observations, w.observation(per, enc, t.AddMinutes(4), &qp.failed))
			last = max(last, v-1)
			break
		}
		// someone who has stopped is coded "Ex-smoker" at the first visit
		// 4 weeks or more after the quit date, not at the 2-week review
		// (a 4-week quit, NCSCT; brief h75d)
		if stopped && !exCoded && v >= per.smoking.quit+models.Date(p.Cat.Smoking.ExCodedAfterDays) {
			w.observe(per, enc, t.AddMinutes(3), p.slots.smoking, s)
			exCoded = true
		}
		if v > courseEnd {
			break
		}
		rs, end := 1, min(courseEnd, v+models.Date(q.SupplyDays)-1)    // the regimen step: maintenance after the first issue
		if st, before, ok := q.Medicines[k].WeanStep(int(v - d)); ok { // the patch stepped down (h74f)
			rs = st
			if before > 0 {
				end = min(end, d+models.Date(before)-1)
			}
		}
		last = w.quitIssues(per, enc, condID, med.regimen(per.ageOn(v), rs), with, v, end)
	}
	if last < per.lastDay && (per.death == models.NoDate || last < per.death) {
		w.b.Conditions[condRow].ResolvedDate = last + 1
	}
	return last
}

// quitIssue writes one acute issue of a stop-smoking medicine from d to end
// (cut at the record's last day) and returns its end.
func (w *worker) quitIssue(per *person, encID, condID string, reg *datasets.Regimen, d, end models.Date) models.Date {
	end = min(end, per.lastDay)
	w.issue(per, encID, condID, reg, d, end, models.PrescriptionAcute)
	return end
}

// quitIssues writes the issue of a stop-smoking medicine from d to end and,
// when with is set, the issue of the product taken beside it for the same
// days (the gum of combination NRT, h74f); it returns the issue's end.
func (w *worker) quitIssues(per *person, encID, condID string, reg *datasets.Regimen, with *medPlan, d, end models.Date) models.Date {
	end = w.quitIssue(per, encID, condID, reg, d, end)
	if with != nil {
		if wr := with.regimen(per.ageOn(d), 0); wr != nil {
			w.quitIssue(per, encID, condID, wr, d, end)
		}
	}
	return end
}

// setReason makes the person's written encounter encID's reason condID.
func (w *worker) setReason(per *person, encID, condID string) {
	for e := len(w.b.Encounters) - 1; e >= per.encFrom; e-- {
		if w.b.Encounters[e].EncounterID == encID {
			w.b.Encounters[e].ReasonConditionID = condID
			return
		}
	}
}

// pickShare draws an index by weight (-1, drawing nothing, when all are
// zero): pickWith with the stream's next uniform.
func pickShare(weights []float64, s *distributions.Stream) int {
	if !slices.ContainsFunc(weights, func(x float64) bool { return x > 0 }) {
		return -1
	}
	return pickWith(weights, s.Float64())
}
