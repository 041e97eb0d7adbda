// Package scenario reads cohortgen scenario files: a population, prevalence
// overrides, exact cohorts with constraints, a background population, and
// named personas. Parse and Check turn a YAML document into a validated
// Scenario; the generator consumes the Scenario.
//
// This file is the contract between the parser and the generator: the
// parser fills these types, normalised (keys resolved, defaults applied);
// the generator reads them.
package scenario

import "github.com/code4health/cohortgen/models"

// Scenario is a validated scenario.
type Scenario struct {
	Name        string
	Description string
	Population  Population
	Prevalence  []PrevalenceOverride
	// Cohorts are generated first, in order, then Personas, then the
	// Background population: patient indexes follow that layout.
	Cohorts    []Cohort
	Personas   []Persona
	Background int64 // ordinary patients around the cohorts
	// Practices are the GP practices the scenario defines, each once, in
	// file order; Population.Practice and Constraints.Practice point at
	// them.
	Practices []Practice
}

// Population sets run options and who the ordinary patients are.
type Population struct {
	Seed         *uint64
	AsOf         models.Date // NoDate: the default
	HistoryYears *int
	// Regions weights NHS England regions (by code, e.g. "Y63") and,
	// optionally, towns within them. Empty: all of England.
	Regions []RegionWeight
	AgeMin  int // inclusive
	AgeMax  int // inclusive; 0 means no upper bound
	Sex     string
	// AgeBands, when set, replaces the ONS age distribution.
	AgeBands []AgeBandWeight
	// Practice, when set, puts the background on this one practice's
	// list (Regions is then its town). Cohorts and personas placed like
	// the background, or in its town, are on it too (the parser sets their
	// Practice).
	Practice *Practice
}

// RegionWeight is a region (and optionally towns in it) with a weight.
type RegionWeight struct {
	Region string   // NHS England region code
	Towns  []string // exact town names from the datasets; empty = any
	Weight float64
}

// AgeBandWeight gives an age band a share of the population.
type AgeBandWeight struct {
	Min, Max int // inclusive
	Weight   float64
}

// PrevalenceOverride changes a catalogue condition's prevalence.
type PrevalenceOverride struct {
	Condition string   // catalogue key
	Multiply  *float64 // multiply the prevalence curve
	Set       *float64 // set the register prevalence (percent) instead
	// Optional age band the override applies to (inclusive; 0,0 = all ages).
	AgeMin, AgeMax int
}

// Cohort is a group of patients who all satisfy the constraints.
type Cohort struct {
	Name  string
	Count int64
	Constraints
	// Subgroups are parts of the cohort with extra constraints; their
	// counts are included in Count (the rest meet only the cohort's).
	Subgroups []Cohort
	// Overlap lets subgroups share members (the author says so with
	// overlap: true): each subgroup's count is at most Count, and members
	// in several subgroups meet all their constraints.
	Overlap bool
}

// Constraints are what every member of a cohort satisfies.
type Constraints struct {
	AgeMin, AgeMax int    // inclusive, at the as-of date; 0,0 = any
	Sex            string // "", "female", "male"
	Region         string // NHS England region code; "" = any
	Town           string // "" = any
	// Practice, when set, is the practice every member is registered
	// with; Town and Region are then its town's.
	Practice *Practice
	Has      []string // catalogue condition keys the patient has
	HasNot   []string
	// Diagnosed narrows conditions in Has to a recent diagnosis: newly
	// diagnosed within a window.
	Diagnosed []Diagnosis
	// Counts ask for how many of a list of conditions a member has
	// ("at least 3 of these"); has_any is a count of at least 1.
	Counts         []ConditionCount
	OnMedicines    []string // medicine keys (datasets.Medicine.Key) currently prescribed at as-of
	NotOnMedicines []string
	// MinRepeatMedicines, when > 0, is the fewest different repeat
	// medicines (prescribed for a long-term condition) a member is on at
	// the as-of date: medicines_count.
	MinRepeatMedicines int
	// CKDStages lists the coded CKD stages (CKDStages' labels: "3a", "4")
	// the member's current stage may be; nil = any. CKD is then in Has.
	CKDStages []string
	// InsulinTreated: the member has diabetes and is on insulin at the
	// as-of date (the parser also puts an insulin in OnMedicines).
	InsulinTreated bool
	// Ethnicity lists the NHS ethnic category codes a member may have
	// (nil = any); a group such as Asian stands for all its codes.
	Ethnicity []string
	// Smoking is the latest recorded smoking status ("never", "current",
	// "ex"; "" = any): see SmokingStatuses.
	Smoking      string
	Observations []ObservationConstraint
	Encounters   []EncounterConstraint
	Alive        *bool // nil: either
	// DiedWithinDays, when > 0, means the patient died within that many
	// days before the as-of date (implies not alive).
	DiedWithinDays int
}

// Diagnosis: the condition (also in Has) was first diagnosed within
// WithinDays up to the as-of date.
type Diagnosis struct {
	Condition  string
	WithinDays int
}

// ConditionCount: a member has from AtLeast to AtMost (inclusive) of the
// listed conditions, at the as-of date (or at death).
type ConditionCount struct {
	Of      []string // catalogue condition keys, each once, none in HasNot
	AtLeast int      // 0 to len(Of)
	AtMost  int      // AtLeast to len(Of); len(Of) when not given
}

// ObservationConstraint: the latest value of an observation within a window
// lies in a range.
type ObservationConstraint struct {
	Observation string   // catalogue observation key, e.g. "hba1c"
	Min, Max    *float64 // inclusive bounds; nil = open
	WithinDays  int      // the latest such observation is at most this old at as-of
	// NotWithinDays, when > 0, means the opposite: no such observation
	// in that many days up to the as-of date (a review overdue); it comes
	// without bounds or WithinDays.
	NotWithinDays int
}

// EncounterConstraint: at least one encounter of a kind within a window.
type EncounterConstraint struct {
	Setting    string // "gp", "ae", "inpatient", "outpatient"
	Class      string // optional FHIR ActCode, e.g. "EMER"
	WithinDays int
	AtLeast    int // default 1; 0 when only AtMost is given
	// AtMost, when set, is the most such encounters the window may hold
	// (gp and outpatient only).
	AtMost *int
	// Current (inpatient only): the admission is still in progress at
	// the as-of date: it started on or before it and runs to the end of
	// the history (the record ends with the patient in hospital).
	Current bool
	// DischargedWithinDays, when > 0 (inpatient only): the admission
	// ended, the patient discharged, within that many days up to the
	// as-of date.
	DischargedWithinDays int
	// Reason, when set, is why the encounter happened: a presentation key
	// from the catalogue (hypoglycaemia, hip_fracture) or a catalogue
	// condition the member has (heart_failure). The encounter's reason
	// condition has that key.
	Reason string
}

// Persona is a fully specified named patient for worked examples.
type Persona struct {
	Key        string // stable identifier, e.g. "margaret"
	GivenName  string
	FamilyName string
	Age        int      // at the as-of date
	Conditions []string // catalogue keys the persona has
	Medicines  []string // medicine keys the persona is on at the as-of date
	Story      string
	// Constraints hold everything else a persona fixes (Sex, Region, Town,
	// observations, encounters...), with the same meaning as for cohorts;
	// the parser also copies Age, Conditions and Medicines into them.
	Constraints
}

// Total is the number of patients the scenario generates.
func (s *Scenario) Total() int64 {
	n := s.Background + int64(len(s.Personas))
	for _, c := range s.Cohorts {
		n += c.Count
	}
	return n
}
