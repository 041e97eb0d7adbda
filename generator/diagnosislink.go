package generator

import "github.com/code4health/cohortgen/models"

// linkDiagnoses names, for each of the patient's conditions that began in
// the record with no diagnosing encounter, the encounter about it on its
// first day (or the day before: an A&E attendance that ran past midnight
// into the admission's day; never a later one, which an as-of cut could
// drop), else the day's encounter that made it (linkSameDay). It is the
// fallback for problems begun away from the code that writes their
// encounter: admissions name what they diagnose themselves (hospital.go
// reserves the encounter's id before drawing its reason), and this pass
// links about 200 more conditions of 345,019 (generate -n 20000 -s 5: 2,785
// unlinked without it, 2,580 with it; before the admissions did, 16,508;
// of those it links to an encounter about them, most are kidney disease,
// reflux and asthma).
func (w *worker) linkDiagnoses(per *person, o rowOffsets) {
	b := w.b
	var open []int // conditions of this patient to link, by row
	for i := o.conditions; i < len(b.Conditions); i++ {
		if c := &b.Conditions[i]; c.DiagnosisEncounterID == "" && c.OnsetDate >= per.firstDay {
			open = append(open, i)
		}
	}
	if len(open) == 0 {
		return
	}
	first := make([]models.Timestamp, len(open)) // the earliest encounter's start found so far
	for e := o.encounters; e < len(b.Encounters); e++ {
		enc := &b.Encounters[e]
		if enc.ReasonConditionID == "" || plannedAdmission(enc) {
			continue
		}
		for k, i := range open {
			c := &b.Conditions[i]
			if enc.ReasonConditionID != c.ConditionID {
				continue
			}
			if d := enc.StartTime.Date(); d >= c.OnsetDate-1 && d <= c.OnsetDate && (first[k] == 0 || enc.StartTime < first[k]) {
				first[k] = enc.StartTime
				c.DiagnosisEncounterID = enc.EncounterID
			}
			break
		}
	}
	for k, i := range open {
		if first[k] == 0 {
			w.linkSameDay(&b.Conditions[i], o)
		}
	}
}

// linkSameDay links condition c, which no encounter is about, to the
// encounter of its onset day that made it: the one that diagnosed another
// condition beginning that day (the admission for a heart attack, for the
// coronary heart disease it reveals), else the day's only encounter (kidney
// disease found at a diabetes review). With neither it stays unlinked (a
// cause of death found at death, outside any encounter).
func (w *worker) linkSameDay(c *models.Condition, o rowOffsets) {
	b := w.b
	for i := o.conditions; i < len(b.Conditions); i++ {
		if x := &b.Conditions[i]; x.OnsetDate == c.OnsetDate && x.DiagnosisEncounterID != "" && x.ConditionID != c.ConditionID {
			c.DiagnosisEncounterID = x.DiagnosisEncounterID
			return
		}
	}
	only := ""
	for e := o.encounters; e < len(b.Encounters); e++ {
		if enc := &b.Encounters[e]; enc.StartTime.Date() == c.OnsetDate && !plannedAdmission(enc) {
			if only != "" {
				return // several that day: none is sure
			}
			only = enc.EncounterID
		}
	}
	c.DiagnosisEncounterID = only
}

// plannedAdmission reports whether an encounter is a planned admission (admission
// method 11-13, elective): it treats a problem diagnosed before it (a
// child's dental extraction, which a dentist outside the record referred),
// and never diagnoses one.
func plannedAdmission(e *models.Encounter) bool {
	return len(e.AdmissionMethod) == 2 && e.AdmissionMethod[0] == '1'
}

// emergencyAdmission reports whether an encounter is an emergency admission
// (admission method 21-2D).
func emergencyAdmission(e *models.Encounter) bool {
	return e.Setting == settingInpatient && len(e.AdmissionMethod) == 2 && e.AdmissionMethod[0] == '2'
}
