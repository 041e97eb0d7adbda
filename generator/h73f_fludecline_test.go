// Checks for brief h73f: infections, cultures and the flu decline.
package generator

import (
	"testing"
	"time"
)

// TestFluDeclineIsNoVisitOfItsOwn: a declined flu vaccine is coded where
// the practice hears it: at a contact with a clinician the person has in
// the season (the vaccine offered there), or as the reply to the
// invitation filed at the practice with no clinician (immunisations.yaml
// influenza declined_source: the QOF exception code is the practice's
// record of the invitation's answer). Never a clinician's appointment that
// holds nothing else. Before, 13,640 of 14,042 declines were the only row
// of a 10-20 minute nurse check-up booked for them (generate -n 20000
// -s 83). Each decline also falls in the season's autumn months
// (September to March).
func TestFluDeclineIsNoVisitOfItsOwn(t *testing.T) {
	r := pathwayPopulation(t)
	declined := obsCode(t, "flu_vacc_declined")
	other := map[string]bool{} // encounters with a record beside a decline
	for i := range r.b.Observations {
		if o := &r.b.Observations[i]; o.SnomedCode != declined {
			other[o.EncounterID] = true
		}
	}
	for i := range r.b.Prescriptions {
		other[r.b.Prescriptions[i].EncounterID] = true
	}
	for i := range r.b.Immunisations {
		other[r.b.Immunisations[i].EncounterID] = true
	}
	n, filed, alone, offSeason := 0, 0, 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != declined {
			continue
		}
		n++
		e := r.encs[o.EncounterID]
		if m := o.EffectiveTime.Date().Time().Month(); m > time.March && m < time.September {
			offSeason++
			t.Logf("%s: flu decline on %s, out of the season", o.PatientID, o.EffectiveTime.Date())
		}
		switch {
		case e == nil:
			t.Errorf("%s: flu decline at no encounter", o.PatientID)
		case e.PractitionerID == "":
			filed++
		case e.ReasonConditionID == "" && !other[e.EncounterID]:
			alone++
			if alone <= 5 {
				t.Logf("%s: flu decline the only record of a %s on %s", o.PatientID, e.TypeDisplay, e.StartTime.Date())
			}
		}
	}
	t.Logf("%d flu declines: %d filed replies, %d alone at a clinician's contact, %d out of season", n, filed, alone, offSeason)
	enough(t, n, 500, "flu declines")
	if alone > 0 || offSeason > 0 {
		t.Errorf("%d of %d flu declines are a clinician's visit of their own, %d out of the season", alone, n, offSeason)
	}
}
