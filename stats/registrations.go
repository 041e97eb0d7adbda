package stats

import "github.com/code4health/cohortgen/models"

type registrationRow struct {
	PatientID string      `parquet:"patient_id"`
	StartDate models.Date `parquet:"start_date,date"`
}

// registrationFigures shows the share of patients on the record at the
// as-of date with more than one registration (they moved practice within
// their history). No published turnover figure is typed into datasets/
// yet, so it is shown without a reference.
func registrationFigures(rep *Report, dir string, people map[string]*person, asOf models.Date) error {
	regs := map[string]int{}
	err := eachRow(dir, models.TableRegistrations, func(r *registrationRow) {
		if people[r.PatientID] != nil && r.StartDate <= asOf {
			regs[r.PatientID]++
		}
	})
	if err != nil {
		return err
	}
	var moved int64
	for _, n := range regs {
		if n > 1 {
			moved++
		}
	}
	den := int64(len(people))
	rep.add(Figure{Group: "registrations", Name: "patients with an earlier registration (moved practice)", Unit: "%",
		Value: 100 * float64(moved) / float64(max(den, 1)), SE: percentSE(moved, den), N: moved, NoReference: true})
	return nil
}
