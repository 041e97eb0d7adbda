// Checks for the seventeenth review, causes of death in heart disease
// (docs/clinical-model.md, "Heart failure by ejection fraction, and causes
// of death in heart disease (seventeenth review)").
package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// TestHeartDeathsCertifiedAsTheirCause: a GP found deaths of people with
// coronary heart disease and heart failure certified as heart failure (I50)
// 4 times in 10, rather than the ischaemic heart disease behind it, and the
// late effects of a stroke (I69) certified over an active heart failure
// (generate -n 20000 -s 5). With coronary heart disease held, no death is
// certified as heart failure; with heart failure held, none as the late
// effects of a stroke; and the ischaemic heart disease deaths of people
// with heart failure are there.
func TestHeartDeathsCertifiedAsTheirCause(t *testing.T) {
	r := pathwayPopulation(t)
	ihdWithFailure := 0
	for id, p := range r.patients {
		if p.DeathDate == models.NoDate {
			continue
		}
		code := p.CauseOfDeathCode
		chd := r.latestOnset(id, p.DeathDate-1, "chd") != models.NoDate
		failure := r.latestOnset(id, p.DeathDate-1, "heart_failure") != models.NoDate
		switch {
		case strings.HasPrefix(code, "I50") && chd:
			t.Errorf("%s: died %s of %s with coronary heart disease on the record", id, p.DeathDate, p.CauseOfDeath)
		case strings.HasPrefix(code, "I69") && failure:
			t.Errorf("%s: died %s of %s with heart failure on the record", id, p.DeathDate, p.CauseOfDeath)
		case strings.HasPrefix(code, "I25") && failure:
			ihdWithFailure++
		}
	}
	enough(t, ihdWithFailure, 5, "ischaemic heart disease deaths with heart failure")
	t.Logf("%d ischaemic heart disease deaths with heart failure", ihdWithFailure)
}
