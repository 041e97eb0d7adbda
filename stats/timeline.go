package stats

import (
	"sort"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Timeline is one patient's record laid out in time, for a learner to see
// what a record looks like: conditions, encounters, medicines with their
// dose changes, and key results.
type Timeline struct {
	Label      string              `json:"label"` // the cohort or persona it stands for
	PatientID  string              `json:"patient_id"`
	Name       string              `json:"name"`
	Sex        string              `json:"sex"`
	Born       models.Date         `json:"birth_date"`
	Died       models.Date         `json:"death_date"`
	From       models.Date         `json:"from"` // the history window drawn
	To         models.Date         `json:"to"`
	Conditions []TimelineCondition `json:"conditions"`
	Encounters []TimelineEncounter `json:"encounters"`
	Medicines  []TimelineMedicine  `json:"medicines"`
	Results    []TimelineSeries    `json:"results"`
}

// TimelineCondition is a diagnosis.
type TimelineCondition struct {
	Description string      `json:"description"`
	Chronic     bool        `json:"chronic"`
	Onset       models.Date `json:"onset"`
	Resolved    models.Date `json:"resolved"`
}

// TimelineEncounter is a contact.
type TimelineEncounter struct {
	Setting string      `json:"setting"`
	Type    string      `json:"type"`
	Day     models.Date `json:"day"`
}

// TimelineMedicine is one prescription; Medicine groups the prescriptions of
// one medicine (by its regimen), so a change of product or dose shows as a
// new segment on the same row.
type TimelineMedicine struct {
	Medicine   string      `json:"medicine"`
	Medication string      `json:"medication"`
	Dose       string      `json:"dose"`
	Start      models.Date `json:"start"`
	End        models.Date `json:"end"`
}

// TimelineSeries is one key result's readings.
type TimelineSeries struct {
	Key    string        `json:"key"`
	Name   string        `json:"name"`
	Unit   string        `json:"unit"`
	Days   []models.Date `json:"days"`
	Values []float64     `json:"values"`
}

type timelinePatientRow struct {
	PatientID  string      `parquet:"patient_id"`
	GivenName  string      `parquet:"given_name"`
	FamilyName string      `parquet:"family_name"`
	Sex        string      `parquet:"sex"`
	BirthDate  models.Date `parquet:"birth_date,date"`
	DeathDate  models.Date `parquet:"death_date,date,optional"`
	Cohort     string      `parquet:"cohort,optional"`
}

type timelineConditionRow struct {
	PatientID    string      `parquet:"patient_id"`
	Description  string      `parquet:"description"`
	Chronic      bool        `parquet:"chronic"`
	OnsetDate    models.Date `parquet:"onset_date,date"`
	ResolvedDate models.Date `parquet:"resolved_date,date,optional"`
}

type timelineEncounterRow struct {
	PatientID   string           `parquet:"patient_id"`
	Setting     string           `parquet:"setting"`
	TypeDisplay string           `parquet:"type_display"`
	StartTime   models.Timestamp `parquet:"start_time,timestamp(microsecond:utc)"`
}

type timelinePrescriptionRow struct {
	PatientID  string      `parquet:"patient_id"`
	DMDCode    string      `parquet:"dmd_code"`
	Medication string      `parquet:"medication"`
	DoseText   string      `parquet:"dose_text"`
	StartDate  models.Date `parquet:"start_date,date"`
	EndDate    models.Date `parquet:"end_date,date,optional"`
}

// Timelines reads the records of the patients in labels (patient id ->
// label), in the order of ids, over the history window in opts.
func Timelines(dir string, ids []string, labels map[string]string, opts Options) ([]Timeline, error) {
	at := map[string]*Timeline{}
	out := make([]Timeline, len(ids))
	from := models.DateOf(opts.AsOf.Time().AddDate(-opts.HistoryYears, 0, 0))
	for i, id := range ids {
		out[i] = Timeline{Label: labels[id], PatientID: id, From: from, To: opts.AsOf}
		at[id] = &out[i]
	}
	parts := map[string]bool{} // the part files holding these patients
	err := eachRowIn(dir, models.TablePatients, nil, func(part string, r *timelinePatientRow) {
		if t := at[r.PatientID]; t != nil {
			t.Name, t.Sex, t.Born, t.Died = r.GivenName+" "+r.FamilyName, r.Sex, r.BirthDate, r.DeathDate
			t.From = max(t.From, r.BirthDate)
			parts[part] = true
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachRowIn(dir, models.TableConditions, parts, func(_ string, r *timelineConditionRow) {
		if t := at[r.PatientID]; t != nil && r.OnsetDate <= opts.AsOf {
			t.Conditions = append(t.Conditions, TimelineCondition{r.Description, r.Chronic, r.OnsetDate, r.ResolvedDate})
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachRowIn(dir, models.TableEncounters, parts, func(_ string, r *timelineEncounterRow) {
		if t := at[r.PatientID]; t != nil && r.StartTime.Date() <= opts.AsOf {
			t.Encounters = append(t.Encounters, TimelineEncounter{r.Setting, r.TypeDisplay, r.StartTime.Date()})
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachRowIn(dir, models.TablePrescriptions, parts, func(_ string, r *timelinePrescriptionRow) {
		if t := at[r.PatientID]; t != nil && r.StartDate <= opts.AsOf {
			med := r.Medication
			if g, ok := datasets.RegimenByDMD(r.DMDCode); ok {
				med = g.Medicine
			}
			t.Medicines = append(t.Medicines, TimelineMedicine{med, r.Medication, r.DoseText, r.StartDate, r.EndDate})
		}
	})
	if err != nil {
		return nil, err
	}
	codes := keyResultCodes()
	err = eachRowIn(dir, models.TableObservations, parts, func(_ string, o *observationRow) {
		t, key := at[o.PatientID], codes[o.SnomedCode]
		if t == nil || key == "" || o.Value == nil || o.EffectiveTime.Date() > opts.AsOf {
			return
		}
		var s *TimelineSeries
		for i := range t.Results {
			if t.Results[i].Key == key {
				s = &t.Results[i]
			}
		}
		if s == nil {
			oc, _ := datasets.ObservationByKey(key)
			t.Results = append(t.Results, TimelineSeries{Key: key, Name: oc.Term, Unit: oc.Unit})
			s = &t.Results[len(t.Results)-1]
		}
		s.Days = append(s.Days, o.EffectiveTime.Date())
		s.Values = append(s.Values, *o.Value)
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		sortTimeline(&out[i])
	}
	return out, nil
}

// sortTimeline puts everything in time order, and results in KeyResults order.
func sortTimeline(t *Timeline) {
	sort.SliceStable(t.Conditions, func(i, j int) bool { return t.Conditions[i].Onset < t.Conditions[j].Onset })
	sort.SliceStable(t.Encounters, func(i, j int) bool { return t.Encounters[i].Day < t.Encounters[j].Day })
	sort.SliceStable(t.Medicines, func(i, j int) bool {
		a, b := t.Medicines[i], t.Medicines[j]
		if a.Medicine != b.Medicine {
			return a.Medicine < b.Medicine
		}
		return a.Start < b.Start
	})
	rank := map[string]int{}
	for i, k := range KeyResults {
		rank[k] = i
	}
	sort.SliceStable(t.Results, func(i, j int) bool { return rank[t.Results[i].Key] < rank[t.Results[j].Key] })
	for k := range t.Results {
		s := &t.Results[k]
		idx := make([]int, len(s.Days))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(i, j int) bool { return s.Days[idx[i]] < s.Days[idx[j]] })
		days, values := make([]models.Date, len(idx)), make([]float64, len(idx))
		for i, j := range idx {
			days[i], values[i] = s.Days[j], s.Values[j]
		}
		s.Days, s.Values = days, values
	}
}
