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
	AsOf         models.Date // the record is cut here: nothing after this day is written
	HistoryYears int         // years of history before PopulationDate
	// PopulationDate is the day the population is defined on: the people
	// alive then, and those who died in the history before it. Lives are
	// drawn around it, simulated to Horizon and cut at AsOf, so moving AsOf
	// only cuts or extends the same lives. NoDate: AsOf.
	PopulationDate models.Date
	// Horizon is the day lives are simulated to (after PopulationDate,
	// people age, fall ill and die). It is part of what defines the lives:
	// runs that are to agree (a living sandbox) share it. NoDate: the later
	// of AsOf and PopulationDate.
	Horizon models.Date
	// Since, when set, makes the run a delta: only the rows that are new or
	// changed after this day, up to AsOf (see Delta).
	Since  models.Date
	Region string // NHS England region code, or "" for all of England
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

// Population is the effective population date.
func (o Options) Population() models.Date {
	if o.PopulationDate == models.NoDate {
		return o.AsOf
	}
	return o.PopulationDate
}

// SimulatedTo is the effective horizon: the last day any life is simulated.
func (o Options) SimulatedTo() models.Date {
	if o.Horizon == models.NoDate {
		return max(o.AsOf, o.Population())
	}
	return o.Horizon
}

// HistoryStart is the first day of the history window: HistoryYears before
// the population date.
func (o Options) HistoryStart() models.Date {
	return models.DateOf(o.Population().Time().AddDate(-o.HistoryYears, 0, 0))
}

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
	if r := o.Population(); r < lo || r > hi {
		return fmt.Errorf("--population-date %s is outside 1950-01-01..2100-12-31", r)
	}
	if e := o.SimulatedTo(); e > hi {
		return fmt.Errorf("--horizon %s is after 2100-12-31", e)
	}
	if err := o.validateDates(); err != nil {
		return err
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

// validateDates checks that the as-of, since and horizon dates fall where
// the population's lives are defined.
func (o Options) validateDates() error {
	r, e, start := o.Population(), o.SimulatedTo(), o.HistoryStart()
	switch {
	case e < r:
		return fmt.Errorf("--horizon %s is before the population date %s: lives are simulated at least to the day the population is defined", e, r)
	case o.AsOf > e:
		return fmt.Errorf("--as-of %s is after --horizon %s, the last day lives are simulated to: move --horizon to %s or later (keep it the same for every run of a living sandbox)", o.AsOf, e, o.AsOf)
	case o.AsOf < start:
		return fmt.Errorf("--as-of %s is before the history window of the population (%s to %s, %d years before --population-date): move --population-date or lengthen --history", o.AsOf, start, r, o.HistoryYears)
	case o.Since == models.NoDate:
		return nil
	case o.Since >= o.AsOf:
		return fmt.Errorf("--since %s must be before --as-of %s", o.Since, o.AsOf)
	case o.Since < start:
		return fmt.Errorf("--since %s is before the history window of the population (from %s)", o.Since, start)
	case o.Horizon == models.NoDate && o.AsOf > r:
		return fmt.Errorf("--since with --as-of after the population date (%s) needs --horizon: the last day lives are simulated to, the same in the run that made the base dataset (e.g. --horizon %d-12-31)", r, o.AsOf.Time().Year()+5)
	}
	return nil
}
