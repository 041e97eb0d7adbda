package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestNoNSAIDAfterAcuteKidneyInjury: from the first day of an acute kidney
// injury no NSAID is issued, and none runs on past it (prescribing.yaml
// contraindications after_episode; NICE NG148). On main, on the 20,000
// test population, 907 NSAID issues (oral: topical gels are another class)
// began after a person's first AKI and 4 ran on across it; 2 without the
// late-written pass (withdrawStartsAfterEpisodes).
func TestNoNSAIDAfterAcuteKidneyInjury(t *testing.T) {
	r := review5Population(t)
	keys := r.conditionKeys()
	people, after, across := 0, 0, 0
	for id, conds := range r.condsOf {
		first, how := models.NoDate, ""
		for _, c := range conds {
			if c.ConditionKey == "aki" && (first == models.NoDate || c.OnsetDate < first) {
				first = c.OnsetDate
				if e := r.encs[c.DiagnosisEncounterID]; e != nil {
					how = e.Setting + " " + e.TypeDisplay
				}
			}
		}
		if first == models.NoDate {
			continue
		}
		people++
		for _, rx := range r.rxOf[id] {
			if !datasets.InClass(medKey(rx), "nsaid") {
				continue
			}
			switch {
			case rx.StartDate >= first:
				after++
				if after <= 5 {
					t.Errorf("%s: %s (%s, for %s) issued %s, after an acute kidney injury on %s (%s)", id, medKey(rx), rx.Type, keys[rx.ConditionID], rx.StartDate, first, how)
				}
			case rx.EndDate == models.NoDate || rx.EndDate > first:
				across++
				if across <= 5 {
					t.Errorf("%s: %s issued %s runs to %s, past an acute kidney injury on %s", id, medKey(rx), rx.StartDate, rx.EndDate, first)
				}
			}
		}
	}
	t.Logf("%d people with an acute kidney injury; NSAID issues after it %d, running across it %d", people, after, across)
	if people < 100 {
		t.Fatalf("only %d people with an acute kidney injury", people)
	}
}
