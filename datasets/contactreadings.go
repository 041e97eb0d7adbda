package datasets

import (
	"fmt"
	"maps"
	"slices"
)

// ContactReading is what a clinician measures at a face-to-face contact
// about one of Problems (presentation or acute episode keys) with someone
// aged up to MaxAge: a child's temperature in a fever or an infection
// (eleventh review), the respiratory rate and oxygen saturation in an acute
// chest illness at the practice, in A&E and on admission (twenty-fourth
// review). Problems maps each to how much its illness moves the reading on
// the episode's first day (fading to nothing by the episode's end); 0
// measures the usual level.
type ContactReading struct {
	Observation string `yaml:"observation"`
	// MinAge, MaxAge: the ages measured. An observation's problem may have
	// two entries whose ages do not overlap (a child's temperature in an
	// infection, an adult's in a suspected pneumonia, h58d).
	MinAge   int                `yaml:"min_age"`
	MaxAge   int                `yaml:"max_age"`
	Problems map[string]float64 `yaml:"problems"`
	// AtLeast is, for a problem named by a reading (fever: a temperature of
	// 38 or more, NICE NG143), the least reading at the contact that
	// diagnoses it: one below is mirrored above it (fifteenth review).
	AtLeast map[string]float64 `yaml:"at_least"`
	// Settings are the encounter settings measured (gp, ae, inpatient);
	// none means the practice's only.
	Settings []string `yaml:"settings"`
	// Ratio: the problems' moves (and Admitted's) are fractions of the
	// reading, not amounts (a respiratory rate rises by a share of the
	// person's own for their age: a baby's from 40, an adult's from 16).
	Ratio bool `yaml:"ratio"`
	// Lowers: the problems' moves take the reading down (oxygen saturation).
	Lowers bool `yaml:"lowers"`
	// Admitted is the further move, at the contacts on the day of an
	// emergency admission for the problem, that the illness sent in has over
	// one treated at home: an admitted pneumonia breathes faster and
	// saturates lower.
	Admitted map[string]float64 `yaml:"admitted"`
	// HomeLimit is, for a problem treated without an admission, the reading
	// past which the guideline sends the patient to hospital (an oxygen
	// saturation below 92% in pneumonia or asthma, 90% in COPD): at a
	// contact not on the day of an admission a reading past it is mirrored
	// back, so a patient sent home was safe to send home.
	HomeLimit map[string]float64 `yaml:"home_limit"`
	// HomeLimitPredicted is a home limit given as a share of the person's
	// predicted level (peak flow: below 33% of predicted an asthma attack
	// is life-threatening and goes to hospital, BTS/SIGN 158; h61d).
	HomeLimitPredicted map[string]float64 `yaml:"home_limit_predicted"`
	// OwnContactsOnly: the moves apply only at the contacts this entry
	// measures. Another path that records the same observation for one of
	// its problems (the pulse of a child the GP sends in, gpsentin.go) keeps
	// its own model (forty-ninth review: the pulse of a feverish child).
	OwnContactsOnly bool `yaml:"own_contacts_only"`
	// ChildShare, when set, reads an adult-only observation in a child
	// too, as the share of the adult formula's level the child's age and
	// sex reach (a child's blood pressure at a blackout, brief h74b).
	ChildShare *ChildShare `yaml:"child_share"`
	// EveryProblem: measured at every contact in its settings whatever the
	// problem, the usual level where Problems does not name it (h56c: the
	// triage observations of every A&E attendance, RCP NEWS2 2017). It is a
	// fallback: an entry before it that measures the same observation for
	// the problem takes it first, and its Problems may name a problem an
	// earlier entry names for other ages or settings.
	EveryProblem bool `yaml:"every_problem"`
	// Least, when above 0: a reading below it is mirrored above it. The
	// triage pulse (h56c): readings taken once the care is written cannot
	// be acted on, and a pulse under 50 on a beta-blocker is the practice's
	// to find and act on (slowheart), not left standing before an issue.
	Least float64 `yaml:"least"`
	// Steady names problems whose move does not fade over the episode: a
	// fatal illness (cause_pneumonia) ends at the death and is at its worst
	// there, not recovering (h56c: a fatal pneumonia seen in A&E the day
	// before death read a saturation of 94%).
	Steady []string `yaml:"steady"`
	// Spread is, for a problem, the standard deviation of a further move
	// drawn above its own at each contact (half-normal, fading as the move
	// does): how much one illness's reading differs from another's. A fever
	// is not 38.0 in everyone; it runs from about 37.8 to 40 (h58d).
	Spread map[string]float64 `yaml:"spread"`
	// YoungHomeLimit keeps the reading of a baby under UnderDays days old
	// at or below Limit at a practice contact that sends nobody in, whatever
	// the problem: a baby under 3 months with a temperature of 38 or more is
	// sent for same-day paediatric assessment (NICE NG143), and the model
	// decides where a baby is seen before its readings are drawn (stop 68:
	// a GP review found 15 of 46 such temperatures at the practice with
	// otitis media or a cold and no referral).
	YoungHomeLimit *YoungHomeLimit `yaml:"young_home_limit"`
	Source         string          `yaml:"source"`
}

