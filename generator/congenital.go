package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A death from a congenital malformation (catalogue causes_of_death
// from_birth: congenital heart disease) is not a surprise to the record: the
// malformation was found before birth or in the first weeks, in an
// admission, and a specialist clinic followed the child until death
// (twenty-second review: an infant died of a congenital heart malformation
// at six months with nothing about it on the record).

// congenitalDiagnosis writes the malformation cc a person dies of on the
// problem list, from the day of birth when it was known before it or a day
// in the first weeks, and makes it the cause's row (the final admission is
// for it). Its diagnosing admission is congenitalStay's.
func (w *worker) congenitalDiagnosis(per *person, cc *datasets.CongenitalCare) {
	s := per.stream(w.plan.Opts.Seed, purposeCongenital, 0)
	day := per.birth
	if !s.Bernoulli(cc.AntenatalShare) {
		day += models.Date(cc.DiagnosedDays[0] + s.IntN(cc.DiagnosedDays[1]-cc.DiagnosedDays[0]+1))
	}
	day = min(day, per.death)
	per.congenital, per.congenitalOn = cc, day
	per.causeID = w.ids.row(tagCondition)
	w.b.Conditions = append(w.b.Conditions, models.Condition{ConditionID: per.causeID, PatientID: per.id,
		ConditionKey: cc.Key, SnomedCode: cc.Snomed, ICD10Code: cc.ICD10, Description: cc.Description,
		Chronic: true, OnsetDate: day, ResolvedDate: models.NoDate}) // a long-term problem
}

// congenitalStay writes the admission that diagnoses the malformation, when
// that falls in the record: in the neonatal or cardiac unit from birth when
// it was known before it, else from the day it was found; it ends at death
// if that comes first.
func (w *worker) congenitalStay(per *person) {
	cc := per.congenital
	if cc == nil || per.congenitalOn < per.firstDay {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeCongenital, 1)
	start := w.birthTime(per) // lifetimes.go
	if per.congenitalOn > per.birth {
		start = anyHour(per.congenitalOn, &s)
	}
	days := cc.StayDays[0] + s.IntN(cc.StayDays[1]-cc.StayDays[0]+1)
	end := start.AddMinutes(days * 24 * 60)
	if per.death != models.NoDate {
		died := w.deathTime(per)
		if start >= died { // found on the day of death, before it
			start = per.congenitalOn.Start() + (died-per.congenitalOn.Start())/2
		}
		end = min(end, died) // dies in the unit: the stay ends at the death
	}
	end = min(end, endOfLife(per))
	if end <= start || !addStay(per, start, end) {
		return
	}
	id := w.addEncounter(per, encEmergencyAdmission, settingInpatient, start, end, per.causeID, admissionOtherEmergency)
	w.diagnoses(per, id, per.causeID, start.Date())
}

// congenitalClinics books the specialist clinic's attendances for the
// malformation after its admission, every clinic_every_days in the last
// clinic_years of life, outside the stays (written before it).
func (w *worker) congenitalClinics(per *person) {
	cc := per.congenital
	if cc == nil {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeCongenital, 2)
	from := max(per.congenitalOn, per.death-models.Date(cc.ClinicYears*365), per.firstDay)
	every := func() models.Date {
		return models.Date(cc.ClinicEveryDays[0] + s.IntN(cc.ClinicEveryDays[1]-cc.ClinicEveryDays[0]+1))
	}
	for d := from + every(); d < per.death; d += every() {
		if end, in := inStay(per, d.Start().AddMinutes(12*60)); in {
			d = end.Date() + 1 // seen after discharge
		}
		if d >= per.death {
			return
		}
		day, ok := w.clinicBefore(per, d, per.causeID, &s)
		if !ok {
			return
		}
		d = day
	}
}

// clinicBefore books a clinic attendance for reason on or after day d when
// it falls before death, and reports its day.
func (w *worker) clinicBefore(per *person, d models.Date, reason string, s *distributions.Stream) (models.Date, bool) {
	n := len(w.b.Encounters)
	_, day, ok := w.outpatient(per, d, reason, s)
	if ok && day >= per.death {
		w.b.Encounters = w.b.Encounters[:n] // moved past the death by a stay
		per.clinicVisits = per.clinicVisits[:len(per.clinicVisits)-1]
		return 0, false
	}
	return day, ok
}
