package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// pregnancyRecordStream keys the stream of the pregnancies' visits apart from
// the years of age that draw them (pregnancy.go).
const pregnancyRecordStream = 1 << 16

// pregnancyRecords writes the woman's pregnancies once her contraception is
// written (contraception.go, which stops the pill for them and restarts it at
// the postnatal check): the problem "Pregnancy" coded at the visit that
// confirms it and resolved at the birth or the loss; a medicine never given in
// pregnancy running then stopped the day before that visit; the birth as a
// maternity stay typed by the delivery; a miscarriage coded at the GP contact
// that sees it, the day the pregnancy is resolved (lossContact); a weak
// opioid repeat replaced by paracetamol; the postnatal check 6-8 weeks after a birth (the pill
// check that restarts her contraception when there is one).
func (w *worker) pregnancyRecords(per *person) {
	if len(per.pregnancies) == 0 {
		return
	}
	c := w.plan.pregnancy.p
	s := per.stream(w.plan.Opts.Seed, purposePregnancy, pregnancyRecordStream)
	for i := range per.pregnancies {
		pg := &per.pregnancies[i]
		id := w.ids.row(tagCondition)
		onset, diag := pg.confirm, ""
		if sl, ok := w.bookGP(per, pg.confirm, encGPConsultation, contactGPConsultation, &s); ok && sl.start.Date() < pg.end {
			w.writeGP(per, &sl, id)
			onset, diag = sl.start.Date(), sl.id
		}
		loss, lost := w.lossContact(per, i, pg, &s) // the pregnancy closes the day the miscarriage is seen
		resolved := models.NoDate
		if pg.end <= per.lastDay {
			resolved = pg.end
		}
		pg.recorded = onset
		w.codedProblem(per, id, &c.Problem, onset, resolved, diag, true)
		stopped, replaced := w.stopForPregnancy(per, min(pg.confirm, onset), onset, pg.end)
		w.analgesicForRepeats(per, replaced, diag, onset, pg.end) // pregnancyanalgesia.go
		w.switchAntihypertensive(per, i, stopped, diag, onset)    // pregnancyswitch.go
		w.raiseForPregnancy(per, i, diag, onset)                  // pregnancydose.go
		w.antenatalCare(per, i, id, diag, onset)                  // pregnancycare.go
		switch {
		case pg.end > per.lastDay:
		case pg.loss:
			if lost {
				w.miscarriage(per, &loss, id)
			}
			w.restartAfterPregnancy(per, i, stopped, "") // pregnancyrestart.go
		default:
			e := w.addEncounter(per, encElectiveAdmission, settingInpatient, pg.stay[0], pg.stay[1], id, maternityAdmission)
			w.typeEncounter(per, e, &c.Delivery)
			pn, pnAt := w.postnatalBP(per, i)           // pregnancypostnatalbp.go
			rx := w.postnatalBPReview(per, i, pn, pnAt) // pregnancypostnatalrx.go
			check := w.postnatalCheck(per, pg, id, &s)
			w.postnatalBPCheck(per, rx, check)
			w.gdmPostnatal(per, i, check)   // pregnancygdm.go
			w.gdmAnnualHbA1c(per, i, check) // pregnancygdmrecall.go
			w.restartAfterPregnancy(per, i, stopped, check)
		}
	}
}

// maternityAdmission is the NHS Data Dictionary admission method of a
// woman admitted to give birth ("31": maternity admission, ante partum).
const maternityAdmission = "31"

// codedProblem writes a problem-list entry of coded problem ind. A
// pregnancy is kept on the problem list for its months, as a register is
// (chronic): its check-ups and its postnatal check are about it.
func (w *worker) codedProblem(per *person, id string, ind *datasets.CodedProblem, onset, resolved models.Date, diag string, chronic bool) {
	w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: id, PatientID: per.id,
		ConditionKey: ind.Key, SnomedCode: ind.Snomed, ICD10Code: ind.ICD10, Description: ind.Description,
		Chronic: chronic, OnsetDate: onset, ResolvedDate: resolved, DiagnosisEncounterID: diag})
}

// typeEncounter types the person's encounter id by a procedure or check.
func (w *worker) typeEncounter(per *person, id string, t *datasets.CodedType) {
	if e := w.encounterByID(per, id); e != nil {
		e.TypeCode, e.TypeDisplay = t.Snomed, t.Display
	}
}

