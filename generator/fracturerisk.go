package generator

import "github.com/code4health/cohortgen/models"

// Every fragility fracture at 50 or over has its fracture risk assessed
// (NICE CG146; NOGG 2022): the FRAX score is coded where the fracture is
// assessed, and the DXA scan, the treatment or the reason for neither
// follow from there (fragility.go, bonedecision.go). h60e (issue 9): 622 of
// 684 wrist fractures at 50+ had no risk score, scan or bone protection in
// the 6 months after (generate -n 20000 -s 83).

// firstClinicDays is how long after a fracture (A&E or the discharge) its
// first fracture clinic falls: the visit that assesses it (catalogue
// presentations fracture_clinic: days 1-6, a week of slack for a closed
// day). A later attendance about it (the DXA scan, 28 days on) is not it.
const firstClinicDays = 14

// scoreBeforeOutcome is how long before the assessment's outcome the FRAX
// score is coded: 5 minutes, so a fracture clinic's score (its outcome 10
// minutes in) falls inside the visit (h73i: at 15 it was coded 5 minutes
// before the clinic began).
const scoreBeforeOutcome = 5

// boneAssessment is where fracture row's bone health is assessed and when
// the outcome is coded: half an hour before the end of its admission (the
// orthogeriatric assessment of a hip fracture), else 10 minutes into the
// first fracture clinic about it (a wrist fracture); "" when it had
// neither (seen in A&E alone, managed by a virtual clinic).
func (w *worker) boneAssessment(per *person, row *models.Condition) (string, models.Timestamp) {
	if enc, end := w.fractureAdmission(per, row); enc != "" {
		return enc, end.AddMinutes(-30)
	}
	from := w.dischargeAfter(per, row)
	id, at := "", models.Timestamp(0)
	for i := per.encFrom; i < len(w.b.Encounters); i++ {
		e := &w.b.Encounters[i]
		d := e.StartTime.Date()
		if e.ReasonConditionID != row.ConditionID || e.Setting != settingOutpatient || d < from || d > from+firstClinicDays {
			continue
		}
		if id == "" || e.StartTime < at {
			id, at = e.EncounterID, e.StartTime
		}
	}
	if id == "" {
		return "", 0
	}
	return id, at.AddMinutes(10)
}

// fractureRiskScores codes the FRAX score (catalogue after_fracture risk)
// at the assessment of each fragility fracture in the record, scoreBeforeOutcome
// before the outcome is coded there: at every fracture, whether it
// leads to a scan, treatment or neither, and for someone already on the
// register (a fracture on treatment is itself assessed). It runs once every
// fracture and fracture clinic is written; the score's value comes with the
// other test results (test_results.yaml frax_score). No random draw.
func (w *worker) fractureRiskScores(per *person) {
	p := w.plan
	for ci := range p.conds {
		af, code := p.conds[ci].AfterFracture, p.conds[ci].fractureRisk
		if af == nil || code == nil {
			continue
		}
		for _, row := range w.fragilityRows(per, af, per.condFrom) {
			if row.OnsetDate < per.firstDay {
				continue
			}
			enc, at := w.boneAssessment(per, row)
			if enc == "" || at.Date() > per.lastDay {
				continue
			}
			w.b.Observations = append(w.b.Observations, w.observation(per, enc, at.AddMinutes(-scoreBeforeOutcome), code))
		}
	}
}
