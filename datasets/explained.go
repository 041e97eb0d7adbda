package datasets

import "fmt"

// ReferUnlessExplained is NICE NG12's rule for a symptom that is referred on
// a suspected cancer pathway from an age unless another cause explains it:
// visible haematuria at 45 and over is referred unless a urinary tract
// infection explains it, and one that recurs after that infection is
// treated is referred (twenty-seventh review). From FromAge the
// complaint's refer_shares are 1; ExplainedShare of first episodes are
// found to be the infection instead: the GP codes and treats presentation
// By at the same consultation, and the episode lasts as long as the
// infection. Test (a urine sent for culture) is recorded at the first
// consultation of every episode, at any age.
type ReferUnlessExplained struct {
	FromAge        int     `yaml:"from_age"`
	By             string  `yaml:"by"`              // the presentation that explains it (uti)
	ExplainedShare float64 `yaml:"explained_share"` // of first episodes from FromAge
	Test           string  `yaml:"test"`            // observation_codes.csv key recorded at each episode's first consultation
	Source         string  `yaml:"source"`
}

// checkReferUnlessExplained checks each refer_unless_explained: a
// presentation that explains it, a coded test, a share in [0, 1], a source,
// and refer_shares of 1 from the band holding from_age, which must begin
// that band (a referral at every unexplained episode).
func (c *Catalogue) checkReferUnlessExplained() error {
	known := c.episodeKeys()
	for i := range c.Presentations {
		pr := &c.Presentations[i]
		u := pr.ReferUnlessExplained
		if u == nil {
			continue
		}
		where := "presentation " + pr.Key + ": refer_unless_explained"
		if !known[u.By] || u.By == pr.Key || u.Source == "" || u.ExplainedShare < 0 || u.ExplainedShare > 1 {
			return fmt.Errorf("%s needs another presentation to explain it, a share in [0, 1] and a source", where)
		}
		if _, ok := ObservationByKey(u.Test); !ok {
			return fmt.Errorf("%s: test %q is not in observation_codes.csv", where, u.Test)
		}
		b := c.BandOf(u.FromAge)
		if pr.ReferShares == nil || (b > 0 && c.Bands[b-1] != u.FromAge-1) {
			return fmt.Errorf("%s needs refer_shares and a from_age that begins an age band", where)
		}
		for _, v := range pr.ReferShares[b:] {
			if v != 1 {
				return fmt.Errorf("%s: refer_shares must be 1 from age %d (every unexplained episode is referred)", where, u.FromAge)
			}
		}
	}
	return nil
}
