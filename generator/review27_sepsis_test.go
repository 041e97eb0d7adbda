// Checks for the twenty-seventh review's sepsis: NEWS2 scores a new
// confusion and supplemental oxygen, an admitted adult scores what led to
// the admission, one episode's readings are one person's physiology, and the
// first contact takes a blood culture and a lactate (docs/clinical-model.md,
// "Sepsis: full NEWS2, one physiology an episode, and the Sepsis Six").
package generator

import (
	"testing"
	"time"

	"github.com/code4health/cohortgen/datasets"
)

// news2Findings is what the contact's coded findings add to its NEWS2: a
// new confusion and supplemental oxygen, at the catalogue's scores.
func news2Findings(sv *datasets.SepsisVitals, x sepsisContact) int {
	sum := 0
	if code, ok := datasets.ObservationByKey(sv.Consciousness.Observation); ok && x.coded[code.Snomed] {
		sum += sv.Consciousness.Score
	}
	if code, ok := datasets.ObservationByKey(sv.Oxygen.Observation); ok && x.coded[code.Snomed] {
		sum += sv.Oxygen.Score
	}
	return sum
}

// TestNEWS2ScoresConfusionAndOxygen: NEWS2 scores level of consciousness and
// supplemental oxygen (RCP 2017). A septic adult is often newly confused and
// on oxygen: at least a tenth of the adults' contacts with a NEWS2 record
// each (on main neither is ever recorded: 0 of 1,375 adults' admissions on
// generate -n 20000 -s 5), and every adult with a saturation below the
// catalogue's oxygen threshold is on oxygen.
func TestNEWS2ScoresConfusionAndOxygen(t *testing.T) {
	sv, xs := sepsisReadings(t)
	conf, _ := datasets.ObservationByKey(sv.Consciousness.Observation)
	oxy, _ := datasets.ObservationByKey(sv.Oxygen.Observation)
	sat, _ := datasets.ObservationByKey(sv.Oxygen.Reading)
	scored, confused, onOxygen, lowNoOxygen := 0, 0, 0, 0
	for _, x := range xs {
		if _, ok := x.read[news2Code]; !ok {
			continue
		}
		scored++
		if x.coded[conf.Snomed] {
			confused++
		}
		if x.coded[oxy.Snomed] {
			onOxygen++
		}
		if v, ok := x.read[sat.Snomed]; ok && v < sv.Oxygen.Below && !x.coded[oxy.Snomed] {
			lowNoOxygen++
		}
	}
	t.Logf("of %d adults' contacts with a NEWS2: %d newly confused, %d on oxygen, %d with a saturation below %g not on it", scored, confused, onOxygen, lowNoOxygen, sv.Oxygen.Below)
	if scored < 100 || confused*10 < scored || onOxygen*10 < scored || lowNoOxygen > 0 {
		t.Errorf("%d confused and %d on oxygen of %d (want a tenth or more each), %d low saturations not on oxygen (want none)", confused, onOxygen, scored, lowNoOxygen)
	}
}

// TestAdmittedSepsisScoresFive: NICE NG51 (2019) prompts a sepsis
// assessment at NEWS2 5 or more; an adult admitted for sepsis scores 5 or
// more bar the catalogue's share admitted on judgement (on main 436 of
// 1,375 adults' admissions for sepsis scored under 5, 32%, on
// generate -n 20000 -s 5).
func TestAdmittedSepsisScoresFive(t *testing.T) {
	sv, xs := sepsisReadings(t)
	admitted, under := 0, 0
	for _, x := range xs {
		v, ok := x.read[news2Code]
		if !ok || x.e.Setting != settingInpatient {
			continue
		}
		admitted++
		if int(v) < sv.Admitted.Least {
			under++
		}
	}
	t.Logf("%d of %d adults' admissions for sepsis score NEWS2 under %d", under, admitted, sv.Admitted.Least)
	if admitted < 100 || float64(under) > sv.Admitted.BelowShare*float64(admitted) {
		t.Errorf("%d of %d admissions under %d (want at most %.0f%%, of at least 100)", under, admitted, sv.Admitted.Least, 100*sv.Admitted.BelowShare)
	}
}

