package generator

import (
	"slices"

	"github.com/code4health/cohortgen/models"
)

// The as-of cut. A life is simulated to the horizon; the record written is
// the record as it stood at the end of the as-of day. Rows that began after
// it do not exist yet, and a few fields of earlier rows describe what was
// still to come. These are the only fields that change when the as-of date
// moves within the horizon (docs/living-sandbox.md lists them, and
// TestLaterAsOfExtendsTheSameLives holds the generator to it):
//
//	patients.death_date, cause_of_death_code, cause_of_death  null until the death
//	patients.practice_id, registration_date                   the earlier practice until registration
//	conditions.resolved_date                                  null until resolved
//	prescriptions.end_date                                    null while the course runs
//	encounters.end_time                                       the end of the as-of day while in progress
//	registrations.end_date                                    null while the registration is current
//
// Every other column of a row is the same at every as-of date that shows it.

// rowOffsets are the batch lengths before a patient's rows were appended.
type rowOffsets struct {
	patients, conditions, encounters, prescriptions, observations, immunisations, allergies, registrations int
}

func offsetsOf(b *models.Batch) rowOffsets {
	return rowOffsets{len(b.Patients), len(b.Conditions), len(b.Encounters), len(b.Prescriptions),
		len(b.Observations), len(b.Immunisations), len(b.Allergies), len(b.Registrations)}
}

// truncate drops every row appended after the offsets.
func (o rowOffsets) truncate(b *models.Batch) {
	b.Patients, b.Conditions, b.Encounters = b.Patients[:o.patients], b.Conditions[:o.conditions], b.Encounters[:o.encounters]
	b.Prescriptions, b.Observations = b.Prescriptions[:o.prescriptions], b.Observations[:o.observations]
	b.Immunisations, b.Allergies = b.Immunisations[:o.immunisations], b.Allergies[:o.allergies]
	b.Registrations = b.Registrations[:o.registrations]
}

// endOfDay is the last instant of a day.
func endOfDay(d models.Date) models.Timestamp { return (d + 1).Start() - 1 }

// cutAt trims the patient's rows (appended after the offsets) to the record
// at the end of day at. A person born after it is not in the record at all.
func (w *worker) cutAt(per *person, at models.Date, o rowOffsets) {
	b := w.b
	if per.birth > at {
		o.truncate(b)
		return
	}
	if per.lastDay <= at {
		return // nothing was simulated past the as-of date
	}
	cutPatient(&b.Patients[o.patients], per, at)
	b.Conditions = keepWhere(b.Conditions, o.conditions, func(c *models.Condition) bool { return cutCondition(c, at) })
	b.Encounters = keepWhere(b.Encounters, o.encounters, func(e *models.Encounter) bool { return cutEncounter(e, at) })
	b.Prescriptions = keepWhere(b.Prescriptions, o.prescriptions, func(r *models.Prescription) bool { return cutPrescription(r, at) })
	b.Observations = keepWhere(b.Observations, o.observations, func(x *models.Observation) bool { return x.EffectiveTime <= endOfDay(at) })
	b.Immunisations = keepWhere(b.Immunisations, o.immunisations, func(m *models.Immunisation) bool { return m.OccurrenceTime <= endOfDay(at) })
	b.Allergies = keepWhere(b.Allergies, o.allergies, func(a *models.Allergy) bool { return a.OnsetDate <= at })
	b.Registrations = keepWhere(b.Registrations, o.registrations, func(r *models.Registration) bool { return cutRegistration(r, at) })
}

// keepWhere keeps, of rows[from:], those for which keep (which may edit the
// row) is true, in order.
func keepWhere[T any](rows []T, from int, keep func(*T) bool) []T {
	out := rows[:from]
	for i := from; i < len(rows); i++ {
		if keep(&rows[i]) {
			out = append(out, rows[i])
		}
	}
	return out
}

// deleteAt removes the rows at indexes at (ascending) and keeps the others
// in order. childCheckups deletes its not-brought check-ups by index: the
// rows before the ones it appends do not move while it runs, and searching
// a list of ids for each of the patient's encounters was 2% of generation.
func deleteAt[T any](rows []T, at []int) []T {
	out, next := rows[:at[0]], 0
	for i := at[0]; i < len(rows); i++ {
		if next < len(at) && at[next] == i {
			next++
			continue
		}
		out = append(out, rows[i])
	}
	clear(rows[len(out):]) // as slices.DeleteFunc: no stale row keeps its strings alive
	return out
}

// cutPatient sets the patient's row to what was known at the end of day at.
func cutPatient(pt *models.Patient, per *person, at models.Date) {
	if pt.DeathDate > at {
		pt.DeathDate, pt.CauseOfDeathCode, pt.CauseOfDeath = models.NoDate, "", ""
	}
	if pt.RegistrationDate > at && per.prevPractice != nil {
		// Still with the earlier practice, where every contact before the
		// registration happened, since the start of their history.
		pt.PracticeID, pt.RegistrationDate = per.prevPractice.PracticeID, per.firstDay
	}
}

