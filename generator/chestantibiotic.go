package generator

import (
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// A chest infection's antibiotic decided by the patient's state (brief
// h72b, NICE NG120; catalogue chest_antibiotic): an adult seen face to face
// at the practice is treated when a reading of the contact shows them
// systemically unwell or when they are at higher risk of complications,
// and not otherwise. The presentation's course is drawn at the contact,
// before its readings are written (contactmeasure.go), so the decision is
// made here, once they are: a course the state calls for and the draw did
// not give is issued, one it does not call for is withdrawn. Before, 16-64s
// with normal readings were treated 50.5% of the time and those with a
// fever or a fast pulse 47.0% (generate -n 20000 -s 83).

// chestAntibioticPlan is chest_antibiotic resolved.
type chestAntibioticPlan struct {
	*datasets.ChestAntibiotic
	pi    int                        // the presentation
	signs []datasets.ObservationCode // per Unwell entry: its code
}

// buildChestAntibiotic resolves the presentation and the readings' codes.
func (p *Plan) buildChestAntibiotic() {
	p.chestAntibiotic = nil
	a := p.Cat.ChestAntibiotic
	if a == nil {
		return
	}
	cp := &chestAntibioticPlan{ChestAntibiotic: a, pi: slices.IndexFunc(p.presentations, func(pr presPlan) bool { return pr.Key == a.Problem })}
	if cp.pi < 0 {
		return
	}
	for _, s := range a.Unwell {
		code, ok := datasets.ObservationByKey(s.Observation)
		if !ok {
			return
		}
		cp.signs = append(cp.signs, code)
	}
	p.chestAntibiotic = cp
}

// chestAntibiotics decides, for each of the person's episodes of the
// problem diagnosed at a GP contact from the plan's age, the antibiotic on
// the contact's readings and the patient's risk. A contact with no readings
// (by telephone) keeps the course drawn unless the risk calls for one. An
// episode sent to hospital that day is the hospital's.
func (w *worker) chestAntibiotics(per *person) {
	cp := w.plan.chestAntibiotic
	if cp == nil {
		return
	}
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		c := w.b.Conditions[i] // a copy: issuing may grow the table
		day := c.OnsetDate
		if c.ConditionKey != cp.Problem || per.ageOn(day) < cp.MinAge || per.inEndOfLifeCare(day) {
			continue
		}
		enc := w.encounterByID(per, c.DiagnosisEncounterID)
		if enc == nil || enc.Setting != settingGP || w.hospitalSoon(per, c.ConditionID, day) {
			continue
		}
		read, unwell := w.chestSigns(per, cp, enc.EncounterID)
		risk := !unwell && w.chestRisk(per, cp, day) // the risk matters only to a patient not unwell
		rows := w.issuedAt(per, enc.EncounterID, c.ConditionID)
		switch {
		case (unwell || risk) && len(rows) == 0:
			w.issueChestCourse(per, cp, enc.EncounterID, &c)
		case read && !unwell && !risk && len(rows) > 0:
			for _, j := range rows {
				w.b.Prescriptions[j].PrescriptionID = models.ID{}
			}
			w.withdrawn = true
		}
	}
}

// hospitalSoon reports whether condition id was seen in A&E or admitted
// on day or the day after.
func (w *worker) hospitalSoon(per *person, id string, day models.Date) bool {
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		if x := &w.b.Encounters[e]; x.ReasonConditionID == id && x.Setting != settingGP {
			if d := x.StartTime.Date(); d >= day && d <= day+1 {
				return true
			}
		}
	}
	return false
}

// chestSigns reports whether the contact encID has any of the plan's
// readings (read), and whether one shows the patient unwell.
func (w *worker) chestSigns(per *person, cp *chestAntibioticPlan, encID string) (read, unwell bool) {
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		o := &w.b.Observations[i]
		if o.EncounterID != encID || o.Value == nil {
			continue
		}
		for k, code := range cp.signs {
			if o.SnomedCode != code.Snomed {
				continue
			}
			read = true
			s := &cp.Unwell[k]
			if s.AtLeast != nil && *o.Value >= *s.AtLeast || s.Below != nil && *o.Value < *s.Below {
				unwell = true
			}
		}
	}
	return read, unwell
}

// chestRisk reports whether the patient is at higher risk of complications
// on day: a comorbidity on the record, or enough risk factors for the age.
func (w *worker) chestRisk(per *person, cp *chestAntibioticPlan, day models.Date) bool {
	if w.heldOnRecord(per, cp.Comorbid, day) {
		return true
	}
	n := 0
	for _, g := range cp.RiskFactors {
		if w.heldOnRecord(per, g, day) {
			n++
		}
	}
	if cp.AdmittedWithinDays > 0 {
		for e := per.encFrom; e < len(w.b.Encounters); e++ {
			if x := &w.b.Encounters[e]; emergencyAdmission(x) {
				if d := x.StartTime.Date(); d < day && d >= day-models.Date(cp.AdmittedWithinDays) {
					n++
					break
				}
			}
		}
	}
	age := per.ageOn(day)
	for _, o := range cp.Older {
		if age >= o.MinAge && n >= o.Factors {
			return true
		}
	}
	return false
}

// issuedAt lists the live acute prescription rows issued at encounter
// encID for condition condID.
func (w *worker) issuedAt(per *person, encID, condID string) []int {
	var rows []int
	for j := per.rxFrom; j < len(w.b.Prescriptions); j++ {
		if rx := &w.b.Prescriptions[j]; rx.EncounterID == encID && rx.ConditionID == condID && rx.Type == models.PrescriptionAcute && !rx.PrescriptionID.IsZero() {
			rows = append(rows, j)
		}
	}
	return rows
}

// issueChestCourse issues the presentation's course at the contact encID
// for the episode c (certain now, on a stream of its own), and books the
// tests a running medicine it interacts with asks for (interactions.go ran
// before).
func (w *worker) issueChestCourse(per *person, cp *chestAntibioticPlan, encID string, c *models.Condition) {
	s := per.stream(w.plan.Opts.Seed, purposeChestAntibiotic, uint64(c.OnsetDate))
	pr := &w.plan.presentations[cp.pi]
	for k := range pr.courses {
		if pr.courses[k].IfSeenAgain || pr.courses[k].AtReviewDays != [2]int{} {
			continue
		}
		sc := pr.courses[k]
		sc.Probability = 1
		p0 := len(per.pendingChecks)
		w.shortCourse(per, &sc, encID, c.ConditionID, c.OnsetDate, c.ResolvedDate, &s)
		for _, pc := range per.pendingChecks[p0:] {
			w.interactionCheck(per, pc.meds, pc.onset, false)
		}
	}
}
