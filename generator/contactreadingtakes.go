package generator

import (
	"slices"
	"unsafe"
)

// Which catalogue contact_readings a contact takes, by its setting and by
// its problem, resolved once with the plan (issue 17): contactReadings asks
// at each contact with a reason, and reading every entry's settings list
// and problem map there was a twentieth of its cost per entry. takes[i] is
// entry i of p.contactReadings.
type contactReadingTakes struct {
	bySetting []settingTakes    // every setting an entry measures, and the practice's
	byProblem map[string][]bool // condition key: the entries measured for it
}

// settingTakes is the entries measured in one encounter setting.
type settingTakes struct {
	setting string
	takes   []bool
}

// buildContactReadingTakes resolves the entries' settings (Measures) and
// problems.
func (p *Plan) buildContactReadingTakes() {
	n := len(p.contactReadings)
	t := contactReadingTakes{byProblem: map[string][]bool{}}
	settings := []string{settingGP} // an entry with no settings measures at the practice
	for i := range p.contactReadings {
		for _, s := range p.contactReadings[i].Settings {
			if !slices.Contains(settings, s) {
				settings = append(settings, s)
			}
		}
		for key := range p.contactReadings[i].Problems {
			if t.byProblem[key] == nil {
				t.byProblem[key] = make([]bool, n)
			}
			t.byProblem[key][i] = true
		}
	}
	for _, s := range settings {
		takes := make([]bool, n)
		for i := range p.contactReadings {
			takes[i] = p.contactReadings[i].Measures(s)
		}
		t.bySetting = append(t.bySetting, settingTakes{s, takes})
	}
	p.readingTakes = t
}

// inSetting is the entries measured at a contact in setting (nil: none).
func (t *contactReadingTakes) inSetting(setting string) []bool {
	for i := range t.bySetting {
		if t.bySetting[i].setting == setting {
			return t.bySetting[i].takes
		}
	}
	return nil
}

// problemTakes is byProblem[key] through the worker's small cache keyed by
// the key string's address: a condition's key is the catalogue's own Go
// string, shared by all its rows, so most contacts find it without hashing
// it. The cache only says which entry of the map a string of that address
// and length is, so it returns what the map would.
func (w *worker) problemTakes(key string) []bool {
	at := unsafe.StringData(key)
	c := &w.takesCache
	for i := range c.at {
		if c.at[i] == at && c.n[i] == len(key) && at != nil {
			return c.takes[i]
		}
	}
	takes := w.plan.readingTakes.byProblem[key]
	i := c.next
	c.at[i], c.n[i], c.takes[i] = at, len(key), takes
	c.next = (i + 1) % len(c.at)
	return takes
}

// problemTakesCache is the last few keys problemTakes looked up.
type problemTakesCache struct {
	at    [16]*byte
	n     [16]int
	takes [16][]bool
	next  int
}
