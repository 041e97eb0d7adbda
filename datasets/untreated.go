package datasets

import "fmt"

// Untreated is why someone with a condition has no treatment for it: the
// reasons a clinician codes (declined, contraindicated, not indicated), by
// weight. The generator records one, once, at the first review where the
// untreated person is seen, so the untreated minority is explicable; the
// audit's exception codes read the same codes.
type Untreated struct {
	Reasons []UntreatedReason `yaml:"reasons"`
	// FirstLineOnly: the reasons are about the first line's drug alone (an
	// ACE inhibitor contraindicated or declined in heart failure); the later
	// lines (the beta-blocker, the diuretic) still start on their planned
	// days, as a line of a condition whose first line waits for its score.
	FirstLineOnly bool `yaml:"first_line_only"`
	// AcceptsLater: for a gated first line, the chance at each later review
	// where the gate still calls for it that a person who declined it takes
	// it then (an antidepressant offered again while depression stays more
	// severe; thirteenth review). 0: a decline stands.
	AcceptsLater float64 `yaml:"accepts_later"`
	// AcceptsOnRise: the chance, in place of AcceptsLater, at a visit where
	// the gate's risk score has risen since the decline was last coded (a
	// stroke or TIA, a new risk factor, a birthday that adds a point; h61c).
	// 0: AcceptsLater.
	AcceptsOnRise float64 `yaml:"accepts_on_rise"`
	// ReofferDays: the least days from the last coded decline to the next
	// offer (the yearly AF review; a risen score offers it at once). 0:
	// every review where the gate calls for it.
	ReofferDays int    `yaml:"reoffer_days"`
	Source      string `yaml:"source"`
}

// UntreatedReason is one coded reason (SNOMED CT situation) and its weight.
// Without names conditions that rule the reason out for the person who holds
// one of them on the day: drug treatment is "not indicated" for low-risk
// stage 1 hypertension, never beside cardiovascular disease (NICE NG136).
type UntreatedReason struct {
	Snomed      string   `yaml:"snomed"`
	Description string   `yaml:"description"`
	Weight      float64  `yaml:"weight"`
	Without     []string `yaml:"without"`
	// RulesOut: the reason is the first line's medicine contraindicated,
	// not treatment declined: the person is given the first line's
	// if_ruled_out instead, and the reason is coded beside it (modified-
	// release dipyridamole with aspirin when clopidogrel is contraindicated
	// after a stroke, NICE TA210; twenty-fifth review).
	RulesOut bool `yaml:"rules_out"`
	// Lasting: the reason holds at later offers (a contraindication): the
	// yearly re-offer codes it again, and nobody holding it takes the line
	// up there (accepts_later, accepts_on_rise; h61c).
	Lasting bool `yaml:"lasting"`
	// With and Reading (a treatment line's not_taken): the grounds the
	// record must show for the reason to be coded: one of these conditions
	// held on the day, or the latest reading of the observation meeting
	// the level (at_most). A person drawn the reason without them is coded
	// the first reason that needs none (h63b: "Beta blocker
	// contraindicated" in heart failure at a heart rate of 71-91, blood
	// pressure 128-144 and no asthma on the record, -n 3000 -s 31).
	With    []string   `yaml:"with"`
	Reading *LineNeeds `yaml:"reading"`
}

// Grounded reports whether the reason asks for grounds on the record.
func (r *UntreatedReason) Grounded() bool {
	return len(r.With) > 0 || r.Reading != nil
}

// check reports a reason list that cannot be used: known names the
// condition keys its reasons may be ruled out by. One reason at least must
// be open to everyone, so nobody untreated is left without one.
func (u *Untreated) check(cond string, known map[string]bool) error {
	if len(u.Reasons) == 0 || u.Source == "" {
		return fmt.Errorf("condition %s: untreated needs reasons and a source", cond)
	}
	open := false
	for _, r := range u.Reasons {
		if r.Snomed == "" || r.Description == "" || r.Weight <= 0 {
			return fmt.Errorf("condition %s: untreated reason %q needs snomed, description and a weight above 0", cond, r.Description)
		}
		for _, k := range r.Without {
			if !known[k] {
				return fmt.Errorf("condition %s: untreated reason %q: without names unknown condition %q", cond, r.Description, k)
			}
		}
		open = open || len(r.Without) == 0
	}
	if !open {
		return fmt.Errorf("condition %s: every untreated reason has a without list: someone would have none", cond)
	}
	if u.AcceptsLater < 0 || u.AcceptsLater > 1 || u.AcceptsOnRise < 0 || u.AcceptsOnRise > 1 || u.ReofferDays < 0 {
		return fmt.Errorf("condition %s: untreated accepts_later and accepts_on_rise are chances from 0 to 1, reoffer_days days from 0", cond)
	}
	return nil
}
