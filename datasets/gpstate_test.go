package datasets

import "testing"

// TestGPConditionStateChecked: the catalogue's GP condition-state settings
// load with a source, and settings without a source, with a share outside
// [0, 1], with no interval, or with a telephone share past the home
// visits' draw are refused.
func TestGPConditionStateChecked(t *testing.T) {
	cat, err := LoadCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	good, tel := cat.Activity.GPConditionState, cat.Activity.GPTelephoneShare
	if cat.checkGPConditionState() != nil {
		t.Fatalf("gp_condition_state %+v, gp_telephone_share %v: refused", good, tel)
	}
	for name, edit := range map[string]func(*Catalogue){
		"no source":         func(c *Catalogue) { c.Activity.GPConditionState.Source = "" },
		"share above 1":     func(c *Catalogue) { c.Activity.GPConditionState.StableShare = 1.5 },
		"negative admin":    func(c *Catalogue) { c.Activity.GPConditionState.AdminShare = -0.1 },
		"no settle days":    func(c *Catalogue) { c.Activity.GPConditionState.SettleDays = 0 },
		"no query gap":      func(c *Catalogue) { c.Activity.GPConditionState.QueryGapDays = 0 },
		"no bp gap":         func(c *Catalogue) { c.Activity.GPConditionState.OpportunisticBPGapDays = 0 },
		"no unsettled gap":  func(c *Catalogue) { c.Activity.GPConditionState.UnsettledBPGapDays = 0 },
		"telephone too big": func(c *Catalogue) { c.Activity.GPTelephoneShare = 0.4 },
	} {
		cat.Activity.GPConditionState, cat.Activity.GPTelephoneShare = good, tel
		edit(cat)
		if cat.checkGPConditionState() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
