package generator

import (
	"time"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

const (
	settingGP         = "gp"
	settingAE         = "ae"
	settingInpatient  = "inpatient"
	settingOutpatient = "outpatient"
)

// encKind is a kind of encounter; the catalogue's encounter_types give each
// its class and SNOMED CT type.
type encKind int

const (
	encGPConsultation encKind = iota
	encGPProblem
	encGPTelephone
	encGPHomeVisit
	encChronicReview
	encAE
	encEmergencyAdmission
	encElectiveAdmission
	encDayCase
	encOutpatient
	encImmunisation
	encCervicalScreening
	encEyeScreening
	numEncKinds
)

// encKindNames are the catalogue keys of the kinds, in kind order.
var encKindNames = [numEncKinds]string{"gp_consultation", "gp_problem", "gp_telephone", "gp_home_visit",
	"chronic_review", "ae_attendance", "emergency_admission", "elective_admission", "day_case", "outpatient", "immunisation", "cervical_screening", "eye_screening"}

// addEncounter appends an encounter of the catalogue kind and returns its id.
func (w *worker) addEncounter(per *person, kind encKind, setting string, start, end models.Timestamp, reason, method string) string {
	return w.addEncounterFor(per, kind, contactOf(kind), setting, start, end, reason, method)
}

// addEncounterFor appends an encounter of the catalogue kind, booked at a
// GP practice as contact ct (who sees the patient: workforce.yaml), and
// returns its id.
func (w *worker) addEncounterFor(per *person, kind encKind, ct contact, setting string, start, end models.Timestamp, reason, method string) string {
	r := w.ids.reserve(tagEncounter)
	w.appendEncounter(per, r.id, r.seq, kind, ct, setting, start, end, reason, method)
	return r.id
}

// appendReserved appends the encounter whose id was reserved before what it
// is about was drawn (an admission diagnoses the problem drawn for it).
func (w *worker) appendReserved(per *person, r reservedID, kind encKind, setting string, start, end models.Timestamp, reason, method string) {
	w.appendEncounter(per, r.id, r.seq, kind, contactOf(kind), setting, start, end, reason, method)
}

// appendEncounter appends encounter id, the seq-th row id of the patient's,
// as addEncounterFor describes.
func (w *worker) appendEncounter(per *person, id string, seq uint64, kind encKind, ct contact, setting string, start, end models.Timestamp, reason, method string) {
	et := &w.plan.encTypes[kind]
	practice := per.practiceAt(start)
	practitioner := ""
	if setting == settingGP && len(w.plan.contactRoles[ct]) > 0 { // a letter filed is seen by no one
		practitioner = w.encounterPractitioner(per, practice, seq, ct)
	}
	w.b.Encounters = append(w.b.Encounters, models.Encounter{
		EncounterID:       id,
		PatientID:         per.id,
		PracticeID:        practice.PracticeID,
		Class:             et.Class,
		Setting:           setting,
		TypeCode:          et.Code,
		TypeDisplay:       et.Display,
		StartTime:         start,
		EndTime:           end,
		ReasonConditionID: reason,
		AdmissionMethod:   method,
		PractitionerID:    practitioner,
	})
	if method == admissionPlanned {
		per.plannedDays.add(start.Date())
	}
}

// The HES admission methods the model writes: a planned admission or day
// case from the waiting list (11); an emergency admission through A&E (21),
// arranged by a GP (22), or by another route (2D).
const (
	admissionPlanned        = "11"
	admissionViaAE          = "21"
	admissionViaGP          = "22"
	admissionOtherEmergency = "2D"
)

// practiceAt is the practice the patient was registered with at a time:
// contacts before the current registration belong to the previous practice.
func (per *person) practiceAt(t models.Timestamp) *models.Practice {
	if t.Date() < per.registered && per.prevPractice != nil {
		return per.prevPractice
	}
	return per.practice
}

// endOfLife is the last instant anything may happen to the patient.
func endOfLife(per *person) models.Timestamp { return (per.lastDay + 1).Start() - 1 }

// gpVisit books a GP appointment on or after day d, 10-20 minutes long.
// It reports false when the slot would fall after the patient's last day.
// A patient has at most one GP appointment a day: problems that would bring
// them in on a day already booked are dealt with at the next free weekday
// (three consultations on one day, each with its own blood pressure, is
// not a record a GP believes).
func (w *worker) gpVisit(per *person, d models.Date, kind encKind, reason string, s *distributions.Stream) (string, models.Timestamp, bool) {
	return w.gpVisitFor(per, d, kind, contactOf(kind), reason, s)
}

// gpVisitFor books a GP-practice appointment as gpVisit does, for contact
// ct: who sees the patient follows it (workforce.yaml).
func (w *worker) gpVisitFor(per *person, d models.Date, kind encKind, ct contact, reason string, s *distributions.Stream) (string, models.Timestamp, bool) {
	sl, ok := w.bookGP(per, d, kind, ct, s)
	if !ok {
		return "", 0, false
	}
	w.writeGP(per, &sl, reason)
	return sl.id, sl.start, true // (written: its id is formatted)
}

// unbookLastVisit takes back the GP appointment gpVisit wrote last, on day
// d, when it falls too late for what booked it: its row goes and the day is
// free again.
func (w *worker) unbookLastVisit(per *person, d models.Date) {
	w.b.Encounters = w.b.Encounters[:len(w.b.Encounters)-1]
	per.gpDays.remove(d)
}

// gpSlot is a GP-practice appointment booked (its day taken, its
// encounter id given) and not yet written: the background decides what a
// contact it draws is for before writing it, and most are never written
// (activity.go gpOther). Rows written before it, such as a problem opened
// there, name it by its id.
type gpSlot struct {
	kind       encKind
	ct         contact
	start, end models.Timestamp
	id         string
	seq        uint64
}

// bookGP books the appointment gpVisitFor writes; false as it returns.
func (w *worker) bookGP(per *person, d models.Date, kind encKind, ct contact, s *distributions.Stream) (gpSlot, bool) {
	if kind == encImmunisation || kind == encCervicalScreening { // planned, with no deadline of days: over the week (plannedday.go)
		d = w.plannedDay(per, d)
	}
	d, start := clinicStart(d, s)
	for {
		if end, in := inStay(per, start); in { // in hospital: seen after discharge
			d, start = clinicStart(end.Date()+1, s)
			continue
		}
		// a day free of other GP appointments and of a planned operation: a
		// patient at hospital for a day case is not at the surgery too (before,
		// fourteenth review, 158 of 10,453 planned admissions shared their
		// day with a GP contact, 96 about something else; generate -n 20000 -s 5)
		if d > per.lastDay || !per.gpDays.has(d) && !per.plannedDays.has(d) {
			break
		}
		d, start = clinicStart(d+1, s)
	}
	if d > per.lastDay || per.capsGPVisit(d) {
		return gpSlot{}, false
	}
	if (kind == encImmunisation || ct == contactStructuredReview) && per.inEndOfLifeCare(d) {
		// moved past busy days (a stay) into end-of-life care: no vaccine
		// (immunisations.go) and no structured medication review then
		// (medicationreview.go checks only the day it asked for)
		return gpSlot{}, false
	}
	per.gpDays.add(d)
	end := start.AddMinutes(10 + 5*s.IntN(3))
	// a letter filed (contactScreeningResult) is no visit, at home or not
	// (brief h73f: a housebound person's reply to the flu invitation was a
	// home visit with nothing else done)
	if (kind == encGPConsultation || kind == encGPProblem) && ct != contactScreeningResult && w.seenAtHome(per, d) {
		kind = encGPHomeVisit
		if ct != contactHealthVisiting { // the health visitor's review is still hers, at home
			ct = contactGPHomeVisit
		}
	}
	if kind == encGPHomeVisit || keepsTypeAtHome(kind) && w.seenAtHome(per, d) {
		// not into a stay that begins or ends that day: the surgery time
		// was booked clear of it (7 and 9 visits during an admission at
		// generate -n 20000 -s 83 and -s 97 otherwise)
		if hs, he := w.visitingHours(d, start, end); !inStayAt(per, hs, he) {
			start, end = hs, he
		}
	}
	w.ids.seq++ // the id is formatted only if needed (slotID): most are never written
	return gpSlot{kind: kind, ct: ct, start: start, end: end, seq: w.ids.seq - 1}, true
}

// openDay is the day the background's GP contact or an acute problem's
// visit drawn on day d is asked for (activity.go): d, or, when the practice
// is closed then, one of the five working days after it, weighted by the
// weekdays' published appointments (catalogue activity.gp_weekdays).
// Moving every closed day's contact to the next working day gave Monday
// three days' worth (h63i: 2.4 times Wednesday at generate -n 20000 -s 83;
// published about 1.15 times). Vaccinations, screening and clinics spread
// by plannedDay (plannedday.go); reviews are not spread: their due days
// carry the order the recall relies on (a review due on a Monday joins the
// one due the Saturday before only if that one is held on or before it:
// recall.go joinsReview), and a follow-up must not pass the day its
// problem resolves. The draw is
// keyed by the person and the day, not taken from the caller's stream, so
// no other draw shifts; contacts drawn on the same closed day meet on the
// same working day, and one a day moves the second on, as before.
func (w *worker) openDay(per *person, d models.Date) models.Date {
	if !ukClock.closed(d) {
		return d
	}
	var days [5]models.Date
	day := d
	for k := range days {
		day = nextWorkingDay(day)
		days[k] = day
		day++
	}
	var weights [len(days)]float64 // each day's weekday's share, read twice by PickBy
	for k, day := range days {
		weights[k] = w.plan.gpSpread[weekday(day)-time.Monday]
	}
	s := per.stream(w.plan.Opts.Seed, purposeClosedDay, uint64(d))
	k := s.PickBy(len(days), func(i int) float64 { return weights[i] })
	if k < 0 {
		return days[0]
	}
	return days[k]
}

// slotID is booked appointment sl's encounter id.
func (w *worker) slotID(sl *gpSlot) string {
	if sl.id == "" {
		sl.id = w.ids.numbered(tagEncounter, sl.seq)
	}
	return sl.id
}

// pendingGPID stands for the id of the GP contact gpOther is deciding
// (w.pendingGP) while its reason is drawn: of the reason's steps only a new
// problem (presentingCondition) records the contact, and it formats the id
// then. Two in three contacts decided are never written (nothing to see, not
// brought), and formatting every one's id up front was half of all the
// generator's allocation (issue 17, stop 49). Never written to a row.
const pendingGPID = "(GP contact being decided)"

// encounterStart is the start of the person's encounter encID: the GP
// contact being decided (pendingGP: a problem opened there is written
// before it) or one written to the batch, the latest first.
func (w *worker) encounterStart(encID string) (models.Timestamp, bool) {
	if sl := &w.pendingGP; sl.id != "" && sl.id == encID {
		return sl.start, true
	}
	for k := len(w.b.Encounters) - 1; k >= w.per.encFrom; k-- {
		if e := &w.b.Encounters[k]; e.EncounterID == encID {
			return e.StartTime, true
		}
	}
	return 0, false
}

// writeGP writes booked appointment sl with its reason.
//
// A review of someone seen at home (a care home resident, the housebound:
// seenAtHome) is done there, by whoever does it: it keeps the review's type
// (what the consultation was) and takes the home visit's class (where it
// was: FHIR HH, home health), so that what reads reviews by their type
// still finds it (h59f: 1,714 chronic disease reviews after a care home or
// housebound status were surgery follow-ups, generate -n 20000 -s 83).
func (w *worker) writeGP(per *person, sl *gpSlot, reason string) {
	w.appendEncounter(per, w.slotID(sl), sl.seq, sl.kind, sl.ct, settingGP, sl.start, sl.end, reason, "")
	if keepsTypeAtHome(sl.kind) && w.seenAtHome(per, sl.start.Date()) {
		w.b.Encounters[len(w.b.Encounters)-1].Class = w.plan.encTypes[encGPHomeVisit].Class
	}
}

// keepsTypeAtHome reports whether a contact of kind, for someone seen at
// home, is made there keeping its type: a review, and a vaccination (a
// care home resident's or housebound person's flu vaccine is given where
// they live by the practice or community nurse; h60f: 1,080 of them were
// practice visits at stop 59).
func keepsTypeAtHome(kind encKind) bool {
	return kind == encChronicReview || kind == encImmunisation
}

// atHome reports whether encounter e is a practice contact made where the
// patient lives: a home visit, or a review done at home (writeGP).
func (p *Plan) atHome(e *models.Encounter) bool {
	return e.Setting == settingGP && e.Class == p.encTypes[encGPHomeVisit].Class
}

// inStayAt reports whether a contact from start to end overlaps a stay.
func inStayAt(per *person, start, end models.Timestamp) bool {
	for _, st := range per.stays {
		if start < st.end && end > st.start {
			return true
		}
	}
	return false
}

// visitingHours moves a home visit booked at a surgery time (clinicStart:
// 08:00-17:50 local) into the visiting hours (catalogue residence
// visit_hours), keeping its order in the day and its length; no new draw.
func (w *worker) visitingHours(d models.Date, start, end models.Timestamp) (models.Timestamp, models.Timestamp) {
	r := w.plan.Cat.Residence
	if r == nil || r.VisitHours == nil {
		return start, end
	}
	h := r.VisitHours
	m := int((start-d.Start())/models.Timestamp(models.MicrosPerMinute)) + ukClock.offsetMinutes(d) // local minute of day
	m = min(max(m-8*60, 0), 10*60-1)
	at := localToUTC(d, h.From*60+m*(h.To-h.From)/10)
	return at, at + (end - start)
}

// seenAtHome reports whether a person is in end-of-life care on day d and
// old enough to be seen at home from then (catalogue end_of_life
// home_visits_from_age), or living in a care home or housebound: a surgery
// appointment becomes a home visit.
func (w *worker) seenAtHome(per *person, d models.Date) bool {
	if per.atHomeFrom != 0 && d >= per.atHomeFrom { // a care home resident or housebound (residence.go)
		return true
	}
	return per.inEndOfLifeCare(d) && per.ageOn(per.death) >= w.plan.Cat.EndOfLife.HomeVisitsFromAge
}

// daySet marks days of a life, from its first day: one bit a day.
type daySet struct {
	first models.Date
	bits  []uint64
}

// reset empties the set for days from first to last, keeping its memory.
func (ds *daySet) reset(first, last models.Date) {
	ds.first = first
	n := int(last-first)/64 + 1
	if cap(ds.bits) < n {
		ds.bits = make([]uint64, n)
	}
	ds.bits = ds.bits[:n]
	clear(ds.bits)
}

func (ds *daySet) has(d models.Date) bool {
	k := int(d - ds.first)
	return k >= 0 && k/64 < len(ds.bits) && ds.bits[k/64]&(1<<(k%64)) != 0
}

// anyIn reports whether a day from lo to hi (inclusive) is in the set.
func (ds *daySet) anyIn(lo, hi models.Date) bool {
	for d := max(lo, ds.first); d <= hi; d++ {
		k := int(d - ds.first)
		if k/64 >= len(ds.bits) {
			return false
		}
		if k%64 == 0 && hi-d >= 63 { // a whole word at once
			if ds.bits[k/64] != 0 {
				return true
			}
			d += 63
			continue
		}
		if ds.bits[k/64]&(1<<(k%64)) != 0 {
			return true
		}
	}
	return false
}

func (ds *daySet) add(d models.Date) {
	if k := int(d - ds.first); k >= 0 && k/64 < len(ds.bits) {
		ds.bits[k/64] |= 1 << (k % 64)
	}
}

func (ds *daySet) remove(d models.Date) {
	if k := int(d - ds.first); k >= 0 && k/64 < len(ds.bits) {
		ds.bits[k/64] &^= 1 << (k % 64)
	}
}
