package generator

// recordedAt is the value of the slot's reading recorded at encounter enc
// (the NT-proBNP of the visit that diagnoses heart failure), searched back
// through this person's rows of the batch; false when there is none.
func (w *worker) recordedAt(per *person, slot int, enc string) (float64, bool) {
	if enc == "" {
		return 0, false
	}
	code := w.plan.obsCodes[slot].Snomed
	for i := len(w.b.Observations) - 1; i >= 0; i-- {
		o := &w.b.Observations[i]
		if o.PatientID != per.id {
			break // the rows of earlier people
		}
		if o.EncounterID == enc && o.SnomedCode == code && o.Value != nil {
			return *o.Value, true
		}
	}
	return 0, false
}
