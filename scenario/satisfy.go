package scenario

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// Record is one generated patient's rows.
type Record struct {
	Patient       models.Patient
	Practice      *models.Practice // the practice the patient is registered with; nil when not known
	Conditions    []models.Condition
	Encounters    []models.Encounter
	Prescriptions []models.Prescription
	Observations  []models.Observation
}

// Violations checks a generated record against the constraints, reading only
// the record (never how it was generated), and describes each constraint it
// breaks; none means the record satisfies them all. Ages are at the as-of
// date, or at death for patients who died; "on" a medicine means a
// prescription of it current on the patient's last day.
func (c *Constraints) Violations(r *Record, asOf models.Date) []string {
	var out []string
	bad := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	pt := &r.Patient
	last := asOf
	if pt.DeathDate != models.NoDate {
		last = pt.DeathDate
	}
	age := models.YearsBetween(pt.BirthDate, last)
	if age < c.AgeMin || (c.AgeMax > 0 && age > c.AgeMax) {
		bad("age %d outside %d-%d", age, c.AgeMin, c.AgeMax)
	}
	if c.Sex != "" && pt.Sex != c.Sex {
		bad("sex %s, want %s", pt.Sex, c.Sex)
	}
	if c.Region != "" && pt.Region != c.Region {
		bad("region %s, want %s", pt.Region, c.Region)
	}
	if c.Town != "" && pt.Town != c.Town {
		bad("town %s, want %s", pt.Town, c.Town)
	}
	if pr := c.Practice; pr != nil {
		switch {
		case r.Practice == nil || r.Practice.PracticeID != pt.PracticeID:
			bad("registered with practice %s, whose row is missing", pt.PracticeID)
		case r.Practice.ODSCode != pr.ODS || r.Practice.Name != pr.Name || r.Practice.Town != pr.Town:
			bad("registered with %s %s (%s), want %s %s (%s)", r.Practice.ODSCode, r.Practice.Name, r.Practice.Town, pr.ODS, pr.Name, pr.Town)
		}
	}
	if len(c.Ethnicity) > 0 {
		found := false
		for _, e := range c.Ethnicity {
			found = found || pt.EthnicCategory == e
		}
		if !found {
			bad("ethnic category %s, want one of %v", pt.EthnicCategory, c.Ethnicity)
		}
	}
	has := func(key string) bool {
		for _, cond := range r.Conditions {
			if cond.ConditionKey == key && cond.OnsetDate <= last && (cond.ResolvedDate == models.NoDate || cond.ResolvedDate > last) {
				return true
			}
		}
		return false
	}
	for _, k := range c.Has {
		if !has(k) {
			bad("does not have %s", k)
		}
	}
	for _, g := range c.Diagnosed {
		first := models.NoDate
		for _, cond := range r.Conditions {
			if cond.ConditionKey == g.Condition && (first == models.NoDate || cond.OnsetDate < first) {
				first = cond.OnsetDate
			}
		}
		if first == models.NoDate || first < asOf-models.Date(g.WithinDays)+1 {
			bad("%s first diagnosed on %s, not within %d days", g.Condition, first, g.WithinDays)
		}
	}
	for _, k := range c.HasNot {
		if has(k) {
			bad("has %s", k)
		}
	}
	for _, cc := range c.Counts {
		n := 0
		for _, k := range cc.Of {
			if has(k) {
				n++
			}
		}
		if n < cc.AtLeast || n > cc.AtMost {
			bad("has %d of %v, want %d-%d", n, cc.Of, cc.AtLeast, cc.AtMost)
		}
	}
	onDrug := func(key string) bool {
		if _, ok := datasets.MedicineByKey(key); !ok {
			return false
		}
		for _, x := range r.Prescriptions {
			// any regimen of the medicine counts: a dose or a formulation
			if g, ok := datasets.RegimenByDMD(x.DMDCode); ok && g.Medicine == key && x.StartDate <= last && (x.EndDate == models.NoDate || x.EndDate >= last) {
				return true
			}
		}
		return false
	}
	for _, k := range c.OnMedicines {
		if !onDrug(k) {
			bad("not on %s", k)
		}
	}
	for _, k := range c.NotOnMedicines {
		if onDrug(k) {
			bad("on %s", k)
		}
	}
	out = append(out, c.stateViolations(r, last, has, onDrug)...)
	if c.Smoking != "" {
		status, _ := datasets.ObservationByKey("smoking_status")
		want, _ := datasets.ObservationByKey(SmokingStatuses[c.Smoking])
		var latest *models.Observation
		for i := range r.Observations {
			if o := &r.Observations[i]; o.SnomedCode == status.Snomed && (latest == nil || o.EffectiveTime >= latest.EffectiveTime) {
				latest = o
			}
		}
		switch {
		case latest == nil:
			bad("no smoking status recorded, want %s", c.Smoking)
		case latest.ValueCode != want.Snomed:
			bad("latest smoking status %s, want %s", latest.ValueDisplay, c.Smoking)
		}
	}
	for _, oc := range c.Observations {
		code, ok := datasets.ObservationByKey(oc.Observation)
		if !ok {
			bad("unknown observation %s", oc.Observation)
			continue
		}
		if oc.NotWithinDays > 0 {
			for _, o := range r.Observations {
				if o.SnomedCode == code.Snomed && o.EffectiveTime.Date() >= asOf-models.Date(oc.NotWithinDays)+1 {
					bad("%s recorded on %s, within %d days", oc.Observation, o.EffectiveTime.Date(), oc.NotWithinDays)
					break
				}
			}
			continue
		}
		from := models.Date(-1 << 30)
		if oc.WithinDays > 0 {
			from = asOf - models.Date(oc.WithinDays) + 1
		}
		var latest *models.Observation
		for i := range r.Observations {
			o := &r.Observations[i]
			if o.SnomedCode == code.Snomed && o.Value != nil && o.EffectiveTime.Date() >= from &&
				(latest == nil || o.EffectiveTime >= latest.EffectiveTime) {
				latest = o
			}
		}
		switch {
		case latest == nil:
			bad("no %s within %d days", oc.Observation, oc.WithinDays)
		case oc.Min != nil && *latest.Value < *oc.Min, oc.Max != nil && *latest.Value > *oc.Max:
			bad("latest %s %v outside the range", oc.Observation, *latest.Value)
		}
	}
	for _, ec := range c.Encounters {
		from := models.Date(-1 << 30)
		if ec.WithinDays > 0 {
			from = asOf - models.Date(ec.WithinDays) + 1
		}
		// The history ends at the last instant of the as-of date: an
		// admission running to it is still in progress.
		end := (asOf + 1).Start() - 1
		keyOf := map[string]string{} // condition id -> its key, for reasons
		if ec.Reason != "" {
			for _, cond := range r.Conditions {
				keyOf[cond.ConditionID] = cond.ConditionKey
			}
		}
		n := 0
		for _, e := range r.Encounters {
			if ec.Reason != "" && keyOf[e.ReasonConditionID] != ec.Reason {
				continue
			}
			if (ec.Setting == "" || e.Setting == ec.Setting) && (ec.Class == "" || e.Class == ec.Class) && e.StartTime.Date() >= from &&
				(!ec.Current || (e.StartTime <= end && e.EndTime >= end)) &&
				(ec.DischargedWithinDays == 0 || (e.EndTime < end && e.EndTime.Date() >= asOf-models.Date(ec.DischargedWithinDays)+1)) {
				n++
			}
		}
		if ec.AtMost != nil {
			if n > *ec.AtMost {
				bad("%d %s%s encounters within %d days, want at most %d", n, ec.Setting, ec.Class, ec.WithinDays, *ec.AtMost)
			}
			continue
		}
		if n < max(ec.AtLeast, 1) {
			bad("%d %s%s encounters for %q within %d days (current %v, discharged within %d days), want %d", n, ec.Setting, ec.Class, ec.Reason, ec.WithinDays, ec.Current, ec.DischargedWithinDays, max(ec.AtLeast, 1))
		}
	}
	if c.Alive != nil && *c.Alive && pt.DeathDate != models.NoDate {
		bad("died on %s", pt.DeathDate)
	}
	if c.DiedWithinDays > 0 && (pt.DeathDate == models.NoDate || pt.DeathDate < asOf-models.Date(c.DiedWithinDays)+1) {
		bad("did not die within %d days of the as-of date", c.DiedWithinDays)
	}
	return out
}