// YoungHomeLimit is a contact reading's limit for young babies kept at the
// practice (ContactReading.YoungHomeLimit).
type YoungHomeLimit struct {
	UnderDays int     `yaml:"under_days"`
	Limit     float64 `yaml:"limit"`
	// Floor: the lowest reading of a baby kept at the practice (below it
	// is a high-risk sign too; h69a); 0: none.
	Floor  float64 `yaml:"floor"`
	Source string  `yaml:"source"`
}

// Measures reports whether the reading is taken at an encounter in setting.
func (r *ContactReading) Measures(setting string) bool {
	if len(r.Settings) == 0 {
		return setting == "gp"
	}
	return slices.Contains(r.Settings, setting)
}

// checkContactReadings checks that each reading is a numeric observation
// measured for known problems, with a source, and each problem's reading
// defined once in the catalogue (an observation may have two entries, for
// different problems: a chest illness's respiratory rate at any age, a
// feverish young child's).
func (c *Catalogue) checkContactReadings() error {
	known := c.episodeKeys()
	anyRow := c.rowKeys()
	causeRows := map[string]bool{}
	for i := range c.BackgroundCauses {
		causeRows[c.BackgroundCauses[i].RowKey()] = true
	}
	for i := range c.Conditions { // an onset event coded on its own, seen in A&E (h73a: a DKA's pulse)
		if k := c.Conditions[i].EventKey(); k != "" {
			causeRows[k] = true
		}
	}
	seen := map[string][][2]int{} // the age ranges each observation's problem is measured at
	for _, r := range c.ContactReadings {
		where := "contact_readings " + r.Observation
		if _, ok := c.Observations[r.Observation]; !ok {
			return fmt.Errorf("%s: not a numeric observation", where)
		}
		if len(r.Problems) == 0 && !r.EveryProblem || r.MaxAge < 0 || r.MinAge < 0 || r.MinAge > r.MaxAge || r.Source == "" {
			return fmt.Errorf("%s: needs problems (or every_problem), a max_age and a source", where)
		}
		if y := r.YoungHomeLimit; y != nil && (y.UnderDays <= 0 || y.UnderDays > 365*(r.MaxAge+1) || y.Source == "" || r.Lowers || y.Floor >= y.Limit) {
			return fmt.Errorf("%s: young_home_limit needs under_days within the entry's ages and a source, on a reading that rises (its limit is a ceiling), a floor below the limit", where)
		}
		list := "" // every_problem entries are fallbacks, checked among themselves
		if r.EveryProblem {
			list = "every "
		}
		for _, k := range slices.Sorted(maps.Keys(r.Problems)) { // the first error in the same order every run
			raise := r.Problems[k]
			if !known[k] && !(r.EveryProblem && anyRow[k]) && !causeRows[k] { // a coded cause of death the GP sees before it (h67a: cause_pneumonia), an onset event
				return fmt.Errorf("%s: %q is not a presentation or acute episode", where, k)
			}
			key := list + r.Observation + " " + k
			for _, ages := range seen[key] {
				if r.MinAge <= ages[1] && ages[0] <= r.MaxAge {
					return fmt.Errorf("%s: %s listed twice for the same ages", where, k)
				}
			}
			seen[key] = append(seen[key], [2]int{r.MinAge, r.MaxAge})
			if (raise < 0 || r.Admitted[k] < 0) && (!r.EveryProblem || r.Lowers) { // a triage reading may fall (a severe pneumonia's blood pressure)
				return fmt.Errorf("%s: %s move %g is negative (lowers: true takes a reading down)", where, k, raise)
			}
		}
		for _, m := range []map[string]float64{r.AtLeast, r.Admitted, r.HomeLimit, r.HomeLimitPredicted, r.Spread} {
			for _, k := range slices.Sorted(maps.Keys(m)) {
				if _, ok := r.Problems[k]; !ok {
					return fmt.Errorf("%s: at_least, admitted, home_limit, home_limit_predicted or spread %q is not one of its problems", where, k)
				}
			}
		}
		for _, k := range slices.Sorted(maps.Keys(r.HomeLimitPredicted)) {
			if sh := r.HomeLimitPredicted[k]; sh <= 0 || sh >= 1 || !r.Lowers {
				return fmt.Errorf("%s: home_limit_predicted %s needs a share between 0 and 1 of a reading the problem lowers", where, k)
			}
		}
		for _, k := range r.Steady {
			if _, ok := r.Problems[k]; !ok {
				return fmt.Errorf("%s: steady %q is not one of its problems", where, k)
			}
		}
		for _, s := range r.Settings {
			if s != "gp" && s != "ae" && s != "inpatient" {
				return fmt.Errorf("%s: setting %q (gp, ae or inpatient)", where, s)
			}
		}
	}
	return nil
}

// rowKeys is every condition key a problem-list row may hold: the
// presentations and acute episodes, the long-term conditions (a stroke, atrial
// fibrillation seen in A&E) and their onset events, the coded causes of death (cause_pneumonia) and
// the venous thromboembolisms. An every_problem reading may move any of them.
func (c *Catalogue) rowKeys() map[string]bool {
	keys := c.episodeKeys()
	for i := range c.Conditions {
		keys[c.Conditions[i].Key] = true
		if k := c.Conditions[i].EventKey(); k != "" {
			keys[k] = true // an onset event coded on its own (chd_event)
		}
	}
	for i := range c.BackgroundCauses {
		keys[c.BackgroundCauses[i].RowKey()] = true
	}
	if v := c.VTE; v != nil {
		keys[v.DVT.Key], keys[v.PE.Key] = true, true
	}
	return keys
}
