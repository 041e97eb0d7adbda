// Checks for the fifteenth review, the last year of life
// (docs/clinical-model.md, "The last year of life (fifteenth review)").
package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"

	"github.com/code4health/cohortgen/models"
)

// TestPalliativeRegisterIsNotATimer: a GP found that everyone put on the
// palliative care register died 45-90 days later and that nobody alive at
// the as-of date was on it (1,001 entries, all dead, generate -n 20000 -s
// 5). People stay on the register for months, some for more than a year
// (Stow et al., BJGP 2020: 28% of the register's decedents aged 75+ had
// been on it 12 months or more), and most of a practice's register is
// alive on any day (QOF PC001). Some people alive on their last day are on
// the register, and some decedents went on it more than six months before
// they died.
func TestPalliativeRegisterIsNotATimer(t *testing.T) {
	r := pathwayPopulation(t)
	key := r.p.Cat.EndOfLife.Register.Key
	var alive, died, long int
	for id, p := range r.patients {
		for _, c := range r.condsOf[id] {
			if c.ConditionKey != key {
				continue
			}
			if p.DeathDate == models.NoDate {
				alive++
				continue
			}
			died++
			if p.DeathDate-c.OnsetDate > 180 {
				long++
			}
		}
	}
	enough(t, died, 100, "decedents on the palliative care register")
	t.Logf("palliative care register: %d alive, %d died (%d of them on it more than 180 days)", alive, died, long)
	if alive < 3 {
		t.Errorf("%d people alive on the palliative care register, want some", alive)
	}
	if long*10 < died {
		t.Errorf("%d of %d decedents on the register were on it more than 180 days, want at least 1 in 10", long, died)
	}
}

// TestExpectedDeathsFollowLifeLimitingIllness: a GP found deaths with
// end-of-life care (the palliative care register, anticipatory medicines)
// certified as due to uncomplicated hypertension, diabetes without
// complications, atrial fibrillation, asthma or epilepsy (73 of 1,001,
// generate -n 20000 -s 5). An expected death follows a life-limiting
// illness on one of the trajectories the catalogue names (cancer, organ
// failure, frailty or dementia); a cause with none gives no warning. No one
// on the register dies of a cause whose condition has no trajectory.
func TestExpectedDeathsFollowLifeLimitingIllness(t *testing.T) {
	r := pathwayPopulation(t)
	key := r.p.Cat.EndOfLife.Register.Key
	sudden := map[string]bool{} // causes that give no warning
	for _, c := range r.p.Cat.Conditions {
		if cd := c.CauseOfDeath; cd != nil && cd.Trajectory == "" {
			sudden[cd.ICD10] = true
		}
	}
	if len(sudden) == 0 {
		t.Fatal("no cause of death without a trajectory in the catalogue")
	}
	on := 0
	for id, p := range r.patients {
		for _, c := range r.condsOf[id] {
			if c.ConditionKey != key || p.DeathDate == models.NoDate {
				continue
			}
			on++
			if sudden[p.CauseOfDeathCode] {
				t.Errorf("%s: on the palliative care register from %s, died %s of %s, a cause that gives no warning", id, c.OnsetDate, p.DeathDate, p.CauseOfDeath)
			}
		}
	}
	enough(t, on, 100, "decedents on the palliative care register")
}

// TestRegisterDaysAreNotPiledAtTheirEnds: a GP reading the merged fifteenth
// review found 21 of 146 register deaths exactly 42 days after the entry,
// the lower end of care_days_before, where a clamp put every shorter draw.
// Drawn within the range, no more of the draws fall on an end day than on
// its neighbours.
func TestRegisterDaysAreNotPiledAtTheirEnds(t *testing.T) {
	eol := testPlan(t, 10, nil).Cat.EndOfLife
	cd := &datasets.DeathCause{Trajectory: "cancer"}
	lo := models.Date(eol.CareDaysBefore[0])
	s := distributions.NewStream(1, 1, purposeDeath, 3)
	const n = 20000
	atLo, nextTo := 0, 0
	for i := 0; i < n; i++ {
		d := registerDays(eol, cd.Trajectory, &s)
		switch d {
		case lo:
			atLo++
		case lo + 1:
			nextTo++
		}
	}
	if atLo > 3*nextTo+30 {
		t.Errorf("%d of %d draws at %d days, %d at the day after: piled at the end", atLo, n, lo, nextTo)
	}
}
