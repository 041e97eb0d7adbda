package datasets

import "fmt"

// EpisodeTest is a test recorded at a contact about Problem (a presentation
// key, an onset event's or a cause of death's row key): at every A&E
// attendance (ae_tests: the ECG and the high-sensitivity troponin of
// suspected acute coronary syndrome, NICE CG95, NG185; thirteenth review),
// during every stay (stay_tests: the echocardiogram after a heart attack)
// or at an episode's first contact (first_contact_tests: a urine sent for
// culture). Observation is a numeric observation (measured from the
// person's usual level) or an observation_codes.csv code with no value (a
// procedure).
type EpisodeTest struct {
	Problem     string `yaml:"problem"`
	Observation string `yaml:"observation"`
	MinAge      int    `yaml:"min_age"`
	// UnderAge, above 0, limits the test to people under that age (years);
	// Sex ("male" or "female"), when set, to one sex: a urine culture for
	// the UTIs of children under 3 and of men (forty-sixth review).
	UnderAge int    `yaml:"under_age"`
	Sex      string `yaml:"sex"`
	// UnderAgeDays, above 0, limits the test to babies under that age in
	// days: the renal ultrasound of a UTI under 6 months (NICE NG224).
	UnderAgeDays int `yaml:"under_age_days"`
	// Raise is added to a numeric result, on the observation's own scale
	// (log for a log-scale one): the troponin of a heart attack (fourteenth
	// review). RaiseSD, above 0, draws it per contact, normal about Raise
	// and never of the other sign (a heart attack's ejection fraction is
	// lowered by its size, never raised); Unless, a condition key, leaves
	// the result at the person's level while that condition is developing
	// or held (their heart failure's, from which its type is read).
	Raise   float64 `yaml:"raise"`
	RaiseSD float64 `yaml:"raise_sd"`
	Unless  string  `yaml:"unless"`
	// Infarct, above 0, draws the raise from the heart attack itself
	// instead of per contact: its size, one draw an event shared by all
	// its infarct tests, weighted by Infarct (the correlation, up to 1),
	// and the rest a draw of the test's own for that event. A larger
	// infarct raises the troponin more and lowers the ejection fraction
	// more (forty-eighth review). Needs a raise_sd.
	Infarct float64 `yaml:"infarct"`
	// Anaemic holds a haemoglobin below the anaemia threshold of the
	// person's sex (anaemia.yaml), Below, above 0, a result below that
	// level: the blood count and the ferritin that make iron deficiency
	// anaemia a laboratory diagnosis (forty-seventh review).
	Anaemic bool    `yaml:"anaemic"`
	Below   float64 `yaml:"below"`
	// WithAnaemia limits Below to a contact whose haemoglobin reads below
	// the anaemia threshold: the model's anaemia is iron deficiency
	// (anaemia.yaml), so the ferritin beside an anaemic blood count is low.
	WithAnaemia bool `yaml:"with_anaemia"`
	// Recurrent, when set, limits a first contact's test to an episode
	// that is at least the Episodes-th of the problem within WithinDays
	// (this one counted): the urine culture of a recurrent UTI (UKHSA,
	// brief h53g).
	Recurrent *EpisodeCount `yaml:"recurrent"`
	// FaceToFace: a coded test that needs the person in the room (a 12-lead
	// ECG): a first contact by telephone has it done at the practice visit
	// its blood tests would be taken at (remote_bloods), never down the
	// line (h57b).
	FaceToFace bool `yaml:"face_to_face"`
	// Pregnant limits the test to a contact in a pregnancy the practice
	// knows of (confirmed, not yet ended): the urine culture of a UTI in
	// pregnancy (NICE NG109; brief h58f).
	Pregnant bool `yaml:"pregnant"`
	// ReferAt, when set, reads the result from the referral decision made
	// at the contact: at least AtLeast where the contact codes that
	// referral, below Below where it does not (brief h57d: a change in
	// bowel habit's FIT is 10 ug/g or more when the GP refers on the
	// suspected colorectal cancer pathway, NICE DG56).
	ReferAt *ReferAt `yaml:"refer_at"`
	Source  string   `yaml:"source"`
}

// ReferAt is a referral (an observation_codes.csv key) and the least
// result beside it.
type ReferAt struct {
	Observation string  `yaml:"observation"`
	AtLeast     float64 `yaml:"at_least"`
}

// EpisodeCount is a number of episodes within a number of days.
type EpisodeCount struct {
	Episodes   int `yaml:"episodes"`
	WithinDays int `yaml:"within_days"`
}

// StayTests are the tests done during an admission about a problem, at a
// time Hours after the stay starts (drawn once a stay; held inside it).
type StayTests struct {
	Hours  [2]float64    `yaml:"hours"`
	Source string        `yaml:"source"`
	Tests  []EpisodeTest `yaml:"tests"`
}

