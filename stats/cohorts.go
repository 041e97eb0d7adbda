package stats

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// KeyResults are the observations the report draws for each cohort and on
// each timeline: the results a clinician reads first in these records.
var KeyResults = []string{"hba1c", "systolic_bp", "egfr", "total_cholesterol"}

// Cohort is one scenario cohort, subgroup or persona as generated: its size,
// what its members were made to satisfy, and the spread of their ages and
// latest key results on the as-of date. Members are left out of every
// figure (they were chosen, not sampled); this is where they are seen.
type Cohort struct {
	Name        string `json:"name"`
	Constraints string `json:"constraints,omitempty"`
	Size        int64  `json:"size"`
	Female      int64  `json:"female"`
	Male        int64  `json:"male"`
	Died        int64  `json:"died"`
	// Ages on the as-of date (or at death), one per member.
	Ages []int `json:"ages"`
	// Latest holds, by KeyResults key, each member's latest value on or
	// before the as-of date, for members who have one.
	Latest map[string][]float64 `json:"latest,omitempty"`
	// First is the first member's patient id (the report's timeline).
	First string `json:"first_patient_id"`
}

// CohortInfo is what the manifest says of a cohort.
type CohortInfo struct{ Name, Constraints string }

type cohortMember struct {
	cohort  int
	latest  map[string]reading
	patient *patientRow
}

// keyResultCodes maps the SNOMED CT code of each key result to its key.
func keyResultCodes() map[string]string {
	out := map[string]string{}
	for _, k := range KeyResults {
		if o, ok := datasets.ObservationByKey(k); ok && o.Snomed != "" {
			out[o.Snomed] = k
		}
	}
	return out
}

// cohortSummaries describes the scenario cohorts in dir, in manifest order.
func cohortSummaries(dir string, infos []CohortInfo, asOf models.Date) ([]Cohort, error) {
	if len(infos) == 0 {
		return nil, nil
	}
	out := make([]Cohort, len(infos))
	index := map[string]int{}
	for i, c := range infos {
		out[i] = Cohort{Name: c.Name, Constraints: c.Constraints, Latest: map[string][]float64{}}
		index[c.Name] = i
	}
	members := map[string]*cohortMember{}
	var order []string
	parts := map[string]bool{} // the part files holding members (see eachRowIn)
	err := eachRowIn(dir, models.TablePatients, nil, func(part string, r *patientRow) {
		i, ok := index[r.Cohort]
		if !ok {
			return
		}
		row := *r
		members[r.PatientID] = &cohortMember{cohort: i, latest: map[string]reading{}, patient: &row}
		order = append(order, r.PatientID)
		parts[part] = true
	})
	if err != nil {
		return nil, err
	}
	codes := keyResultCodes()
	err = eachRowIn(dir, models.TableObservations, parts, func(_ string, o *observationRow) {
		m := members[o.PatientID]
		key, ok := codes[o.SnomedCode]
		if m == nil || !ok || o.Value == nil || o.EffectiveTime.Date() > asOf {
			return
		}
		r := m.latest[key]
		r.keepLatest(o.EffectiveTime, *o.Value)
		m.latest[key] = r
	})
	if err != nil {
		return nil, err
	}
	for _, id := range order {
		m := members[id]
		c := &out[m.cohort]
		if c.Size == 0 {
			c.First = id
		}
		c.Size++
		if m.patient.Sex == "male" {
			c.Male++
		} else {
			c.Female++
		}
		on := asOf
		if m.patient.DeathDate != models.NoDate && m.patient.DeathDate <= asOf {
			c.Died++
			on = m.patient.DeathDate
		}
		c.Ages = append(c.Ages, models.YearsBetween(m.patient.BirthDate, on))
		for _, k := range KeyResults {
			if r, ok := m.latest[k]; ok && r.set {
				c.Latest[k] = append(c.Latest[k], r.value)
			}
		}
	}
	return out, nil
}
