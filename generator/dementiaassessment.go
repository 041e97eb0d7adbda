package generator

// dementiaAssessments records a brief cognitive test at the practice
// contact that diagnoses dementia (NICE NG97; frailty.yaml
// dementia_assessment), once every contact is written. It draws nothing:
// a diagnosis the practice makes always carries the test that supports it.
func (w *worker) dementiaAssessments(per *person) {
	fp := &w.plan.frailty
	b := w.b
	for r := per.condFrom; r < len(b.Conditions); r++ {
		c := &b.Conditions[r]
		if !fp.dementiaAt[c.ConditionKey] || c.DiagnosisEncounterID == "" {
			continue
		}
		for k := per.encFrom; k < len(b.Encounters); k++ {
			e := &b.Encounters[k]
			if e.EncounterID == c.DiagnosisEncounterID {
				if fp.clinicianContact(e) && !w.codedAt(per, e.EncounterID, fp.dementiaTest.Snomed) {
					b.Observations = append(b.Observations, w.observation(per, e.EncounterID, e.StartTime.AddMinutes(3), &fp.dementiaTest))
				}
				break
			}
		}
	}
}
