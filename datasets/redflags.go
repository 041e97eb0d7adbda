package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed red_flags.yaml
var redFlagsYAML []byte

// RedFlags is red_flags.yaml: NICE NG12 criteria that must be answered by
// an urgent referral or test within two weeks, and how the generator meets
// the one no other pathway met (weight loss with indigestion at 55 and
// over; brief h62e).
type RedFlags struct {
	Source     string            `yaml:"source"`
	Criteria   []RedFlag         `yaml:"criteria"`
	WeightLoss RedFlagWeightLoss `yaml:"weight_loss"`
	UpperGI    UpperGIEndoscopy  `yaml:"upper_gi"`
}

// RedFlag is one NG12 criterion: Symptom (an observation key or a
// catalogue condition key) coded from MinAge, with a weight loss when
// WithWeightLoss, answered within WithinDays by any of AnsweredBy
// (observation keys) or a day case coded Procedure (or in the LatelyDays
// before it).
type RedFlag struct {
	Key            string   `yaml:"key"`
	Recommendation string   `yaml:"recommendation"`
	Symptom        string   `yaml:"symptom"`
	MinAge         int      `yaml:"min_age"`
	WithWeightLoss bool     `yaml:"with_weight_loss"`
	AnsweredBy     []string `yaml:"answered_by"`
	Procedure      string   `yaml:"procedure"`
	WithinDays     int      `yaml:"within_days"`
	LatelyDays     int      `yaml:"lately_days"` // an answer this many days before answers it too
	AppliedBy      string   `yaml:"applied_by"`
}

// RedFlagWeightLoss is the loss the GP reads as weight loss: Percent or
// more below the weight OverDays before.
type RedFlagWeightLoss struct {
	Percent  float64 `yaml:"percent"`
	OverDays int     `yaml:"over_days"`
	Source   string  `yaml:"source"`
}

// UpperGIEndoscopy is the urgent direct-access endoscopy: the referral and
// weight-loss codes of the consultation, the procedure Days after it, and
// its findings (observation keys, by weight) when no cancer is found.
type UpperGIEndoscopy struct {
	Criterion  string        `yaml:"criterion"` // the criteria key it answers
	Referral   string        `yaml:"referral"`
	WeightLoss string        `yaml:"weight_loss"`
	Procedure  Investigation `yaml:"procedure"`
	Days       [2]int        `yaml:"days"`
	// AgainAfterDays: no second referral within this many days of one
	// (a clear endoscopy answers the question for a while).
	AgainAfterDays int            `yaml:"again_after_days"`
	Findings       []RedFlagFound `yaml:"findings"`
	Source         string         `yaml:"source"`
}

// RedFlagFound is one finding of the endoscopy and its weight.
type RedFlagFound struct {
	Observation string  `yaml:"observation"`
	Weight      float64 `yaml:"weight"`
}

var loadRedFlags = sync.OnceValues(func() (*RedFlags, error) {
	var r RedFlags
	if err := decodeStrict(redFlagsYAML, &r); err != nil {
		return nil, fmt.Errorf("red_flags.yaml: %w", err)
	}
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("red_flags.yaml: %w", err)
	}
	return &r, nil
})

// RedFlagData returns red_flags.yaml (shared: do not modify).
func RedFlagData() (*RedFlags, error) { return loadRedFlags() }

func (r *RedFlags) check() error {
	if r.Source == "" || len(r.Criteria) == 0 || r.WeightLoss.Percent <= 0 || r.WeightLoss.OverDays <= 0 {
		return fmt.Errorf("needs a source, criteria and a weight_loss")
	}
	for _, c := range r.Criteria {
		if c.Key == "" || c.Recommendation == "" || c.Symptom == "" || c.WithinDays <= 0 || len(c.AnsweredBy) == 0 {
			return fmt.Errorf("criterion %q needs a recommendation, a symptom, answered_by and within_days", c.Key)
		}
		for _, k := range c.AnsweredBy {
			if _, ok := ObservationByKey(k); !ok {
				return fmt.Errorf("criterion %q: unknown observation %q", c.Key, k)
			}
		}
	}
	u := &r.UpperGI
	if r.Criterion(u.Criterion) == nil {
		return fmt.Errorf("upper_gi: unknown criterion %q", u.Criterion)
	}
	for _, k := range []string{u.Referral, u.WeightLoss} {
		if _, ok := ObservationByKey(k); !ok {
			return fmt.Errorf("upper_gi: unknown observation %q", k)
		}
	}
	if u.Procedure.Snomed == "" || u.Days[0] < 0 || u.Days[1] < u.Days[0] || len(u.Findings) == 0 {
		return fmt.Errorf("upper_gi needs a procedure, days and findings")
	}
	for _, f := range u.Findings {
		if _, ok := ObservationByKey(f.Observation); !ok || f.Weight <= 0 {
			return fmt.Errorf("upper_gi: finding %q unknown or without a weight", f.Observation)
		}
	}
	return nil
}

// Criterion returns the criterion keyed key, or nil.
func (r *RedFlags) Criterion(key string) *RedFlag {
	for i := range r.Criteria {
		if r.Criteria[i].Key == key {
			return &r.Criteria[i]
		}
	}
	return nil
}
