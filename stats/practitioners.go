package stats

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

type practitionerRow struct {
	PractitionerID string `parquet:"practitioner_id"`
	Role           string `parquet:"role"`
}

type practiceContactRow struct {
	PatientID      string           `parquet:"patient_id"`
	StartTime      models.Timestamp `parquet:"start_time,timestamp(microsecond:utc)"`
	PractitionerID string           `parquet:"practitioner_id,optional"`
}

// practiceContactFigures shows the share of the population's GP-practice
// contacts up to the as-of date seen by each staff role, beside the
// published share of appointments where workforce.yaml has one. Shown, not
// checked: the engine books only the contacts it records clinically (see
// workforce.yaml).
func practiceContactFigures(rep *Report, dir string, people map[string]*person, asOf models.Date) error {
	wf, err := datasets.PracticeWorkforce()
	if err != nil {
		return err
	}
	role := map[string]string{}
	if err := eachRow(dir, models.TablePractitioners, func(r *practitionerRow) { role[r.PractitionerID] = r.Role }); err != nil {
		return err
	}
	byRole := map[string]int64{}
	var all int64
	err = eachRow(dir, models.TableEncounters, func(r *practiceContactRow) {
		if r.PractitionerID != "" && people[r.PatientID] != nil && r.StartTime.Date() <= asOf {
			byRole[role[r.PractitionerID]]++
			all++
		}
	})
	if err != nil {
		return err
	}
	for _, s := range wf.Staff {
		n := byRole[s.Role]
		f := Figure{Group: "practice contacts", Name: "contacts seen by: " + s.Display, Unit: "%",
			Value: 100 * float64(n) / float64(max(all, 1)), SE: percentSE(n, all), N: n}
		if ref, ok := wf.AppointmentsByRole.Shares[s.Role]; ok {
			f.Reference, f.Source, f.Status = ref, wf.AppointmentsByRole.Source, "approx"
			f.Tolerance, f.Points, f.Advisory = 10, true, true
			f.Note = "the engine books only contacts it records clinically, and no problem consultation with a nurse"
		} else {
			f.NoReference = true
		}
		rep.add(f)
	}
	return nil
}