// stopForPregnancy stops every medicine never given in pregnancy
// (prescribing.yaml pregnancy) at the visit that confirms one, on day from:
// an issue running then ends the day before; one issued from the planned
// confirmation (known, the day pregnantOn counts from: the visit may come
// later) to the end of the pregnancy is withdrawn. Session 50 merge: a
// folic acid issued between the planned day and the visit, beside a
// methotrexate the planned day already barred, was kept with nothing to
// go with (hard rule folic-acid-5mg-without-methotrexate). It returns the
// issues it ended, with their old ends (restarted after: pregnancyrestart.go),
// and apart the repeats only stopped for the pregnancy (a weak opioid:
// repeats_stopped), ended or withdrawn alike and not restarted, each with
// its old end (paracetamol takes over: analgesicForRepeats).
func (w *worker) stopForPregnancy(per *person, known, from, to models.Date) (stopped, replaced []stoppedIssue) {
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		m := w.rxPlan(rx)
		if rx.PrescriptionID.IsZero() || m == nil {
			continue
		}
		if !m.stopInPregnancy {
			if m.repeatStoppedInPregnancy && rx.Type == models.PrescriptionRepeat && rx.StartDate < to && (rx.EndDate == models.NoDate || rx.EndDate >= from) {
				replaced = append(replaced, stoppedIssue{rx: i, end: rx.EndDate})
				if rx.StartDate >= from {
					rx.PrescriptionID = models.ID{}
					w.withdrawn = true
				} else {
					rx.EndDate = from - 1
				}
			}
			continue
		}
		switch {
		case rx.StartDate >= known && rx.StartDate < to, rx.StartDate >= to && w.restartBarred(per, m, rx.StartDate):
			rx.PrescriptionID = models.ID{}
			w.withdrawn = true
		case rx.StartDate < from && (rx.EndDate == models.NoDate || rx.EndDate >= from):
			stopped = append(stopped, stoppedIssue{rx: i, end: rx.EndDate})
			rx.EndDate = from - 1
		}
	}
	w.stopBesideOpioid(per, replaced, from)
	return stopped, replaced
}

// stopBesideOpioid ends, with each weak opioid repeat stopped for a pregnancy,
// the companion issued beside it (senna: prescribing.yaml companions), the
// repeat of the companion's medicine for the same problem begun the same
// day: ended the day before from when it ran then, withdrawn when it began
// later. No laxative is left running without the opioid it came with.
func (w *worker) stopBesideOpioid(per *person, replaced []stoppedIssue, from models.Date) {
	for _, st := range replaced {
		op := &w.b.Prescriptions[st.rx]
		cp := w.rxPlan(op).companion
		if cp == nil {
			continue
		}
		for k := per.rxFrom; k < len(w.b.Prescriptions); k++ {
			rx := &w.b.Prescriptions[k]
			if rx.PrescriptionID.IsZero() || rx.Type != models.PrescriptionRepeat || rx.StartDate != op.StartDate || rx.ConditionID != op.ConditionID {
				continue
			}
			if mk := w.rxPlan(rx); mk == nil || mk != cp.with && mk != cp.alt || rx.EndDate != models.NoDate && rx.EndDate < from {
				continue
			}
			if rx.StartDate >= from {
				rx.PrescriptionID = models.ID{}
				w.withdrawn = true
			} else {
				rx.EndDate = from - 1
			}
		}
	}
}

// restartBarred reports whether medicine m, stopped for a pregnancy, may not
// be issued again after it on day d: its latest reading before d is above a
// start bar (restartBars). Such an issue is withdrawn: a restart is a start.
func (w *worker) restartBarred(per *person, m *medPlan, d models.Date) bool {
	for _, b := range w.plan.pregnancy.restartBars {
		if b.m != m {
			continue
		}
		if v, ok := w.latestRecorded(per, b.snomed, d-1, 36525); ok && v > b.above {
			return true
		}
	}
	return false
}

// lossSeen is how the practice learns of a miscarriage: the GP contact that
// sees the bleeding and, when the early pregnancy assessment service sees
// her after it (pregnancy.yaml loss_scan), its attendance, where the scan
// confirms the loss (scanDay NoDate: coded at the GP contact).
type lossSeen struct {
	gp                 gpSlot
	scanDay            models.Date
	scanStart, scanEnd models.Timestamp
}

