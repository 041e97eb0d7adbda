package datasets

import (
	_ "embed"
	"fmt"
	"sync"
	"time"
)

//go:embed medication_reviews.yaml
var medicationReviewsYAML []byte

// MedicationReviews is when a person's repeat medicines are reviewed and
// by whom (medication_reviews.yaml).
type MedicationReviews struct {
	Yearly struct {
		Observation string `yaml:"observation"`
		EveryDays   int    `yaml:"every_days"`
		Source      string `yaml:"source"`
	} `yaml:"yearly"`
	Structured StructuredMedicationReview `yaml:"structured"`
	// AfterFaint: a blackout in an older person on medicines of Classes is
	// followed by a review of them (brief h69b).
	AfterFaint *AfterFaintReview `yaml:"after_faint"`
	// AfterFall: a fall in an older person on a medicine that adds to the
	// risk of falls is followed by a review of them, as a blackout is
	// (brief h70g).
	AfterFall *AfterFaintReview `yaml:"after_fall"`
	// AfterHypo: a severe hypoglycaemia in an adult on insulin is followed
	// by a review of the insulin (brief h74a).
	AfterHypo *AfterFaintReview `yaml:"after_hypo"`
}

// AfterFaintReview is the medication review at the first GP contact within
// WithinDays of one of Problems (a syncope) in a person of FromAge or over
// taking a medicine of one of Classes (an antihypertensive).
type AfterFaintReview struct {
	Problems   []string `yaml:"problems"`
	FromAge    int      `yaml:"from_age"`
	Classes    []string `yaml:"classes"`
	WithinDays int      `yaml:"within_days"`
	// AfterEpisode: the contact comes after the episode's A&E attendance or
	// stay has ended, not earlier on its day (a hypoglycaemia's review was
	// coded at a GP call an hour before the A&E attendance; h74a).
	AfterEpisode bool   `yaml:"after_episode"`
	Source       string `yaml:"source"`
}

// StructuredMedicationReview is the clinical pharmacist's review of people
// on many repeat medicines (the PCN DES).
type StructuredMedicationReview struct {
	Observation      string `yaml:"observation"`
	From             string `yaml:"from"` // YYYY-MM-DD: the first day one is booked
	MedicinesAtLeast int    `yaml:"medicines_at_least"`
	DaysAfter        [2]int `yaml:"days_after"`
	EveryDays        int    `yaml:"every_days"`
	Source           string `yaml:"source"`
	// Since is From parsed.
	Since time.Time `yaml:"-"`
}

var loadMedicationReviews = sync.OnceValues(func() (*MedicationReviews, error) {
	var m MedicationReviews
	if err := decodeStrict(medicationReviewsYAML, &m); err != nil {
		return nil, fmt.Errorf("medication_reviews.yaml: %w", err)
	}
	y, s := &m.Yearly, &m.Structured
	for _, key := range []string{y.Observation, s.Observation} {
		if _, ok := ObservationByKey(key); !ok {
			return nil, fmt.Errorf("medication_reviews.yaml: observation %q is not in observation_codes.csv", key)
		}
	}
	if y.EveryDays < 1 || s.EveryDays < 1 || y.Source == "" || s.Source == "" {
		return nil, fmt.Errorf("medication_reviews.yaml: each review needs every_days of 1 or more and a source")
	}
	if s.MedicinesAtLeast < 1 || s.DaysAfter[0] < 1 || s.DaysAfter[1] < s.DaysAfter[0] {
		return nil, fmt.Errorf("medication_reviews.yaml: structured needs medicines_at_least of 1 or more and days_after [min, max] from 1")
	}
	for name, a := range map[string]*AfterFaintReview{"after_faint": m.AfterFaint, "after_fall": m.AfterFall, "after_hypo": m.AfterHypo} {
		if a == nil {
			continue
		}
		if len(a.Problems) == 0 || len(a.Classes) == 0 || a.WithinDays < 1 || a.Source == "" {
			return nil, fmt.Errorf("medication_reviews.yaml: %s needs problems, classes, within_days and a source", name)
		}
		for _, c := range a.Classes {
			if !knownClasses()[c] {
				return nil, fmt.Errorf("medication_reviews.yaml: %s: unknown class %q", name, c)
			}
		}
	}
	var err error
	if s.Since, err = time.Parse(time.DateOnly, s.From); err != nil {
		return nil, fmt.Errorf("medication_reviews.yaml: structured from %q: %w", s.From, err)
	}
	return &m, nil
})

// LoadMedicationReviews returns the embedded medication review schedule, checked.
func LoadMedicationReviews() (*MedicationReviews, error) { return loadMedicationReviews() }
