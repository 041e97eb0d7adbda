// Checks for the fifteenth review's depression that gets better
// (docs/clinical-model.md, "Depression that ends and type 2 diabetes that
// progresses (fifteenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestDepressionEpisodesEnd: no depressive episode ever ended (0 of 453 on
// generate -n 20000 -s 5) and the PHQ-9 stayed high on treatment. Half of
// episodes are over by 6 months and most by 2 years (NEMESIS): most episodes
// diagnosed in the record two years before its end are now coded resolved
// ("Depression resolved"), with a PHQ-9 below 5 at the remission. An
// antidepressant goes on about 6 months after the remission is seen (NICE
// NG222), then its last issue runs at most 4 weeks from the resolving
// review (the taper) and nothing is issued or reviewed for the episode
// after.
func TestDepressionEpisodesEnd(t *testing.T) {
	r := pathwayPopulation(t)
	code, ok := datasets.ObservationByKey("depression_resolved")
	if !ok {
		t.Fatal("no code for depression_resolved")
	}
	phq9 := r.snomed("phq9")
	first, last := r.observationSpan()
	episodes, resolved, onDrug := 0, 0, 0
	for id, p := range r.patients {
		c := r.has(id, "depression")
		if c == nil || c.OnsetDate-p.BirthDate < 18*366 || c.OnsetDate < first || c.OnsetDate > last-730 || (p.DeathDate != models.NoDate && p.DeathDate < last) {
			continue
		}
		episodes++
		if c.ResolvedDate == models.NoDate {
			continue
		}
		resolved++
		coded := false
		for _, o := range r.obsOf[id] {
			coded = coded || (o.SnomedCode == code.Snomed && o.EffectiveTime.Date() == c.ResolvedDate)
		}
		if !coded {
			t.Errorf("patient %s: depression resolved on %s with no %q coded that day", id, c.ResolvedDate, code.Term)
		}
		var seen models.Date // the first PHQ-9 below 5 on a drug, the remission seen
		drug := false
		for _, rx := range r.rxOf[id] {
			if rx.ConditionID != c.ConditionID {
				continue
			}
			drug = true
			// a taper that runs past the record's end is still current there (no end)
			tapering := rx.EndDate == models.NoDate && c.ResolvedDate+28 > last
			if rx.StartDate > c.ResolvedDate || (rx.EndDate == models.NoDate && !tapering) || rx.EndDate > c.ResolvedDate+28 {
				t.Errorf("patient %s: %s issued %s to %s for depression resolved on %s, want none running past a 4-week taper", id, rx.Medication, rx.StartDate, rx.EndDate, c.ResolvedDate)
			}
		}
		for _, o := range r.values(id, phq9) {
			if d := o.EffectiveTime.Date(); d >= c.OnsetDate && d <= c.ResolvedDate && *o.Value < 5 && seen == 0 {
				seen = d
			}
		}
		if seen == 0 {
			t.Errorf("patient %s: depression resolved on %s with no PHQ-9 below 5 before", id, c.ResolvedDate)
		}
		if drug {
			onDrug++
			if c.ResolvedDate-seen < 150 {
				t.Errorf("patient %s: antidepressant stopped %d days after the remission was seen, want about 6 months (NICE NG222)", id, c.ResolvedDate-seen)
			}
		}
		for _, e := range r.b.Encounters {
			if e.PatientID == id && e.ReasonConditionID == c.ConditionID && e.StartTime.Date() > c.ResolvedDate+28 { // (a repeat asked for in the taper)
				t.Errorf("patient %s: a contact on %s about depression resolved on %s", id, e.StartTime.Date(), c.ResolvedDate)
				break
			}
		}
	}
	enough(t, episodes, 80, "depression episodes diagnosed in the record at 18 or over two years before its end")
	t.Logf("%d of %d episodes resolved (%d on an antidepressant)", resolved, episodes, onDrug)
	if 2*resolved < episodes {
		t.Errorf("%d of %d depression episodes diagnosed two years before the record's end resolved, want half or more (NEMESIS: 80%% over by 2 years)", resolved, episodes)
	}
	enough(t, onDrug, 10, "resolved episodes treated with an antidepressant")
}

// observationSpan is the first and last day of the population's
// observations: the record's window as its readings show it.
func (r *realism) observationSpan() (first, last models.Date) {
	for i := range r.b.Observations {
		d := r.b.Observations[i].EffectiveTime.Date()
		if first == 0 || d < first {
			first = d
		}
		last = max(last, d)
	}
	return first, last
}