// lossContact books the GP contact that sees a miscarriage, on the day it
// ends the pregnancy or the next free one, and the early pregnancy
// assessment service's attendance loss_scan days after it (its own stream,
// sub-key 6, so that no other draw moves), and moves the pregnancy's end to
// the day the loss is confirmed: the scan's, or the GP contact's when no
// attendance fits in the record (before, session 52 review: the miscarriage
// was coded 1-10 days after the pregnancy closed, 229 of 229 at generate -n
// 20000 -s 29; brief h56e: none was scanned, 204 of 204 coded at the GP
// contact, generate -n 20000 -s 83). A medicine kept from pregnancy waits
// for it too (pregnantOn). It reports false when the record has no GP
// contact (the loss after its last day, or no free day before it).
func (w *worker) lossContact(per *person, i int, pg *pregnancy, s *distributions.Stream) (lossSeen, bool) {
	if !pg.loss || pg.end > per.lastDay {
		return lossSeen{}, false
	}
	sl, ok := w.bookGP(per, pg.end, encGPProblem, contactGPProblem, s)
	if !ok {
		return lossSeen{}, false
	}
	seen := lossSeen{gp: sl, scanDay: models.NoDate}
	pg.end = sl.start.Date()
	if ls := w.plan.pregnancy.p.LossScan; ls != nil {
		es := per.stream(w.plan.Opts.Seed, purposePregnancyCare, uint64(i), 6)
		d := pg.end + models.Date(ls.Days[0]+es.IntN(ls.Days[1]-ls.Days[0]+1))
		if d, start, end, ok := clinicSlot(per, d, "", &es); ok && end < endOfLife(per) {
			seen.scanDay, seen.scanStart, seen.scanEnd = d, start, end
			pg.end = d
		}
	}
	return seen, true
}

// miscarriage writes how the loss was seen (lossContact): the GP contact,
// about the pregnancy (problem row preg) when the early pregnancy service
// saw her after it, and that attendance with its scan; the miscarriage is
// coded at the contact that confirmed it (dated by it, as every problem
// begun in the record is), resolved two weeks on (model).
func (w *worker) miscarriage(per *person, seen *lossSeen, preg string) {
	c := w.plan.pregnancy.p
	id := w.ids.row(tagCondition)
	if seen.scanDay == models.NoDate {
		w.writeGP(per, &seen.gp, id)
		w.codeMiscarriage(per, id, seen.gp.start.Date(), seen.gp.id)
		return
	}
	w.writeGP(per, &seen.gp, preg)
	enc := w.addEncounter(per, encOutpatient, settingOutpatient, seen.scanStart, seen.scanEnd, id, "")
	per.clinicVisits = append(per.clinicVisits, clinicVisit{seen.scanDay, id})
	w.typeEncounter(per, enc, &c.LossScan.Attendance)
	if code, ok := datasets.ObservationByKey(c.LossScan.Scan); ok {
		w.b.Observations = append(w.b.Observations, w.observation(per, enc, seen.scanStart.AddMinutes(5), &code))
	}
	w.codeMiscarriage(per, id, seen.scanDay, enc)
}

// codeMiscarriage codes the miscarriage (row id) on day at encounter enc,
// resolved two weeks on (model).
func (w *worker) codeMiscarriage(per *person, id string, day models.Date, enc string) {
	resolved := models.NoDate
	if day+14 <= per.lastDay {
		resolved = day + 14
	}
	w.codedProblem(per, id, &w.plan.pregnancy.p.Miscarriage, day, resolved, enc, false)
}

// postnatalCheck types as the maternal postnatal check the pill check that
// restarted her contraception 6-8 weeks after the birth, or books a visit
// for it about the pregnancy; it returns the check's encounter ("" none).
func (w *worker) postnatalCheck(per *person, pg *pregnancy, id string, s *distributions.Stream) string {
	c := w.plan.pregnancy.p
	if pg.checkEnc != "" {
		w.typeEncounter(per, pg.checkEnc, &c.PostnatalCheck)
		return pg.checkEnc
	}
	sl, ok := w.bookGP(per, pg.resume, encGPConsultation, contactGPConsultation, s)
	if !ok {
		return ""
	}
	w.writeGP(per, &sl, id)
	w.typeEncounter(per, sl.id, &c.PostnatalCheck)
	at := sl.start.AddMinutes(5)
	for _, slot := range w.plan.pregnancy.checks {
		w.observe(per, sl.id, at, slot, s)
	}
	return sl.id
}
