// Checks for the findings of the eighth GP review (docs/clinical-model.md,
// "End of life and the record around a death (eighth review)").
package generator

import "testing"

// TestNoVaccinesInTheLastWeeksOfLife: a man dying of oesophageal cancer at
// home, on anticipatory medicines, had a COVID-19 booster recorded on the
// day he died; 59 vaccines fell in the last six weeks of life and 61 after
// the palliative care register entry (5,000 patients, seed 5). Care in the
// last weeks is for comfort: no vaccine is given once end-of-life care has
// begun.
func TestNoVaccinesInTheLastWeeksOfLife(t *testing.T) {
	r := pathwayPopulation(t)
	immOf := map[string][]int{}
	for i := range r.b.Immunisations {
		immOf[r.b.Immunisations[i].PatientID] = append(immOf[r.b.Immunisations[i].PatientID], i)
	}
	palliative, checked := 0, 0
	for id := range r.patients {
		pc := r.has(id, "palliative_care")
		if pc == nil {
			continue
		}
		palliative++
		for _, i := range immOf[id] {
			im := &r.b.Immunisations[i]
			checked++
			if d := im.OccurrenceTime.Date(); d >= pc.OnsetDate {
				t.Fatalf("patient %s: %s on %s, after going on the palliative care register on %s", id, im.ProductDisplay, d, pc.OnsetDate)
			}
		}
	}
	enough(t, palliative, 40, "patients on the palliative care register")
	enough(t, checked, 200, "vaccines of patients on the palliative care register")
}
