package stats

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

type gpEncounterRow struct {
	EncounterID string `parquet:"encounter_id"`
	Setting     string `parquet:"setting"`
}

type episodeRow struct {
	PatientID            string      `parquet:"patient_id"`
	ConditionKey         string      `parquet:"condition_key"`
	Chronic              bool        `parquet:"chronic"`
	OnsetDate            models.Date `parquet:"onset_date,date"`
	DiagnosisEncounterID string      `parquet:"diagnosis_encounter_id,optional"`
}

// presentationFigures compares the rate at which each acute problem opens a
// new episode at a GP consultation, per 1,000 person-years at the target's
// ages, with the published figure (catalogue presentation_rates). An episode
// counts where the problem was first recorded at a GP encounter inside the
// person's history window; episodes first seen in A&E or in hospital do
// not (the published rates are primary-care records). All are shown, not
// checked: the published rates are crude, for England's age mix, and a
// scenario's population (children, people 65+) has its own; the
// generator's tests check the verified ones on an England-like population.
func presentationFigures(rep *Report, cat *datasets.Catalogue, dir string, people map[string]*person, everyone []*person, opts Options) error {
	if len(cat.PresentationRates) == 0 {
		return nil
	}
	gp := map[string]bool{}
	if err := eachRow(dir, models.TableEncounters, func(r *gpEncounterRow) {
		if r.Setting == "gp" {
			gp[r.EncounterID] = true
		}
	}); err != nil {
		return err
	}
	rates := cat.PresentationRates
	episodes := make([]int64, len(rates))
	err := eachRow(dir, models.TableConditions, func(r *episodeRow) {
		p := people[r.PatientID]
		if p == nil || r.Chronic || !gp[r.DiagnosisEncounterID] {
			return
		}
		if from, to := window(p, opts); r.OnsetDate < from || r.OnsetDate > to {
			return
		}
		age := ageAt(p, r.OnsetDate)
		for i, t := range rates {
			if t.Key == r.ConditionKey && age >= t.MinAge && age <= t.MaxAge {
				episodes[i]++
			}
		}
	})
	if err != nil {
		return err
	}
	years := make([]float64, len(rates))
	for _, p := range everyone {
		eachYear(p, opts, func(age int, y float64) {
			for i, t := range rates {
				if age >= t.MinAge && age <= t.MaxAge {
					years[i] += y
				}
			}
		})
	}
	for i, t := range rates {
		ages := agesLabel(t.MinAge, t.MaxAge)
		py := max(years[i], 1e-9)
		note := presentationCrude
		if t.Status != "verified" {
			note = presentationNote
		}
		rep.add(Figure{Group: "presentations", Name: fmt.Sprintf("%s episodes per 1,000 person-years, %s", t.Key, ages),
			Unit: "/1000/yr", Value: 1000 * float64(episodes[i]) / py, Reference: t.Per1000,
			SE: 1000 * math.Sqrt(float64(episodes[i])) / py, N: episodes[i],
			Tolerance: tolIf(episodes[i], t.Tolerance), Advisory: true,
			Status: t.Status, Source: t.Source, Note: note})
	}
	return nil
}

// presentationCrude is why a verified rate is shown, not checked.
const presentationCrude = "shown: a crude published rate for England's age mix, not standardised to this population's (the generator's tests check it on an England-like population)"

// presentationNote is why an approx rate is shown, not checked.
const presentationNote = "approx: a nearby published measure (first diagnoses, consultations or people consulting rather than episodes, another period or country); shown, not checked"

// noUpperAge is the max_age the catalogue's published figures give for "and
// over".
const noUpperAge = 200

// agesLabel names the ages a published figure is for: "ages 15-44", or
// "ages 15+" when it has no upper age.
func agesLabel(minAge, maxAge int) string {
	if maxAge >= noUpperAge {
		return fmt.Sprintf("ages %d+", minAge)
	}
	return fmt.Sprintf("ages %d-%d", minAge, maxAge)
}
