// Package part is the part writer the columnar sinks share: one open file per
// patient table, written batch by batch, registered only if every file of
// the part was written.
package part

import (
	"errors"
	"fmt"

	"github.com/code4health/cohortgen/models"
)

// Table is one open file of a part.
type Table[T any] interface {
	Write(rows []T) error
	Close() error // finish the file and register it
	Abort()       // close the file without registering it
}

type closer interface {
	Close() error
	Abort()
}

// Writer writes one part's patient tables. It implements
// sink.PartWriter.
type Writer struct {
	format        string
	patients      Table[models.Patient]
	conditions    Table[models.Condition]
	encounters    Table[models.Encounter]
	prescriptions Table[models.Prescription]
	observations  Table[models.Observation]
	immunisations Table[models.Immunisation]
	allergies     Table[models.Allergy]
	registrations Table[models.Registration]
	tables        []closer
	failed        bool
}

// Opener opens one table's file; Use turns a sink's table constructor into one.
type Opener[T any] func() (Table[T], error)

// Use adapts a constructor returning a concrete table type.
func Use[T any, W Table[T]](open func() (W, error)) Opener[T] {
	return func() (Table[T], error) {
		t, err := open()
		if err != nil {
			return nil, err
		}
		return t, nil
	}
}

// Open opens the part's tables in order; if one fails, those already open
// are aborted.
func Open(format string, patients Opener[models.Patient], conditions Opener[models.Condition],
	encounters Opener[models.Encounter], prescriptions Opener[models.Prescription],
	observations Opener[models.Observation], immunisations Opener[models.Immunisation],
	allergies Opener[models.Allergy], registrations Opener[models.Registration]) (*Writer, error) {
	w := &Writer{format: format}
	var err error
	add := func(t closer) { w.tables = append(w.tables, t) }
	if w.patients, err = patients(); err == nil {
		add(w.patients)
		if w.conditions, err = conditions(); err == nil {
			add(w.conditions)
			if w.encounters, err = encounters(); err == nil {
				add(w.encounters)
				if w.prescriptions, err = prescriptions(); err == nil {
					add(w.prescriptions)
					if w.observations, err = observations(); err == nil {
						add(w.observations)
						if w.immunisations, err = immunisations(); err == nil {
							add(w.immunisations)
							if w.allergies, err = allergies(); err == nil {
								add(w.allergies)
								if w.registrations, err = registrations(); err == nil {
									add(w.registrations)
								}
							}
						}
					}
				}
			}
		}
	}
	if err != nil {
		w.abort()
		return nil, err
	}
	return w, nil
}

// ChangeTable is a table that writes a delta's rows with their operations.
type ChangeTable[T any] interface {
	WriteChanges(rows []T, ops []string) error
}

// writeChanges writes a delta's rows to t, which must be a ChangeTable.
func writeChanges[T any](format string, t Table[T], rows []T, ops []string) error {
	ct, ok := t.(ChangeTable[T])
	if !ok {
		return fmt.Errorf("%s: this format does not write deltas", format)
	}
	return ct.WriteChanges(rows, ops)
}

// Write appends a batch to the part's files.
func (w *Writer) Write(b *models.Batch) error {
	if w.failed {
		return fmt.Errorf("%s: write after a failed write", w.format)
	}
	if b.Changes != nil {
		return w.writeDelta(b)
	}
	err := errors.Join(
		w.patients.Write(b.Patients),
		w.conditions.Write(b.Conditions),
		w.encounters.Write(b.Encounters),
		w.prescriptions.Write(b.Prescriptions),
		w.observations.Write(b.Observations),
		w.immunisations.Write(b.Immunisations),
		w.allergies.Write(b.Allergies),
		w.registrations.Write(b.Registrations),
	)
	if err != nil {
		w.failed = true
	}
	return err
}

// writeDelta writes a delta batch: each row with its operation, and only
// the patients that changed.
func (w *Writer) writeDelta(b *models.Batch) error {
	ch := b.Changes
	var pts []models.Patient
	var ops []string
	for i, op := range ch.Patients {
		if op != "" {
			pts, ops = append(pts, b.Patients[i]), append(ops, op)
		}
	}
	err := errors.Join(
		writeChanges(w.format, w.patients, pts, ops),
		writeChanges(w.format, w.conditions, b.Conditions, ch.Conditions),
		writeChanges(w.format, w.encounters, b.Encounters, ch.Encounters),
		writeChanges(w.format, w.prescriptions, b.Prescriptions, ch.Prescriptions),
		writeChanges(w.format, w.observations, b.Observations, ch.Observations),
		writeChanges(w.format, w.immunisations, b.Immunisations, ch.Immunisations),
		writeChanges(w.format, w.allergies, b.Allergies, ch.Allergies),
		writeChanges(w.format, w.registrations, b.Registrations, ch.Registrations),
	)
	if err != nil {
		w.failed = true
	}
	return err
}

// Close finishes the part's files and registers them. After a failed Write
// it registers nothing.
func (w *Writer) Close() error {
	if w.failed {
		w.abort()
		return fmt.Errorf("%s: part not written: an earlier write failed", w.format)
	}
	var errs []error
	for _, t := range w.tables {
		if len(errs) > 0 {
			t.Abort()
			continue
		}
		if err := t.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (w *Writer) abort() {
	for _, t := range w.tables {
		t.Abort()
	}
}

// WriteFile writes all rows to a table just opened (open's result and error)
// and closes it; a failed write aborts the file so it is never registered.
func WriteFile[T any, W Table[T]](t W, err error, rows []T) error {
	if err != nil {
		return err
	}
	if err := t.Write(rows); err != nil {
		t.Abort()
		return err
	}
	return t.Close()
}
