package datasets

import (
	"fmt"
	"sync"
)

// RiskScore is a clinical score added up from the coded record: points for
// the conditions held, age bands and sex (CHA2DS2-VASc). It is the one
// definition the generator decides with, `cohortgen stats` measures care
// quality with and `cohortgen audit` checks rules with.
type RiskScore struct {
	Name  string      `yaml:"name"`
	Items []ScoreItem `yaml:"items"`
	// Observation (an observation_codes.csv key), when set, is the code the
	// score is recorded under, with its value, wherever a gated line reads
	// it: CHA2DS2-VASc at the diagnosis and each review of AF (NICE NG196
	// 1.6: assess stroke risk, and record it; issue 9, session 54).
	Observation string `yaml:"observation"`
	Source      string `yaml:"source"`
}

// ScoreItem gives Points when it applies: any of Conditions is held, the
// age is at least AgeAtLeast (and below AgeBelow when set), or the sex is
// Sex. An item sets exactly one of conditions, age_at_least or sex.
type ScoreItem struct {
	Conditions []string `yaml:"conditions"`
	AgeAtLeast int      `yaml:"age_at_least"`
	AgeBelow   int      `yaml:"age_below"`
	Sex        string   `yaml:"sex"`
	Points     int      `yaml:"points"`
}

// Points adds up the score of someone of this age who is female or not and
// holds the conditions has reports.
func (r *RiskScore) Points(age int, female bool, has func(key string) bool) int {
	s := 0
	for i := range r.Items {
		it := &r.Items[i]
		switch {
		case it.Sex != "":
			if (it.Sex == "female") == female {
				s += it.Points
			}
		case len(it.Conditions) > 0:
			for _, k := range it.Conditions {
				if has(k) {
					s += it.Points
					break
				}
			}
		case age >= it.AgeAtLeast && (it.AgeBelow == 0 || age < it.AgeBelow):
			s += it.Points
		}
	}
	return s
}

// LineGate makes a treatment line wait until the patient's state calls for
// it: a risk score added up from the record (Score: CHA2DS2-VASc for
// anticoagulation in AF, NICE NG196) or the reading of an observation taken
// at the review (Observation: PHQ-9 for an antidepressant, NICE NG222). The
// line is offered at OfferAt or more; at ConsiderAt (people of ConsiderSex
// only, when set) to the ConsiderShare of people whose clinician and they
// decide for it; never below. It is read at every review of the condition,
// so a line not yet due starts when the score or the reading rises. Someone
// for whom it is not due has NotDue coded at the first such review, when
// set (drug treatment not indicated in less severe depression).
type LineGate struct {
	Score         string           `yaml:"score"`
	Observation   string           `yaml:"observation"`
	OfferAt       float64          `yaml:"offer_at"`
	ConsiderAt    float64          `yaml:"consider_at"`
	ConsiderSex   string           `yaml:"consider_sex"`
	ConsiderShare float64          `yaml:"consider_share"`
	NotDue        *UntreatedReason `yaml:"not_due"`
	// OfferWith lowers the offer threshold for people holding a condition:
	// an ACE inhibitor or ARB in CKD at an ACR of 70, or 3 with diabetes
	// and 30 with hypertension (NICE NG203). The lowest that applies wins.
	OfferWith []GateOffer `yaml:"offer_with"`
	Source    string      `yaml:"source"`
}

// GateOffer is an offer threshold for people holding any of Conditions.
type GateOffer struct {
	Conditions []string `yaml:"conditions"`
	At         float64  `yaml:"at"`
}

// OfferFor is the offer threshold for someone who holds the conditions
// has reports: the lowest of OfferAt and the OfferWith that apply.
func (g *LineGate) OfferFor(has func(key string) bool) float64 {
	at := g.OfferAt
	for _, o := range g.OfferWith {
		for _, k := range o.Conditions {
			if has(k) {
				at = min(at, o.At)
				break
			}
		}
	}
	return at
}

