package stats

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

type allergyRow struct {
	PatientID  string      `parquet:"patient_id"`
	AllergyKey string      `parquet:"allergy_key"`
	OnsetDate  models.Date `parquet:"onset_date,date"`
}

// allergyFigures shows the share of living adults (18+) with each entry on
// their allergy list on the as-of date. An entry with a published adult
// prevalence (penicillin: 5.9% of adults, West et al. 2019) is compared with
// it like a register's prevalence; the others have no adult figure to
// compare with (their sources give a lifetime or childhood share) and are
// shown without a reference.
func allergyFigures(rep *Report, dir string, people map[string]*person, asOf models.Date) error {
	a, err := datasets.LoadAllergies()
	if err != nil {
		return err
	}
	adults := map[string]bool{}
	for id, p := range people {
		if (p.death == models.NoDate || p.death > asOf) && ageAt(p, asOf) >= 18 {
			adults[id] = true
		}
	}
	held := map[string]map[string]bool{} // allergy key -> adults holding it
	err = eachRow(dir, models.TableAllergies, func(r *allergyRow) {
		if adults[r.PatientID] && r.OnsetDate <= asOf {
			if held[r.AllergyKey] == nil {
				held[r.AllergyKey] = map[string]bool{}
			}
			held[r.AllergyKey][r.PatientID] = true
		}
	})
	if err != nil {
		return err
	}
	den := int64(len(adults))
	for i := range a.Allergies {
		m := &a.Allergies[i]
		num := int64(len(held[m.Key]))
		f := Figure{Group: "allergies", Name: fmt.Sprintf("%s, adults 18+", m.Description), Unit: "%",
			Value: 100 * float64(num) / float64(max(den, 1)), SE: percentSE(num, den), N: num}
		if m.AdultPrevalence > 0 {
			f.Reference, f.Source, f.Status = m.AdultPrevalence, m.Source, m.Status
			f.Tolerance = tolIf(num, prevalenceTolerance)
			if m.Status != "verified" {
				f.Advisory, f.Note = true, "shown, not checked: the reference is approx (not verified)"
			}
		} else {
			f.NoReference = true
		}
		rep.add(f)
	}
	return nil
}
