package generator

import (
	"math"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// yearSpans walks the patient's history window a year at a time, calling fn
// with each span [from, to] (inclusive days), the patient's age in it, and
// the fraction of a year it covers.
func yearSpans(per *person, fn func(from, to models.Date, age int, frac float64)) {
	for from := per.firstDay; from <= per.lastDay; from += 365 {
		to := min(from+364, per.lastDay)
		age := models.YearsBetween(per.birth, from+(to-from)/2)
		fn(from, to, max(age, 0), float64(to-from+1)/365)
	}
}

func dayIn(from, to models.Date, s *distributions.Stream) models.Date {
	return from + models.Date(s.IntN(int(to-from)+1))
}

// acuteEpisodes draws self-limiting episodes from the catalogue: each is a
// problem-list entry that resolves, seen at the GP or in A&E, sometimes with
// an acute course of medicine.
func (w *worker) acuteEpisodes(per *person, s *distributions.Stream) {
	p := w.plan
	yearSpans(per, func(from, to models.Date, age int, frac float64) {
		band := p.Cat.BandOf(age)
		for ai := range p.acute {
			a := &p.acute[ai]
			n := s.Poisson(a.Rate[band] * frac)
			for k := 0; k < n; k++ {
				w.acuteEpisode(per, a, dayIn(from, to, s), age, s)
			}
		}
	})
}

func (w *worker) acuteEpisode(per *person, a *acutePlan, day models.Date, age int, s *distributions.Stream) {
	condID := w.ids.row(tagCondition)
	var encID string
	var start models.Timestamp
	if a.Setting == settingAE {
		start = anyHour(day, s)
		end := min(start.AddMinutes(aeMinutes(s)), endOfLife(per))
		encID = w.addEncounter(per, encAE, settingAE, start, end, condID, "")
	} else {
		var ok bool
		if encID, start, ok = w.gpVisit(per, day, encGPProblem, condID, s); !ok {
			return
		}
	}
	onset := start.Date()
	resolved := onset + models.Date(a.DurationDays)
	if resolved > per.lastDay {
		resolved = models.NoDate // still active on the last day
		if per.death != models.NoDate {
			resolved = per.death
		}
	}
	w.b.Conditions = append(w.b.Conditions, models.Condition{
		ConditionID:          condID,
		PatientID:            per.id,
		ConditionKey:         a.Key,
		SnomedCode:           a.Snomed,
		ICD10Code:            a.ICD10,
		Description:          a.Description,
		OnsetDate:            onset,
		ResolvedDate:         resolved,
		DiagnosisEncounterID: encID,
	})
	if a.med == nil || age < a.Prescribe.MinAge || !s.Bernoulli(a.Prescribe.Probability) {
		return
	}
	end := min(onset+models.Date(max(a.Prescribe.Days, 1)-1), per.lastDay)
	w.b.Prescriptions = append(w.b.Prescriptions, models.Prescription{
		PrescriptionID: w.ids.row(tagPrescription),
		PatientID:      per.id,
		EncounterID:    encID,
		ConditionID:    condID,
		DMDCode:        a.med.DMDCode,
		Medication:     a.med.Name,
		DoseText:       a.med.DoseText,
		StartDate:      onset,
		EndDate:        end,
	})
}

// aeMinutes is an A&E stay: log-normal around 2.5 hours, 30 min to 12 hours.
func aeMinutes(s *distributions.Stream) int {
	return int(math.Min(720, math.Max(30, s.LogNormal(math.Log(150), 0.5))))
}

// background draws the rest of the patient's activity at the catalogue's
// rates for their age and sex, raised by the number of chronic conditions
// held: GP appointments (some with opportunistic measurements), A&E
// attendances, emergency and elective admissions, outpatient attendances.
func (w *worker) background(per *person, s *distributions.Stream) {
	p := w.plan
	act := &p.Cat.Activity
	rates := &p.activityByBand
	yearSpans(per, func(from, to models.Date, age int, frac float64) {
		band := p.Cat.BandOf(age)
		held := 0
		for ci := range per.conds {
			if per.conds[ci].onset <= to {
				held++
			}
		}
		morb := 1 + act.PerConditionMultiplier*float64(held)
		sx := per.sex
		for k := s.Poisson(rates.gp[sx][band] * frac * morb); k > 0; k-- {
			w.gpOther(per, dayIn(from, to, s), age, s)
		}
		for k := s.Poisson(rates.ae[sx][band] * frac); k > 0; k-- {
			start := anyHour(dayIn(from, to, s), s)
			w.addEncounter(per, encAE, settingAE, start, min(start.AddMinutes(aeMinutes(s)), endOfLife(per)), "", "")
		}
		for k := s.Poisson(rates.emergency[sx][band] * frac * morb); k > 0; k-- {
			w.emergencyAdmission(per, dayIn(from, to, s), age, s)
		}
		for k := s.Poisson(rates.elective[sx][band] * frac); k > 0; k-- {
			w.electiveAdmission(per, dayIn(from, to, s), s)
		}
		for k := s.Poisson(rates.outpatient[sx][band] * frac * morb); k > 0; k-- {
			d, start := clinicStart(dayIn(from, to, s), s)
			if d <= per.lastDay {
				w.addEncounter(per, encOutpatient, settingOutpatient, start, start.AddMinutes(15+5*s.IntN(4)), "", "")
			}
		}
	})
}

// gpOther is a GP appointment not tied to a condition in the record: face to
// face, by telephone, or a home visit for the oldest, with the opportunistic
// measurements practices record (blood pressure, weight, smoking, and HbA1c
// at NHS Health Checks from 40).
func (w *worker) gpOther(per *person, day models.Date, age int, s *distributions.Stream) {
	kind := encGPConsultation
	switch u := s.Float64(); {
	case u < 0.3:
		kind = encGPTelephone
	case u < 0.35 && age >= 80:
		kind = encGPHomeVisit
	case u < 0.65:
		kind = encGPProblem
	}
	encID, start, ok := w.gpVisit(per, day, kind, "", s)
	if !ok || age < 18 || kind == encGPTelephone {
		return
	}
	slot := &w.plan.slots
	t := start.AddMinutes(5)
	if s.Bernoulli(0.2) {
		w.observe(per, encID, t, slot.systolic, s)
		w.observe(per, encID, t, slot.diastolic, s)
	}
	if s.Bernoulli(0.08) {
		w.observe(per, encID, t, slot.weight, s)
		w.observe(per, encID, t, slot.bmi, s)
	}
	if s.Bernoulli(0.05) {
		w.observe(per, encID, t, slot.smoking, s)
	}
	if age >= 40 && s.Bernoulli(0.04) {
		w.observe(per, encID, t, slot.hba1c, s)
	}
}

// lengthOfStay is an inpatient stay in minutes: log-normal, longer with age.
func lengthOfStay(age int, s *distributions.Stream) int {
	medianDays := 1.5 + float64(max(age-40, 0))/15
	days := s.LogNormal(math.Log(medianDays), 0.8)
	return int(math.Min(days, 90) * 24 * 60)
}

// emergencyAdmission admits the patient, most often through A&E.
func (w *worker) emergencyAdmission(per *person, day models.Date, age int, s *distributions.Stream) {
	start := anyHour(day, s)
	method := "22" // via GP
	if s.Bernoulli(w.plan.Cat.Activity.EmergencyViaAE) {
		aeEnd := min(start.AddMinutes(aeMinutes(s)), endOfLife(per))
		w.addEncounter(per, encAE, settingAE, start, aeEnd, "", "")
		start, method = aeEnd, "21" // via A&E
	}
	end := min(start.AddMinutes(lengthOfStay(age, s)), endOfLife(per))
	w.addEncounter(per, encEmergencyAdmission, settingInpatient, start, end, "", method)
}

// electiveAdmission is planned care: four in five are day cases.
func (w *worker) electiveAdmission(per *person, day models.Date, s *distributions.Stream) {
	d, start := clinicStart(day, s)
	if d > per.lastDay {
		return
	}
	if s.Bernoulli(0.8) {
		end := min(start.AddMinutes(180+30*s.IntN(10)), endOfLife(per))
		w.addEncounter(per, encDayCase, settingInpatient, start, end, "", "11")
		return
	}
	end := min(start.AddMinutes(lengthOfStay(50, s)), endOfLife(per))
	w.addEncounter(per, encElectiveAdmission, settingInpatient, start, end, "", "11")
}

// terminalAdmission: about 44% of deaths in England happen in hospital (ONS
// place of death, approx), so those patients end their record with an
// emergency admission that ends at death.
func (w *worker) terminalAdmission(per *person, s *distributions.Stream) {
	if !s.Bernoulli(0.44) {
		return
	}
	end := anyHour(per.death, s)
	start := end.AddMinutes(-max(lengthOfStay(per.ageAtEnd, s), 60))
	if start.Date() < per.firstDay {
		start = per.firstDay.Start()
	}
	w.addEncounter(per, encEmergencyAdmission, settingInpatient, start, end, "", "21")
}