// TestSepsisTemperatureIsOnePerson: one episode's readings are one person's
// physiology: no episode reads a temperature below 36 and one of 38 or more
// within a day (on main 228 of 1,625 episodes read both, generate -n 20000
// -s 5: 35.1 in A&E, 38.5 on the ward an hour later).
func TestSepsisTemperatureIsOnePerson(t *testing.T) {
	type reading struct {
		at time.Time
		v  float64
	}
	byEpisode := map[string][]reading{}
	for _, x := range sepsisContacts(pathwayPopulation(t)) {
		if v, ok := x.read[temperatureCode]; ok {
			byEpisode[x.c.ConditionID] = append(byEpisode[x.c.ConditionID], reading{x.e.StartTime.Time(), v})
		}
	}
	jumps := 0
	for id, rs := range byEpisode {
		jumped := false
		for _, a := range rs {
			for _, b := range rs {
				d := b.at.Sub(a.at)
				jumped = jumped || (a.v < 36 && b.v >= 38 && d.Abs() <= 24*time.Hour)
			}
		}
		if jumped {
			jumps++
			if jumps <= 5 {
				t.Errorf("episode %s: temperatures %v", id, rs)
			}
		}
	}
	t.Logf("%d of %d sepsis episodes read below 36 and 38 or more within a day", jumps, len(byEpisode))
	if len(byEpisode) < 100 || jumps > 0 {
		t.Errorf("%d of %d episodes jump between hypothermia and fever within a day (want none, of at least 100)", jumps, len(byEpisode))
	}
}

// TestSepsisSixAtFirstContact: the first contact of every sepsis episode
// (the A&E attendance, or an admission not through A&E) takes the Sepsis
// Six's blood culture and a lactate in mmol/L (NICE NG51; on main neither
// was ever recorded), and a person dying of sepsis has the higher median
// lactate.
func TestSepsisSixAtFirstContact(t *testing.T) {
	r := pathwayPopulation(t)
	cc, _ := datasets.ObservationByKey("blood_culture_sample") // the set taken (brief h75c: its growth is recorded at the report)
	lc, _ := datasets.ObservationByKey("lactate")
	culture, lactate := cc.Snomed, lc.Snomed
	first := map[string]sepsisContact{}
	for _, x := range sepsisContacts(r) {
		if f, ok := first[x.c.ConditionID]; !ok || x.e.StartTime < f.e.StartTime {
			first[x.c.ConditionID] = x
		}
	}
	missing := 0
	var dying, surviving []float64
	for _, x := range first {
		v, ok := x.read[lactate]
		if !ok || !x.coded[culture] {
			missing++
			if missing <= 5 {
				t.Errorf("%s %s: first sepsis contact (%s) without a blood culture and a lactate", x.e.PatientID, x.e.StartTime.Date(), x.e.Setting)
			}
			continue
		}
		if x.c.ConditionKey == "cause_sepsis" {
			dying = append(dying, v)
		} else {
			surviving = append(surviving, v)
		}
	}
	t.Logf("%d of %d episodes' first contacts lack a blood culture or a lactate", missing, len(first))
	if len(first) < 100 || missing > 0 {
		t.Fatalf("%d of %d first contacts lack them (want none, of at least 100)", missing, len(first))
	}
	if len(dying) < 10 || medianOf(dying) <= medianOf(surviving) {
		t.Errorf("lactate median %.1f in %d dying of sepsis, %.1f surviving (want higher, of at least 10)", medianOf(dying), len(dying), medianOf(surviving))
	}
}

// isSepsisCoded reports whether code is one the sepsis plan records with no
// value: a new confusion, supplemental oxygen, or a test with no result (a
// blood culture).
func isSepsisCoded(p *Plan, code string) bool {
	sp := p.sepsis
	if sp == nil {
		return false
	}
	if code == sp.confusion.Snomed || code == sp.oxygen.Snomed {
		return true
	}
	for i, t := range sp.tests {
		if t.Snomed == code && sp.Tests[i].Mean == 0 {
			return true
		}
	}
	return false
}
