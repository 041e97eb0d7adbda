package generator

import (
	"slices"
	"testing"
)

// TestContactReadingTakesAreTheEntries checks the plan's table of which
// contact_readings a contact takes (issue 17) against each entry's own
// settings and problems, for every setting and every problem the catalogue
// knows and one it does not: a wrong cell would add or drop a reading.
func TestContactReadingTakesAreTheEntries(t *testing.T) {
	p := testPlan(t, 10, nil)
	if len(p.contactReadings) == 0 {
		t.Fatal("catalogue: no contact_readings")
	}
	settings := []string{settingGP, settingAE, settingInpatient, settingOutpatient, "community"}
	problems := map[string]bool{"no-such-problem": true}
	for i := range p.Cat.Conditions {
		problems[p.Cat.Conditions[i].Key] = true
	}
	for i := range p.contactReadings {
		for key := range p.contactReadings[i].Problems {
			problems[key] = true
		}
	}
	measured, named := 0, 0
	for i := range p.contactReadings {
		r := &p.contactReadings[i]
		for _, s := range settings {
			in := p.readingTakes.inSetting(s)
			got := in != nil && in[i]
			if got != r.Measures(s) {
				t.Errorf("entry %d (%s) in setting %s: table %v, entry %v", i, r.Observation, s, got, r.Measures(s))
			}
			if got {
				measured++
			}
		}
		for key := range problems {
			_, want := r.Problems[key]
			f := p.readingTakes.byProblem[key]
			if got := f != nil && f[i]; got != want {
				t.Errorf("entry %d (%s) for problem %s: table %v, entry %v", i, r.Observation, key, got, want)
			}
			if want {
				named++
			}
		}
	}
	if measured == 0 || named == 0 {
		t.Fatalf("nothing compared: %d settings and %d problems taken", measured, named)
	}
}

// TestProblemTakesIsTheMapsEntry looks every problem up through the worker's
// cache, as the catalogue's string (twice running, so the second is a hit),
// as a copy at another address and as the string's own prefix (the same
// address, shorter), in turns that overflow the cache: each answer must be
// the map's. Seen failing (lead56) when a hit ignores the length and when
// the cache stores no entry.
func TestProblemTakesIsTheMapsEntry(t *testing.T) {
	p := testPlan(t, 10, nil)
	w := newWorker(p)
	var keys []string
	for i := range p.Cat.Conditions {
		keys = append(keys, p.Cat.Conditions[i].Key)
	}
	for key := range p.readingTakes.byProblem {
		keys = append(keys, key)
	}
	keys = append(keys, "", "no-such-problem")
	found := 0
	for round := 0; round < 3; round++ {
		for _, key := range keys {
			want := p.readingTakes.byProblem[key]
			lookups := []string{key, key, string(append([]byte(nil), key...))}
			if key != "" {
				lookups = append(lookups, key[:len(key)-1])
			}
			for _, k := range lookups {
				want := p.readingTakes.byProblem[k]
				if got := w.problemTakes(k); !slices.Equal(got, want) || (got == nil) != (want == nil) {
					t.Fatalf("problem %q: cache %v, map %v", k, got, want)
				}
			}
			if want != nil {
				found++
			}
		}
	}
	if found == 0 {
		t.Fatal("no problem has a contact reading")
	}
}
