package generator

import (
	"strings"
	"testing"
	"time"

	"github.com/code4health/cohortgen/models"
)

// The fields that may differ between the record at an earlier as-of date and
// a later one (see cut.go): everything else of a row shown at both is equal.
// Each function takes the later row and returns what the earlier record must
// show, and whether the row exists there at all.
var asOfChanges = struct {
	patient      func(pt models.Patient, at models.Date) models.Patient
	condition    func(c models.Condition, at models.Date) (models.Condition, bool)
	encounter    func(e models.Encounter, at models.Date) (models.Encounter, bool)
	prescription func(r models.Prescription, at models.Date) (models.Prescription, bool)
}{
	patient: func(pt models.Patient, at models.Date) models.Patient {
		if pt.DeathDate > at {
			pt.DeathDate, pt.CauseOfDeathCode, pt.CauseOfDeath = 0, "", ""
		}
		return pt
	},
	condition: func(c models.Condition, at models.Date) (models.Condition, bool) {
		if c.ResolvedDate > at {
			c.ResolvedDate = 0
		}
		return c, c.OnsetDate <= at
	},
	encounter: func(e models.Encounter, at models.Date) (models.Encounter, bool) {
		last := (at + 1).Start() - 1
		if e.EndTime > last {
			e.EndTime = last
		}
		return e, e.StartTime <= last
	},
	prescription: func(r models.Prescription, at models.Date) (models.Prescription, bool) {
		if r.EndDate > at {
			r.EndDate = 0
		}
		return r, r.StartDate <= at
	},
}

func addYears(d models.Date, y int) models.Date { return models.DateOf(d.Time().AddDate(y, 0, 0)) }

// TestLaterAsOfExtendsTheSameLives generates one population at three as-of
// dates with the same horizon, and checks that each earlier record is the
// later one cut: the same patients and ids, and every row dated up to the
// earlier date equal but for the declared fields.
func TestLaterAsOfExtendsTheSameLives(t *testing.T) {
	const n = 1500
	horizon := addYears(DefaultAsOf, 2)
	at := func(asOf models.Date) *models.Batch {
		p := testPlan(t, n, func(o *Options) { o.PopulationDate, o.AsOf, o.Horizon = DefaultAsOf, asOf, horizon })
		b := generateAll(t, p, 0, n)
		checkCoherent(t, p, b)
		return b
	}
	earlier, population, later := at(addYears(DefaultAsOf, -3)), at(DefaultAsOf), at(addYears(DefaultAsOf, 1))
	compareCut(t, population, later, DefaultAsOf)
	compareCut(t, earlier, population, addYears(DefaultAsOf, -3))
	compareCut(t, earlier, later, addYears(DefaultAsOf, -3))

	// Time passes in the later record: people die and are diagnosed.
	died, before, diagnosed := 0, 0, 0
	for _, pt := range later.Patients {
		if pt.DeathDate > DefaultAsOf {
			died++
		}
	}
	for _, c := range later.Conditions {
		switch {
		case !c.Chronic:
		case c.OnsetDate > DefaultAsOf:
			diagnosed++
		case c.OnsetDate > DefaultAsOf-365:
			before++
		}
	}
	// ONS: about 1% of the population dies in a year. New chronic
	// diagnoses go on at the rate of the year before the population date.
	if ratio := float64(diagnosed) / float64(max(before, 1)); died < 5 || before < 50 || ratio < 0.75 || ratio > 1.25 {
		t.Errorf("the year after the population date: %d deaths, %d new chronic diagnoses against %d the year before, in %d people", died, diagnosed, before, n)
	}
	if len(earlier.Patients) >= len(population.Patients) {
		t.Errorf("three years earlier, %d patients (population date %d): the youngest are not born yet", len(earlier.Patients), len(population.Patients))
	}
}

