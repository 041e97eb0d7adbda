package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestAdvancedCKDIsMonitoredMoreOften: NICE NG203 monitors eGFR more often
// as it falls (catalogue ckd reviews.by_stage: twice a year at G3b). A
// person coded CKD stage 3B, 4 or 5, alive and in the record for 400 days
// after, whose eGFRs then all read below 45, has at least two eGFRs in them
// — whichever review takes them — bar a tenth (the schedule follows the
// usual level, which the coded stage may lead by months). On main, with
// one CKD review a year at every stage, 46 of 84 such people had fewer than
// two (the 20,000 test population); 5 of 47 with by_stage.
func TestAdvancedCKDIsMonitoredMoreOften(t *testing.T) {
	r := review5Population(t)
	checked, few := 0, 0
	for id, pt := range r.patients {
		from := models.NoDate
		for _, c := range r.condsOf[id] {
			advanced := strings.HasSuffix(c.Description, "stage 3B") || strings.HasSuffix(c.Description, "stage 4") || strings.HasSuffix(c.Description, "stage 5")
			if c.ConditionKey == "ckd" && advanced && (from == models.NoDate || c.OnsetDate < from) {
				from = c.OnsetDate
			}
		}
		to := from + 400
		if from == models.NoDate || from < r.p.windowStart || to > r.p.Opts.AsOf || pt.DeathDate != models.NoDate && pt.DeathDate <= to {
			continue
		}
		n, low := 0, true
		for _, o := range r.values(id, r.snomed("egfr")) {
			if d := o.EffectiveTime.Date(); d > from && d <= to {
				n++
				low = low && *o.Value < 45
			}
		}
		if !low {
			continue
		}
		checked++
		if n < 2 {
			few++
		}
	}
	t.Logf("%d people a year into CKD stage 3B or worse with every eGFR below 45; %d with fewer than two eGFRs", checked, few)
	if checked < 30 {
		t.Fatalf("only %d people to check", checked)
	}
	if few*10 > checked {
		t.Errorf("%d of %d people at CKD stage 3B or worse had fewer than two eGFRs in a year (NICE NG203: at least twice a year)", few, checked)
	}
}
