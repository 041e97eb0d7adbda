// Checks for brief h72d: children and the seasons. GP reviews found acute
// illnesses spread evenly over the year (bronchiolitis as common in July as
// in December, hay fever in the winter) and otitis media, a disease of
// young children, with 37% of its episodes at 16 and over.
package generator

import "testing"

// seasonShare counts the episodes of a condition key and those whose onset
// falls in the months listed.
func (r *realism) seasonShare(key string, months ...int) (in, all int) {
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != key {
			continue
		}
		all++
		_, m, _ := c.OnsetDate.YMD()
		for _, want := range months {
			if m == want {
				in++
				break
			}
		}
	}
	return in, all
}

// TestAcuteIllnessesKeepTheirSeasons: RSV bronchiolitis is a winter
// epidemic peaking in weeks 49-52 (Lewis et al., Thorax 2020, HES); the
// pollen that brings hay fever is in the air from spring to late summer
// (Met Office pollen calendar); colds and chest infections rise with the
// respiratory viruses in the winter (Fleming et al., Epidemiol Infect 2007,
// RCGP sentinel practices). Before (generate -n 20000 -s 83), 50.2% of 795
// bronchiolitis episodes began in October-March, 42.5% of 2,006 hay fever
// episodes in April-August and 49.6% of 31,076 colds in October-March.
func TestAcuteIllnessesKeepTheirSeasons(t *testing.T) {
	r := pathwayPopulation(t)
	winter := []int{10, 11, 12, 1, 2, 3}
	for _, c := range []struct {
		key, when string
		months    []int
		least     float64 // share of episodes in the months, at least
		min       int     // episodes needed to say anything
	}{
		{"bronchiolitis", "October-March", winter, 0.68, 60},
		{"hay_fever", "April-August", []int{4, 5, 6, 7, 8}, 0.7, 100},
		{"uri", "October-March", winter, 0.57, 1000},
		{"lrti", "October-March", winter, 0.55, 500},
	} {
		in, all := r.seasonShare(c.key, c.months...)
		enough(t, all, c.min, c.key+" episodes")
		share := float64(in) / float64(all)
		t.Logf("%s: %d of %d episodes (%.1f%%) in %s", c.key, in, all, 100*share, c.when)
		if share < c.least {
			t.Errorf("%s: %.1f%% of %d episodes in %s, want %.0f%% or more (seasons.yaml)", c.key, 100*share, all, c.when, 100*c.least)
		}
	}
}

// TestOtitisMediaIsAnIllnessOfYoungChildren: acute otitis media is commonest
// at 6-18 months, 80-90% of cases under 6 (Medscape 2018); adults in primary
// care have 5.3 episodes per 1,000 person-years (Rijk et al., Fam Pract
// 2021). Before (generate -n 20000 -s 83), 3,699 of 9,933 episodes (37%)
// were at 16 and over; at most a fifth now are.
func TestOtitisMediaIsAnIllnessOfYoungChildren(t *testing.T) {
	r := pathwayPopulation(t)
	adults, under6, all := 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		p := r.patients[c.PatientID]
		if c.ConditionKey != "otitis_media" || p == nil {
			continue
		}
		all++
		switch age := ageOn(p, c.OnsetDate); {
		case age >= 16:
			adults++
		case age < 6:
			under6++
		}
	}
	enough(t, all, 300, "otitis media episodes")
	t.Logf("otitis media: %d episodes, %d (%.1f%%) under 6, %d (%.1f%%) at 16 and over", all, under6, 100*float64(under6)/float64(all), adults, 100*float64(adults)/float64(all))
	if float64(adults) > 0.2*float64(all) {
		t.Errorf("%d of %d otitis media episodes at 16 and over, want a fifth or fewer", adults, all)
	}
}

// TestBronchiolitisAtMostTwiceAChild: bronchiolitis is the illness of an
// infant's first RSV winters; recurrent episodic wheeze is considered for
// viral-induced wheeze or early asthma instead (NICE NG9 1.2.3, approx).
// Before (generate -n 20000 -s 83), 56 babies had 3 to 6 episodes.
func TestBronchiolitisAtMostTwiceAChild(t *testing.T) {
	r := pathwayPopulation(t)
	episodes := map[string]int{}
	for i := range r.b.Conditions {
		if c := &r.b.Conditions[i]; c.ConditionKey == "bronchiolitis" {
			episodes[c.PatientID]++
		}
	}
	enough(t, len(episodes), 50, "children with bronchiolitis")
	more := 0
	for id, n := range episodes {
		if n > 2 {
			more++
			t.Logf("%s: %d episodes of bronchiolitis", id, n)
		}
	}
	t.Logf("%d children with bronchiolitis, %d with more than two episodes", len(episodes), more)
	if more > 0 {
		t.Errorf("%d of %d children with bronchiolitis have more than two episodes", more, len(episodes))
	}
}