// compareCut checks that early is late cut at the end of day at.
func compareCut(t *testing.T, early, late *models.Batch, at models.Date) {
	t.Helper()
	pts := map[string]models.Patient{}
	for _, pt := range early.Patients {
		pts[pt.PatientID] = pt
	}
	for _, pt := range late.Patients {
		want, born := asOfChanges.patient(pt, at), pt.BirthDate <= at
		got, ok := pts[pt.PatientID]
		if ok != born {
			t.Fatalf("patient %d (born %s) in the record at %s: %v", pt.PatientIndex, pt.BirthDate, at, ok)
		}
		if ok && want.RegistrationDate > at { // registered with the practice later: still with the earlier one
			want.PracticeID, want.RegistrationDate = got.PracticeID, got.RegistrationDate
		}
		if ok && got != want {
			t.Fatalf("patient %d at %s:\n got  %+v\n want %+v", pt.PatientIndex, at, got, want)
		}
		delete(pts, pt.PatientID)
	}
	if len(pts) > 0 {
		t.Fatalf("%d patients at %s are not in the later record", len(pts), at)
	}
	sameRows(t, "conditions", early.Conditions, late.Conditions, func(c models.Condition) (models.Condition, bool) { return asOfChanges.condition(c, at) })
	sameRows(t, "encounters", early.Encounters, late.Encounters, func(e models.Encounter) (models.Encounter, bool) { return asOfChanges.encounter(e, at) })
	sameRows(t, "prescriptions", early.Prescriptions, late.Prescriptions, func(r models.Prescription) (models.Prescription, bool) { return asOfChanges.prescription(r, at) })
	last := (at + 1).Start() - 1
	sameRows(t, "observations", valued(early.Observations), valued(late.Observations), func(o valuedObservation) (valuedObservation, bool) { return o, o.EffectiveTime <= last })
	sameRows(t, "immunisations", early.Immunisations, late.Immunisations, func(m models.Immunisation) (models.Immunisation, bool) { return m, m.OccurrenceTime <= last })
	sameRows(t, "allergies", early.Allergies, late.Allergies, func(a models.Allergy) (models.Allergy, bool) { return a, a.OnsetDate <= at })
}

// valuedObservation is an observation with its value in place of the
// pointer, so rows compare by what they say.
type valuedObservation struct {
	models.Observation
	value float64
}

func valued(obs []models.Observation) []valuedObservation {
	out := make([]valuedObservation, len(obs))
	for i, o := range obs {
		out[i].Observation = o
		if o.Value != nil {
			out[i].value, out[i].Value = *o.Value, nil
		}
	}
	return out
}

// sameRows checks that early holds exactly the rows of late that exist at
// the earlier date, in the same order, as cut shows them.
func sameRows[T comparable](t *testing.T, table string, early, late []T, cut func(T) (T, bool)) {
	t.Helper()
	var want []T
	for _, r := range late {
		if c, ok := cut(r); ok {
			want = append(want, c)
		}
	}
	if len(want) != len(early) {
		t.Fatalf("%s: %d rows in the earlier record, %d rows of the later one dated before it", table, len(early), len(want))
	}
	for i := range want {
		if want[i] != early[i] {
			t.Fatalf("%s row %d:\n earlier %+v\n later   %+v", table, i, early[i], want[i])
		}
	}
}

// TestAsOfOutsideTheLivesIsRefused: an as-of date past the horizon or before
// the history, and a delta whose horizon is left to default, are refused
// with messages that name the fix.
func TestAsOfOutsideTheLivesIsRefused(t *testing.T) {
	d := func(s string) models.Date {
		v, _ := time.Parse(time.DateOnly, s)
		return models.DateOf(v)
	}
	for _, c := range []struct {
		o    Options
		want string
	}{
		{Options{AsOf: d("2026-01-01"), PopulationDate: d("2025-03-31"), Horizon: d("2025-12-31"), HistoryYears: 10}, "move --horizon to 2026-01-01"},
		{Options{AsOf: d("2014-01-01"), PopulationDate: d("2025-03-31"), HistoryYears: 10}, "before the history window"},
		{Options{AsOf: d("2026-01-01"), PopulationDate: d("2025-03-31"), Since: d("2025-12-01"), HistoryYears: 10}, "needs --horizon"},
		{Options{AsOf: d("2025-01-01"), PopulationDate: d("2025-03-31"), Since: d("2025-02-01"), HistoryYears: 10}, "must be before --as-of"},
		{Options{AsOf: d("2025-03-31"), PopulationDate: d("2025-03-31"), Horizon: d("2025-01-01"), HistoryYears: 10}, "before the population date"},
	} {
		err := c.o.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want an error containing %q", c.o, err, c.want)
		}
	}
}
