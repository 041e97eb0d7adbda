package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// One antenatal contact a day (brief h66e). Before, a raised reading at the
// midwife's appointment sent the woman to the maternity unit later that day
// as a second "Antenatal care" encounter, and the unit's weekly checks of a
// treated hypertension fell on the days of the midwife's appointments: 155
// days with two antenatal encounters in 133 women (generate -n 20000 -s 11).
// Contacts due the same day share one encounter: the unit's assessment is
// written at the appointment that referred her (which lasts until it ends),
// and a midwife's appointment on the day of a unit check is that check.

// antenatalOn is the woman's maternity outpatient attendance of type t
// (pregnancy.yaml's "Antenatal care") on day d: its row, -1 when none.
func (w *worker) antenatalOn(per *person, d models.Date, typeCode string) int {
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		if enc := &w.b.Encounters[e]; enc.Setting == settingOutpatient && enc.TypeCode == typeCode && enc.StartTime.Date() == d {
			return e
		}
	}
	return -1
}

// extendTo lets the person's encounter id last until end (a later contact
// of the same day written at it).
func (w *worker) extendTo(per *person, id string, end models.Timestamp) {
	if e := w.encounterByID(per, id); e != nil && e.EndTime < end {
		e.EndTime = end
	}
}

// checksBeside are the checks of a visit not already among done (the checks
// the contact it joins records): a blood pressure is not taken twice at one
// encounter time.
func checksBeside(checks, done []antenatalCheck) []antenatalCheck {
	var out []antenatalCheck
	for _, c := range checks {
		if !slices.ContainsFunc(done, func(d antenatalCheck) bool {
			return d.slot == c.slot && (d.finding == nil) == (c.finding == nil) && (d.finding == nil || d.finding.Snomed == c.finding.Snomed)
		}) {
			out = append(out, c)
		}
	}
	return out
}

// findingsNotAt are the checks less the findings already recorded at the
// person's encounter enc: the unit's assessment written at the midwife's
// appointment tests the urine she gave there once (a negative dipstick and
// a raised protein:creatinine ratio of one visit would contradict each
// other, TestPreEclampsiaFromProteinuria); its blood pressure is repeated.
func (w *worker) findingsNotAt(per *person, enc string, checks []antenatalCheck) []antenatalCheck {
	return w.checksNotAt(per, enc, checks, false)
}

// findingAt reports whether an observation of code snomed is recorded at
// the person's encounter enc (her rows are the last written).
func (w *worker) findingAt(per *person, enc, snomed string) bool {
	for k := len(w.b.Observations) - 1; k >= 0 && w.b.Observations[k].PatientID == per.id; k-- {
		if o := &w.b.Observations[k]; o.EncounterID == enc && o.SnomedCode == snomed {
			return true
		}
	}
	return false
}

// notYetAt are the checks none of whose code is recorded at the person's
// encounter enc yet: the unit's bloods at the 28-week appointment that took
// a blood count already are not taken twice.
func (w *worker) notYetAt(per *person, enc string, checks []antenatalCheck) []antenatalCheck {
	return w.checksNotAt(per, enc, checks, true)
}

// checksNotAt are the checks whose code is not recorded at the person's
// encounter enc: a finding's code, and a measurement's too when measured
// (else a measurement is always kept: it is taken again).
func (w *worker) checksNotAt(per *person, enc string, checks []antenatalCheck, measured bool) []antenatalCheck {
	var out []antenatalCheck
	for _, c := range checks {
		code := c.finding
		if code == nil && measured {
			code = &w.plan.obsCodes[c.slot]
		}
		if code == nil || !w.findingAt(per, enc, code.Snomed) {
			out = append(out, c)
		}
	}
	return out
}
