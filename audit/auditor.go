package audit

import (
	"fmt"

	"github.com/code4health/cohortgen/models"
)

// Config is what an audit needs to know about the records beyond the
// records themselves.
type Config struct {
	// AsOf is the end of the history: register rules (condition_*) look at
	// the population alive on this date.
	AsOf models.Date
	// HistoryYears is the length of the history window before AsOf.
	HistoryYears int
	// HistoryStart, when set, is the first day of the history window (a
	// dataset cut at an as-of date other than its population date); it
	// takes the place of HistoryYears.
	HistoryStart models.Date
	// Examples is the number of example patients kept per rule.
	Examples int
	// CauseOfDeath says the records carry patients.cause_of_death_code;
	// without it, death_cause rules report "not applicable".
	CauseOfDeath bool
	// Allergies says the records carry the allergies table; without it,
	// rules about allergies report "not applicable" (a dataset written
	// before the table existed would otherwise pass them vacuously).
	Allergies bool
	// Roles is each practitioner's role by id (the practitioners table);
	// nil: the records carry none, and rules about roles report "not
	// applicable".
	Roles map[string]string
}

// windowStart is the first day of the history window.
func (c Config) windowStart() models.Date {
	if c.HistoryStart != models.NoDate {
		return c.HistoryStart
	}
	return models.DateOf(c.AsOf.Time().AddDate(-c.HistoryYears, 0, 0))
}

// Auditor runs rules over records, one patient at a time. It is not safe
// for concurrent use; run one per goroutine and Merge them.
type Auditor struct {
	rules    *Rules
	cfg      Config
	tallies  []tally
	results  []Result
	patients int64
	v        view
}

// NewAuditor prepares an audit of the rules.
func NewAuditor(rules *Rules, cfg Config) *Auditor {
	a := &Auditor{rules: rules, cfg: cfg, results: make([]Result, len(rules.List))}
	a.tallies = make([]tally, len(rules.List))
	a.v.windowStart = cfg.windowStart()
	a.v.roles = cfg.Roles
	for i, r := range rules.List {
		a.results[i] = Result{ID: r.ID, Title: r.Title, Kind: r.Kind, Severity: r.Severity, Source: r.Source,
			Ref: r.Ref, Note: r.Note, Unit: r.unit, Examples: []Example{}}
		if r.Kind == "death_cause" && !cfg.CauseOfDeath {
			a.results[i].NotApplicable = "column missing: patients." + causeColumn
		}
		if r.Allergy != nil && !cfg.Allergies {
			a.results[i].NotApplicable = "table missing: " + models.TableAllergies
		}
		if len(r.Roles) > 0 && cfg.Roles == nil {
			a.results[i].NotApplicable = "table missing: " + models.TablePractitioners
		}
		a.tallies[i] = tally{res: &a.results[i], max: cfg.Examples}
	}
	return a
}

// Add audits one patient.
func (a *Auditor) Add(r *Record) {
	a.patients++
	a.v.build(a.rules.x, r, a.cfg.AsOf)
	for i, rule := range a.rules.List {
		if a.results[i].NotApplicable != "" {
			continue
		}
		t := &a.tallies[i]
		rule.eval(&a.v, t)
		t.done(&a.v)
	}
}

// Merge adds another auditor's findings (over other patients) to a.
func (a *Auditor) Merge(o *Auditor) error {
	if len(o.results) != len(a.results) {
		return fmt.Errorf("audit: merging audits of different rule sets")
	}
	a.patients += o.patients
	for i := range a.results {
		a.results[i].merge(&o.results[i], a.cfg.Examples)
	}
	return nil
}

// Report returns the findings so far: hard rules first, each group in file
// order.
func (a *Auditor) Report() *Report {
	rep := &Report{Patients: a.patients, AsOf: a.cfg.AsOf.String()}
	for _, sev := range []string{"hard", "audit"} {
		for _, r := range a.results {
			if r.Severity != sev {
				continue
			}
			if r.Denominator > 0 {
				r.Percent = 100 * float64(r.Violations) / float64(r.Denominator)
			}
			r.Examples = append([]Example{}, r.Examples...)
			rep.Results = append(rep.Results, r)
		}
	}
	return rep
}
