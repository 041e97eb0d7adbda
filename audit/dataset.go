package audit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	pq "github.com/parquet-go/parquet-go"
	"golang.org/x/sync/errgroup"

	"github.com/code4health/cohortgen"
	"github.com/code4health/cohortgen/models"
)

// ErrNotDataset is returned for a folder that is not a cohortgen dataset
// with Parquet tables.
var ErrNotDataset = errors.New("not a cohortgen dataset")

// Dataset audits a dataset folder written with -f parquet. Parts are read
// in parallel by up to workers goroutines, each with its own Auditor; the
// result does not depend on the number of workers.
func Dataset(ctx context.Context, dir string, rules *Rules, examples, workers int) (*Report, error) {
	m, err := cohortgen.ReadManifest(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w (%v)", dir, ErrNotDataset, err)
	}
	asOf, start, err := m.Dates()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	parts, err := filepath.Glob(filepath.Join(dir, "parquet", models.TablePatients, "*.parquet"))
	if err != nil || len(parts) == 0 {
		return nil, fmt.Errorf("%s: %w: no Parquet patients table (generate it with -f parquet)", dir, ErrNotDataset)
	}
	sort.Strings(parts)
	cause, err := hasColumn(parts[0], causeColumn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", parts[0], err)
	}
	cfg := Config{AsOf: asOf, HistoryStart: start, HistoryYears: m.HistoryYears, Examples: examples, CauseOfDeath: cause}
	if info, err := os.Stat(filepath.Join(dir, "parquet", models.TableAllergies)); err == nil && info.IsDir() {
		cfg.Allergies = true
	}
	if cfg.Roles, err = practitionerRoles(dir); err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}

	auditors := make([]*Auditor, len(parts))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(workers, 1))
	for i, part := range parts {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			auditors[i] = NewAuditor(rules, cfg)
			return auditPart(dir, filepath.Base(part), cause, auditors[i])
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, a := range auditors[1:] {
		if err := auditors[0].Merge(a); err != nil {
			return nil, err
		}
	}
	rep := auditors[0].Report()
	rep.Dataset = dir
	return rep, nil
}

// hasColumn reports whether a Parquet file has a top-level column.
func hasColumn(path, column string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return false, err
	}
	pf, err := pq.OpenFile(f, info.Size())
	if err != nil {
		return false, err
	}
	_, ok := pf.Schema().Lookup(column)
	return ok, nil
}

// causeRow reads only the cause of death, beside models.Patient, so that
// the audit works whether or not models.Patient has the field yet.
type causeRow struct {
	Code string `parquet:"cause_of_death_code,optional"`
}

// auditPart audits the patients of one part: the part's file of each
// table, all in patient order, read in step.
func auditPart(dir, name string, cause bool, a *Auditor) (err error) {
	path := func(table string) string { return filepath.Join(dir, "parquet", table, name) }
	patients, err := openStream[models.Patient](path(models.TablePatients))
	if err != nil {
		return err
	}
	causes := &stream[causeRow]{done: true}
	if cause {
		if causes, err = openStream[causeRow](path(models.TablePatients)); err != nil {
			return err
		}
	}
	conds, err := openStream[models.Condition](path(models.TableConditions))
	if err != nil {
		return err
	}
	encs, err := openStream[models.Encounter](path(models.TableEncounters))
	if err != nil {
		return err
	}
	rxs, err := openStream[models.Prescription](path(models.TablePrescriptions))
	if err != nil {
		return err
	}
	obs, err := openStream[models.Observation](path(models.TableObservations))
	if err != nil {
		return err
	}
	// A dataset without the table (or a part without rows in it) reads as
	// no allergies; Config.Allergies tells the rules apart from that.
	alls, err := openStream[models.Allergy](path(models.TableAllergies))
	if err != nil {
		return err
	}
	// Likewise a dataset without immunisations reads as none given.
	imms, err := openStream[models.Immunisation](path(models.TableImmunisations))
	if err != nil {
		return err
	}
	defer func() {
		err = errors.Join(err, patients.close(), causes.close(), conds.close(), encs.close(), rxs.close(), obs.close(), alls.close(), imms.close())
		if err != nil {
			err = fmt.Errorf("%s: %w", name, err)
		}
	}()
	var rec Record
	for p := patients.peek(); p != nil; p = patients.peek() {
		pat := *p
		patients.i++
		rec = Record{Patient: &pat, Conditions: rec.Conditions[:0], Encounters: rec.Encounters[:0],
			Prescriptions: rec.Prescriptions[:0], Observations: rec.Observations[:0], Allergies: rec.Allergies[:0],
			Immunisations: rec.Immunisations[:0]}
		if c := causes.peek(); c != nil {
			rec.CauseOfDeath = c.Code
			causes.i++
		}
		id := pat.PatientID
		rec.Conditions = conds.take(rec.Conditions, id, func(r *models.Condition) string { return r.PatientID })
		rec.Encounters = encs.take(rec.Encounters, id, func(r *models.Encounter) string { return r.PatientID })
		rec.Prescriptions = rxs.take(rec.Prescriptions, id, func(r *models.Prescription) string { return r.PatientID })
		rec.Observations = obs.take(rec.Observations, id, func(r *models.Observation) string { return r.PatientID })
		rec.Allergies = alls.take(rec.Allergies, id, func(r *models.Allergy) string { return r.PatientID })
		rec.Immunisations = imms.take(rec.Immunisations, id, func(r *models.Immunisation) string { return r.PatientID })
		a.Add(&rec)
	}
	return leftover(patients.err, conds.peek() != nil, encs.peek() != nil, rxs.peek() != nil, obs.peek() != nil, alls.peek() != nil, imms.peek() != nil)
}

// leftover reports rows that belong to no patient of the part: the tables
// are then not in patient order, and the audit would be wrong.
func leftover(err error, rest ...bool) error {
	if err != nil {
		return err
	}
	for _, r := range rest {
		if r {
			return fmt.Errorf("rows left over after the last patient: tables not in patient order")
		}
	}
	return nil
}