// Due reports whether the line is due at this score or reading for this
// person; consider is their own fixed draw in [0,1) for the considered band.
func (g *LineGate) Due(value, offerAt float64, female bool, consider float64) bool {
	if value >= offerAt {
		return true
	}
	sexOK := g.ConsiderSex == "" || (g.ConsiderSex == "female") == female
	return g.ConsiderAt > 0 && value >= g.ConsiderAt && sexOK && consider < g.ConsiderShare
}

// checkScores checks every score's items and every line's gate against the
// catalogue's conditions and observations.
func (c *Catalogue) checkScores(keys map[string]bool) error {
	for name, r := range c.Scores {
		if r.Name == "" || r.Source == "" || len(r.Items) == 0 {
			return fmt.Errorf("score %s: needs a name, a source and items", name)
		}
		if r.Observation != "" {
			if _, ok := ObservationByKey(r.Observation); !ok {
				return fmt.Errorf("score %s: observation %q is not in observation_codes.csv", name, r.Observation)
			}
		}
		for _, it := range r.Items {
			set := 0
			if len(it.Conditions) > 0 {
				set++
			}
			if it.AgeAtLeast > 0 {
				set++
			}
			if it.Sex != "" {
				set++
				if it.Sex != "female" && it.Sex != "male" {
					return fmt.Errorf("score %s: sex %q is not female or male", name, it.Sex)
				}
			}
			if set != 1 || it.Points <= 0 {
				return fmt.Errorf("score %s: an item sets one of conditions, age_at_least or sex, and positive points", name)
			}
			for _, k := range it.Conditions {
				if !keys[k] {
					return fmt.Errorf("score %s: unknown condition %q", name, k)
				}
			}
		}
	}
	for _, cond := range c.Conditions {
		for i, l := range cond.Treatment {
			g := l.Gate
			if g == nil {
				continue
			}
			_, score := c.Scores[g.Score]
			_, reading := c.Observations[g.Observation]
			if score == reading || g.OfferAt <= 0 || g.Source == "" || i > 0 {
				return fmt.Errorf("condition %s line %d: a gate (first line only) needs a known score or numeric observation, offer_at and a source", cond.Key, l.Line)
			}
			if g.ConsiderSex != "" && g.ConsiderSex != "female" && g.ConsiderSex != "male" {
				return fmt.Errorf("condition %s line %d: consider_sex %q is not female or male", cond.Key, l.Line, g.ConsiderSex)
			}
			if r := g.NotDue; r != nil && (r.Snomed == "" || r.Description == "") {
				return fmt.Errorf("condition %s line %d: gate not_due needs snomed and description", cond.Key, l.Line)
			}
			for _, o := range g.OfferWith {
				if o.At <= 0 || len(o.Conditions) == 0 {
					return fmt.Errorf("condition %s line %d: gate offer_with needs conditions and a positive at", cond.Key, l.Line)
				}
				for _, k := range o.Conditions {
					if !keys[k] {
						return fmt.Errorf("condition %s line %d: gate offer_with names unknown condition %q", cond.Key, l.Line, k)
					}
				}
			}
		}
	}
	return nil
}

// catalogueScores is the embedded catalogue's risk scores, loaded once.
var catalogueScores = sync.OnceValues(func() (map[string]RiskScore, error) {
	cat, err := LoadCatalogue()
	if err != nil {
		return nil, err
	}
	return cat.Scores, nil
})

// ScoreByName returns a risk score of the embedded catalogue (cha2ds2_vasc).
func ScoreByName(name string) (*RiskScore, error) {
	all, err := catalogueScores()
	if err != nil {
		return nil, err
	}
	r, ok := all[name]
	if !ok {
		return nil, fmt.Errorf("unknown risk score %q (catalogue scores)", name)
	}
	return &r, nil
}

// ScoreTest is a rule's test on a risk score added up from the record on
// the as-of date: its name and a range (at_least: 2).
type ScoreTest struct {
	Name  string `yaml:"name"`
	Range `yaml:",inline"`
}
