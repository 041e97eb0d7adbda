// Checks for the sixteenth review: adults' gastroenteritis is mostly
// managed without a hospital admission.
package generator

import "testing"

// TestAdultGastroenteritisMostlyHome: a GP review found 22% of adults'
// gastroenteritis episodes at 16-64 and 31% from 65 admitted (generate -n
// 20000 -s 5: 20% and 34%), about twice the admissions for intestinal
// infections HES counts (Sweiss et al. 2022: about 4 per 1,000 a year at
// all ages). Want under 18% of adults' episodes admitted.
func TestAdultGastroenteritisMostlyHome(t *testing.T) {
	episodes, inpatient := gastroenteritisAdmitted(pathwayPopulation(t), true)
	enough(t, episodes, 300, "adults' gastroenteritis episodes")
	share := float64(inpatient) / float64(episodes)
	t.Logf("%d of %d adults' gastroenteritis episodes admitted (%.1f%%)", inpatient, episodes, 100*share)
	if share > 0.18 {
		t.Errorf("%.1f%% of adults' gastroenteritis episodes admitted (want under 18%%)", 100*share)
	}
}