func cutCondition(c *models.Condition, at models.Date) bool {
	if c.ResolvedDate > at {
		c.ResolvedDate = models.NoDate
	}
	return c.OnsetDate <= at
}

func cutEncounter(e *models.Encounter, at models.Date) bool {
	e.EndTime = min(e.EndTime, endOfDay(at))
	return e.StartTime <= endOfDay(at)
}

func cutPrescription(r *models.Prescription, at models.Date) bool {
	if r.EndDate > at {
		r.EndDate = models.NoDate
	}
	return r.StartDate <= at
}

// keepChanges keeps, of a delta run's rows of the patient (already cut at the
// as-of day), those that are new or changed after day since, and records
// each one's operation on the dataset cut at since. A patient row stays, with
// no operation, when the patient has changed rows but is unchanged.
func (w *worker) keepChanges(per *person, since models.Date, o rowOffsets) {
	b, ch := w.b, w.b.Changes
	if len(b.Patients) == o.patients {
		return // not born by the as-of day
	}
	b.Encounters, ch.Encounters = changed(b.Encounters, ch.Encounters, o.encounters, func(e *models.Encounter) string {
		return opSince(e, func(x *models.Encounter) bool { return cutEncounter(x, since) })
	})
	// An encounter lists the conditions diagnosed at it (FHIR
	// Encounter.diagnosis): a changed encounter brings them along.
	kept := b.Encounters[o.encounters:]
	b.Conditions, ch.Conditions = changed(b.Conditions, ch.Conditions, o.conditions, func(c *models.Condition) string {
		op := opSince(c, func(x *models.Condition) bool { return cutCondition(x, since) })
		if op == "" && c.DiagnosisEncounterID != "" && slices.ContainsFunc(kept, func(e models.Encounter) bool { return e.EncounterID == c.DiagnosisEncounterID }) {
			op = models.OpUpdate // the same content, written again beside its encounter
		}
		return op
	})
	b.Prescriptions, ch.Prescriptions = changed(b.Prescriptions, ch.Prescriptions, o.prescriptions, func(r *models.Prescription) string {
		return opSince(r, func(x *models.Prescription) bool { return cutPrescription(x, since) })
	})
	// Observations, immunisations and allergies never change once recorded.
	b.Observations, ch.Observations = changed(b.Observations, ch.Observations, o.observations, func(x *models.Observation) string {
		return insertAfter(x.EffectiveTime > endOfDay(since))
	})
	b.Immunisations, ch.Immunisations = changed(b.Immunisations, ch.Immunisations, o.immunisations, func(m *models.Immunisation) string {
		return insertAfter(m.OccurrenceTime > endOfDay(since))
	})
	b.Allergies, ch.Allergies = changed(b.Allergies, ch.Allergies, o.allergies, func(a *models.Allergy) string {
		return insertAfter(a.OnsetDate > since)
	})
	b.Registrations, ch.Registrations = changed(b.Registrations, ch.Registrations, o.registrations, func(r *models.Registration) string {
		return opSince(r, func(x *models.Registration) bool { return cutRegistration(x, since) })
	})
	after := len(b.Conditions) + len(b.Encounters) + len(b.Prescriptions) + len(b.Observations) + len(b.Immunisations) + len(b.Allergies) + len(b.Registrations)

	pt := b.Patients[o.patients]
	op := ""
	then := pt
	cutPatient(&then, per, since)
	switch {
	case per.birth > since:
		op = models.OpInsert
	case then != pt:
		op = models.OpUpdate
	}
	if op == "" && after == o.conditions+o.encounters+o.prescriptions+o.observations+o.immunisations+o.allergies+o.registrations {
		b.Patients = b.Patients[:o.patients] // nothing changed
		return
	}
	ch.Patients = append(ch.Patients, op)
}

// changed keeps, of rows[from:], those whose operation (opOf) is not "",
// appending each one's operation to ops.
func changed[T any](rows []T, ops []string, from int, opOf func(*T) string) ([]T, []string) {
	out := rows[:from]
	for i := from; i < len(rows); i++ {
		if op := opOf(&rows[i]); op != "" {
			out, ops = append(out, rows[i]), append(ops, op)
		}
	}
	return out, ops
}

// opSince is a row's operation on the record at an earlier day, which cut
// gives (editing a copy of the row, and saying whether it existed then).
func opSince[T comparable](row *T, cut func(*T) bool) string {
	was := *row
	switch {
	case !cut(&was):
		return models.OpInsert
	case was != *row:
		return models.OpUpdate
	}
	return ""
}

func insertAfter(later bool) string {
	if later {
		return models.OpInsert
	}
	return ""
}
