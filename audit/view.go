package audit

import (
	"math"
	"sort"

	"github.com/code4health/cohortgen/models"
)

// forever is the exclusive end of anything still open.
const forever = models.Date(math.MaxInt32)

// view is one patient's record re-expressed in the terms rules use, built
// once per patient and shared by every rule. Its slices are reused from
// patient to patient, so building it allocates nothing in the steady state.
type view struct {
	p     *models.Patient
	cause string
	asOf  models.Date
	end   models.Date // last day of the record: the as-of date or the date of death
	// windowStart is the first day of the history window (as-of minus the
	// history years): events before it are not in the record.
	windowStart models.Date

	conds []condRow
	rx    []rxRow
	encs  []models.Encounter    // the record's own rows
	stays []stay                // inpatient encounters
	obs   [][]reading           // by slot (observations some rule reads), each in time order
	all   []models.Observation  // every observation, as recorded
	alls  []models.Allergy      // the allergy list, as recorded
	imms  []models.Immunisation // the immunisations, as recorded
	roles map[string]string     // practitioner id -> role (Config.Roles)

	// Scratch space for the kinds, kept here because the compiled rules
	// are shared between goroutines and the view is not.
	spans []span
	edges []edge
}

// condRow is a condition, active on [onset, until).
type condRow struct {
	key          int // index.condIndex, -1 for a key no rule names
	id, code     string
	onset, until models.Date
	diag         string // the encounter that made the diagnosis (diagnosis_encounter_id), "" unknown
}

// stay is an inpatient encounter.
type stay struct{ start, end models.Timestamp }

// rxRow is a prescription, active on [start, until): the dataset's end date
// is the last day of supply, so until is the day after it.
type rxRow struct {
	med          int // index.medKeys, -1 for an unknown product
	form         string
	product      string
	start, until models.Date
	cond         string // the condition it was issued for (condition_id), "" when none
	dose         string // the dose instruction
	enc          string // the encounter it was issued at (encounter_id), "" for a repeat in force as the record opens
}

// reading is one recorded value of an observation.
type reading struct {
	at    models.Timestamp
	day   models.Date
	value float64
	has   bool   // numeric value present
	code  string // coded finding (value_code)
}

func (v *view) alive(d models.Date) bool {
	return v.p.DeathDate == models.NoDate || v.p.DeathDate > d
}

func (v *view) age(d models.Date) int { return models.YearsBetween(v.p.BirthDate, d) }

// build fills the view from a record.
func (v *view) build(x *index, r *Record, asOf models.Date) {
	v.p, v.cause, v.asOf = r.Patient, r.CauseOfDeath, asOf
	v.end = asOf
	if d := r.Patient.DeathDate; d != models.NoDate && d < asOf {
		v.end = d
	}
	v.encs = r.Encounters
	v.stays = v.stays[:0]
	for i := range v.encs {
		if e := &v.encs[i]; e.Setting == "inpatient" {
			v.stays = append(v.stays, stay{e.StartTime, e.EndTime})
		}
	}
	v.conds = v.conds[:0]
	for i := range r.Conditions {
		c := &r.Conditions[i]
		key, ok := x.condIndex[c.ConditionKey]
		if !ok {
			key = -1
		}
		until := forever
		if c.ResolvedDate != models.NoDate {
			until = c.ResolvedDate
		}
		v.conds = append(v.conds, condRow{key: key, id: c.ConditionID, code: c.SnomedCode, onset: c.OnsetDate, until: until, diag: c.DiagnosisEncounterID})
	}
	v.rx = v.rx[:0]
	for i := range r.Prescriptions {
		p := &r.Prescriptions[i]
		row := rxRow{med: -1, product: p.DMDCode, start: p.StartDate, until: forever, cond: p.ConditionID, dose: p.DoseText, enc: p.EncounterID}
		if pr, ok := x.productOf(p.DMDCode); ok {
			row.med, row.form = pr.med, pr.form
		}
		if p.EndDate != models.NoDate {
			row.until = max(p.EndDate, p.StartDate) + 1
		}
		v.rx = append(v.rx, row)
	}
	v.all = r.Observations
	v.alls = r.Allergies
	v.imms = r.Immunisations
	v.buildObservations(x, r.Observations)
}

func (v *view) buildObservations(x *index, obs []models.Observation) {
	for len(v.obs) < len(x.slotKeys) {
		v.obs = append(v.obs, nil)
	}
	for s := range v.obs {
		v.obs[s] = v.obs[s][:0]
	}
	for i := range obs {
		o := &obs[i]
		var s int
		var ok bool
		if o.SnomedCode != "" {
			s, ok = x.bySnomed[o.SnomedCode]
		} else {
			s, ok = x.byLoinc[o.LoincCode]
		}
		if !ok {
			continue
		}
		r := reading{at: o.EffectiveTime, day: o.EffectiveTime.Date(), code: o.ValueCode}
		if o.Value != nil {
			r.value, r.has = *o.Value, true
		}
		v.obs[s] = append(v.obs[s], r)
	}
	// Rows come grouped by the generator's logic, not strictly by time.
	for _, rs := range v.obs {
		for i := 1; i < len(rs); i++ {
			if rs[i].at < rs[i-1].at {
				sort.SliceStable(rs, func(i, j int) bool { return rs[i].at < rs[j].at })
				break
			}
		}
	}
}

// latest returns the last reading in slot on or before day d and, when
// within > 0, no more than within days before it.
func (v *view) latest(slot int, d models.Date, within int) (reading, bool) {
	return v.latestBy(slot, d, within, 0)
}

// latestBy is latest, leaving out the readings of day d taken after until
// (0: none left out).
func (v *view) latestBy(slot int, d models.Date, within int, until models.Timestamp) (reading, bool) {
	rs := v.obs[slot]
	i := sort.Search(len(rs), func(i int) bool { return rs[i].day > d }) - 1
	for until != 0 && i >= 0 && rs[i].day == d && rs[i].at > until {
		i--
	}
	if i < 0 || (within > 0 && rs[i].day < d-models.Date(within)) {
		return reading{}, false
	}
	return rs[i], true
}

// contactEnd is when the contact that issued a prescription ended, 0 when
// the issue has no contact in the record (a repeat in force as it opens).
func (v *view) contactEnd(rx *rxRow) models.Timestamp {
	if rx.enc == "" {
		return 0
	}
	for i := range v.encs {
		if v.encs[i].EncounterID == rx.enc {
			return v.encs[i].EndTime
		}
	}
	return 0
}