// checkEpisodeTests checks the ae_tests, stay_tests and first_contact_tests.
func (c *Catalogue) checkEpisodeTests() error {
	if err := c.checkTests("ae_tests", c.AETests); err != nil {
		return err
	}
	if st := c.StayTests; st != nil {
		if st.Hours[0] < 0 || st.Hours[1] < st.Hours[0] || st.Source == "" || len(st.Tests) == 0 {
			return fmt.Errorf("stay_tests: needs hours [least, most] from 0, a source and tests")
		}
		if err := c.checkTests("stay_tests", st.Tests); err != nil {
			return err
		}
	}
	if rb := c.RemoteBloods; rb != nil && (rb.Days[0] < 1 || rb.Days[1] < rb.Days[0] || rb.By < rb.Days[1] || rb.Source == "") {
		return fmt.Errorf("remote_bloods: needs days [least, most] from 1, by from the most and a source")
	}
	if pt := c.PersistingTests; pt != nil {
		if pt.Days < 1 || pt.Source == "" || len(pt.Tests) == 0 {
			return fmt.Errorf("persisting_tests: needs days from 1, a source and tests")
		}
		if err := c.checkTests("persisting_tests", pt.Tests); err != nil {
			return err
		}
	}
	return c.checkTests("first_contact_tests", c.FirstContactTests)
}

// PersistingTests are the tests taken once at the first face-to-face GP
// contact about an episode Days or more after its onset: a problem that
// has not settled is looked into (a child's joint pain lasting 6 weeks has
// a blood count and a CRP, NICE CKS; brief h57d).
type PersistingTests struct {
	Days   int           `yaml:"days"`
	Tests  []EpisodeTest `yaml:"tests"`
	Source string        `yaml:"source"`
}

// RemoteBloods are the days after a first contact by telephone on which the
// blood tests it asks for are taken at the practice: no blood is drawn down
// a telephone.
// By is the latest day after the call they are taken: a blood test the
// practice's busy days push later is taken at the first face-to-face GP
// contact after the call instead.
type RemoteBloods struct {
	Days   [2]int `yaml:"days"`
	By     int    `yaml:"by"`
	Source string `yaml:"source"`
}

// checkTests checks that each test of list names a presentation (or a
// long-term condition, an onset event with a code of its own, or a
// background cause of death's row), an observation, ages and a sex that
// can hold, and a source.
func (c *Catalogue) checkTests(list string, tests []EpisodeTest) error {
	known := c.episodeKeys()
	for i := range c.Conditions {
		known[c.Conditions[i].Key] = true // a condition's tests at its diagnosis
		if p := c.Conditions[i].PresentsAs; p != nil {
			known[p.Key] = true // dementia's cognitive test at the contact that refers it (presentsas.go)
		}
		if k := c.Conditions[i].EventKey(); k != "" {
			known[k] = true
		}
	}
	for _, bc := range c.BackgroundCauses { // a fatal event seen in A&E (cause_myocardial_infarction)
		known[bc.RowKey()] = true
	}
	if r, err := CancerRouteData(); err == nil { // a referral's presenting problem (iron deficiency anaemia)
		for _, x := range r.NotCancer.Referrals {
			known[x.Symptom] = true
		}
		for _, k := range r.SymptomKeys() { // a cancer's presenting symptom (weight loss: generator/presenting.go)
			known[k] = true
		}
	}
	for _, t := range tests {
		where := list + " " + t.Problem + " " + t.Observation
		if !known[t.Problem] || t.Source == "" || t.MinAge < 0 {
			return fmt.Errorf("%s: needs a presentation, a min_age of 0 or more and a source", where)
		}
		if t.UnderAge < 0 || t.UnderAge > 0 && t.UnderAge <= t.MinAge || t.Sex != "" && t.Sex != "male" && t.Sex != "female" {
			return fmt.Errorf("%s: under_age above min_age, sex male or female", where)
		}
		if t.UnderAgeDays < 0 || t.UnderAgeDays > 0 && t.MinAge > 0 {
			return fmt.Errorf("%s: under_age_days is above 0 and needs no min_age", where)
		}
		if _, ok := c.Condition(t.Unless); t.Unless != "" && !ok {
			return fmt.Errorf("%s: unless %q is not a condition", where, t.Unless)
		}
		if t.RaiseSD < 0 || t.RaiseSD > 0 && t.Raise == 0 {
			return fmt.Errorf("%s: raise_sd needs a raise and is 0 or more", where)
		}
		if t.Infarct < 0 || t.Infarct > 1 || t.Infarct > 0 && t.RaiseSD == 0 {
			return fmt.Errorf("%s: infarct is 0 to 1 and needs a raise_sd", where)
		}
		if r := t.Recurrent; r != nil && (r.Episodes < 2 || r.WithinDays < 1) {
			return fmt.Errorf("%s: recurrent needs 2 or more episodes within 1 or more days", where)
		}
		if t.Below < 0 || t.WithAnaemia && t.Below == 0 {
			return fmt.Errorf("%s: below is above 0, and with_anaemia needs it", where)
		}
		if t.Anaemic {
			if a, err := LoadAnaemia(); err != nil || a.LowHaemoglobin.Observation != t.Observation {
				return fmt.Errorf("%s: anaemic needs anaemia.yaml's observation", where)
			}
		}
		if r := t.ReferAt; r != nil {
			if _, ok := ObservationByKey(r.Observation); !ok || r.AtLeast <= 0 || t.Below > r.AtLeast {
				return fmt.Errorf("%s: refer_at needs a referral in observation_codes.csv and an at_least above 0, from below", where)
			}
		}
		if _, ok := c.Observations[t.Observation]; ok {
			continue
		}
		if t.Raise != 0 || t.Unless != "" || t.Anaemic || t.Below != 0 || t.ReferAt != nil {
			return fmt.Errorf("%s: a raise or a limit needs a numeric observation", where)
		}
		if _, ok := ObservationByKey(t.Observation); !ok {
			return fmt.Errorf("%s: not a numeric observation nor in observation_codes.csv", where)
		}
	}
	return nil
}
