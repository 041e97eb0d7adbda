package datasets

import "fmt"

// ReferCriterion is one of a recurrent complaint's referral criteria: at
// least Episodes episodes in each of the last Years years (SIGN 117 for
// tonsillectomy: 7 in a year, 5 a year for 2 years, 3 a year for 3).
type ReferCriterion struct {
	Episodes int `yaml:"episodes"`
	Years    int `yaml:"years"`
}

// Proneness: a Share of people have a complaint Relative times as often at
// the GP as the rest (recurrent tonsillitis runs in some children), until
// EndsAfterMetDays after their episodes first meet the refer_when criteria
// (referred and operated on, or the sore throats settle); 0: for life.
type Proneness struct {
	Share            float64 `yaml:"share"`
	Relative         float64 `yaml:"relative"`
	EndsAfterMetDays int     `yaml:"ends_after_met_days"`
	Source           string  `yaml:"source"`
}

// checkRecurrence checks a presentation's refer_when and prone.
func checkRecurrence(pr *Presentation) error {
	for _, c := range pr.ReferWhen {
		if c.Episodes <= 0 || c.Years <= 0 {
			return fmt.Errorf("refer_when needs episodes and years above 0")
		}
	}
	if len(pr.ReferWhen) > 0 && pr.ReferAfterEpisodes > 0 {
		return fmt.Errorf("refer_when replaces refer_after_episodes: give one")
	}
	if p := pr.Prone; p != nil && (p.Share <= 0 || p.Share >= 1 || p.Relative <= 1 || p.EndsAfterMetDays < 0 || p.Source == "" || pr.GP == nil) {
		return fmt.Errorf("prone needs a share between 0 and 1, a relative above 1, a source and gp weights")
	}
	return nil
}
