package generator

import (
	"slices"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Prescribing an oral NSAID in older people (twenty-second review). A GP
// read naproxen started at 87 with no eGFR on the record: NICE CKS (NSAIDs,
// prescribing issues) asks for renal function before an oral NSAID in
// people at risk, older people among them. A start test with from_age
// (prescribing.yaml start_tests) is taken at the GP contact that starts a
// short course too, when the record holds no recent reading; the renal
// start_below then reads it (allowed), so a result below 60 gives the
// course's alternative. The same file keeps the class pairs that rule a
// medicine out together: an NSAID is not started beside an ACE inhibitor or
// ARB and a diuretic (the "triple whammy").

// contactStartTests takes, at GP contact encID on day d, the start tests of
// medicine m that apply from an age the person has reached and that the
// record holds no recent reading of, unless an issue of m ended within
// restartDays (the course goes on: not a start). It reports false when a
// test is due and the contact is by telephone (fifty-first session, issue
// 9: 76 eGFRs were written at telephone calls, generate -n 20000 -s 5):
// no blood is taken down a telephone, and the course is not started on
// none (remotebloods.go).
func (w *worker) contactStartTests(per *person, m *medPlan, encID string, d models.Date) bool {
	tp := m.startTests
	if tp == nil || tp.fromAge == 0 || per.ageOn(d) < tp.fromAge {
		return true
	}
	for k := per.rxFrom; k < len(w.b.Prescriptions); k++ { // (by index: a row is large to copy)
		rx := &w.b.Prescriptions[k]
		if rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d-restartDays) && m.issues(rx.DMDCode) {
			return true
		}
	}
	t, ok := w.encounterStart(encID)
	if !ok {
		return true
	}
	var s *distributions.Stream
	for _, slot := range tp.slots {
		if w.recordedWithin(per, slot, d, int(tp.within)) {
			continue
		}
		if w.byTelephone(encID) {
			return false
		}
		if s == nil {
			st := per.stream(w.plan.Opts.Seed, purposeContactStartTests, uint64(d))
			s = &st
		}
		w.observeOnce(per, encID, t.AddMinutes(3), slot, s)
	}
	return true
}

// byTelephone reports whether GP contact encID (the one being decided, or
// one written) is a telephone call.
func (w *worker) byTelephone(encID string) bool {
	if sl := &w.pendingGP; sl.id != "" && sl.id == encID {
		return sl.kind == encGPTelephone
	}
	e := w.encounterByID(&w.per, encID)
	return e != nil && e.TypeCode == w.plan.encTypes[encGPTelephone].Code
}

// classPair is a contraindication that needs two classes running at once:
// class, and one of and.
type classPair struct {
	class string
	and   []string
}

// pairRunning reports whether, on day d, both classes of one of the
// medicine's class pairs run (the course at index ignore excepted).
func (w *worker) pairRunning(per *person, m *medPlan, d models.Date, ignore int) bool {
	for _, p := range m.contraBoth {
		if w.classRunning(per, p.class, d, ignore) && slices.ContainsFunc(p.and, func(c string) bool { return w.classRunning(per, c, d, ignore) }) {
			return true
		}
	}
	return false
}
