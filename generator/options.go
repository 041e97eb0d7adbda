package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/models"
	"github.com/code4health/cohortgen/scenario"
)

// Options are everything that decides what a run generates. Together with
// the embedded datasets they fix every byte of the output: patient i is a
// pure function of (Seed, i, Options minus Patients, Workers and Shard).
type Options struct {
	Seed         uint64
	Patients     int64       // population size
	AsOf         models.Date // reference date: the end of the history window
	HistoryYears int         // years of encounter history before AsOf
	Region       string      // NHS England region code, or "" for all of England
	// ExtendedNHSNumbers lets patients past the 999 test range take numbers
	// from the never-issued 990-998 prefixes.
	ExtendedNHSNumbers bool
	Workers            int
	Shard              Shard
	// Scenario, when set, shapes the population and lays out its cohorts,
	// personas and background; Patients must equal Scenario.Total().
	Scenario *scenario.Scenario
}

// Shard selects a contiguous slice of the population: shard K of N covers
// patients [K*P/N, (K+1)*P/N) for P patients. The zero Shard is the whole run.
type Shard struct{ K, N int }

// Range returns the patient indexes [first, end) of the shard.
func (s Shard) Range(patients int64) (first, end int64) {
	if s.N <= 1 {
		return 0, patients
	}
	return patients * int64(s.K) / int64(s.N), patients * int64(s.K+1) / int64(s.N)
}

// IsWhole reports whether the shard is the whole run.
func (s Shard) IsWhole() bool { return s.N <= 1 }

// String formats the shard as K/N.
func (s Shard) String() string {
	if s.IsWhole() {
		return "0/1"
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// DefaultAsOf is the reference date used when none is given: fixed, never
// "today", so that a command run twice gives the same bytes.
var DefaultAsOf = models.DateFromYMD(2025, 3, 31)

// Validate checks the options, naming the first problem.
func (o Options) Validate() error {
	switch {
	case o.Patients < 0:
		return fmt.Errorf("--patients must be 0 or more, got %d", o.Patients)
	case o.HistoryYears < 0 || o.HistoryYears > 50:
		return fmt.Errorf("--history must be between 0 and 50 years, got %d", o.HistoryYears)
	case o.Shard.N < 0 || (o.Shard.N > 0 && (o.Shard.K < 0 || o.Shard.K >= o.Shard.N)):
		return fmt.Errorf("--shard %d/%d: need 0 <= K < N", o.Shard.K, o.Shard.N)
	case o.Workers < 0:
		return fmt.Errorf("--workers must be 1 or more, got %d", o.Workers)
	}
	lo, hi := models.DateFromYMD(1950, 1, 1), models.DateFromYMD(2100, 12, 31)
	if o.AsOf < lo || o.AsOf > hi {
		return fmt.Errorf("--as-of %s is outside 1950-01-01..2100-12-31", o.AsOf)
	}
	if o.Scenario != nil && o.Scenario.Total() != o.Patients {
		return fmt.Errorf("the scenario has %d patients but --patients is %d", o.Scenario.Total(), o.Patients)
	}
	limit := TestRangeCapacity()
	if o.ExtendedNHSNumbers {
		limit = MaxExtendedPatients()
	}
	if o.Patients > limit {
		if o.ExtendedNHSNumbers {
			return fmt.Errorf("--patients %d is more than the %d never-issued NHS numbers available", o.Patients, limit)
		}
		return fmt.Errorf("--patients %d is more than the %d NHS test-range numbers; add --nhs-numbers extended to continue into the never-issued 990-998 prefixes", o.Patients, limit)
	}
	return nil
}
