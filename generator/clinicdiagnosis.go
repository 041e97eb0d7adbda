package generator

// A diagnosis a specialist makes (twenty-seventh review). A GP review found
// every first episode of psychosis diagnosed, and an antipsychotic started,
// by the GP alone, and dementia diagnosed at the practice with no cognitive
// test. NICE CG178 asks the GP to refer a first episode of psychosis to early
// intervention in psychosis and not to start an antipsychotic without a
// consultant psychiatrist; NICE NG97 1.2 asks for a cognitive test and blood
// tests for reversible causes, then a specialist diagnostic service. A
// condition whose at-diagnosis referral is marked diagnoses now has the GP
// consultation as the assessment that refers (its referral code and the
// tests of diagnosis_readings) and the clinic it books as the diagnosis.

// clinicDiagnoses moves the diagnosis of held condition hc, at the GP
// consultation under way (w.curEnc) that made it, to the clinic attendance
// the referral booked: the problem is named and dated by the clinic, and the
// consultation is about the symptoms. A condition that presented in
// hospital, or that another contact diagnosed, keeps its diagnosis.
func (w *worker) clinicDiagnoses(per *person, hc *heldCondition, at *bookedClinic) {
	row := &w.b.Conditions[hc.row]
	if hc.presented || w.curEnc == "" || row.DiagnosisEncounterID != w.curEnc {
		return
	}
	w.datedByClinic(per, hc, w.curEnc, at.start.Date()) // urgent.go
	row.DiagnosisEncounterID = at.enc
	// the contacts written after the care (heldOn) keep off the days before
	// the clinic, as they do before a cancer clinic: none is about a problem
	// not yet diagnosed
	hc.diagnosedOn = at.start.Date()
	per.urgentRows = append(per.urgentRows, hc.row) // and any that does not dates it back (notAfterContacts)
}
