package generator

import "testing"

// h64a: a GP review read "7am GP starts". Stored times are UTC: 07:xx in
// British Summer Time is 08:xx on the practice's clock, and those are in
// hours. But an administrative call moved by whole days across a clock
// change (admincalls.go moveContact) kept its UTC time, so a result given
// at 08:10 in summer was called at 07:10 in winter and one at 17:40 in
// winter at 18:40 in summer: 511 calls before 08:00 and 514 from 18:00 on
// generate -n 20000 -s 83. GP practices' core hours are 08:00-18:30 on
// working days (GMS contract; extended access is separate and not
// modelled): no GP contact starts before 08:00 or after 18:30 on the UK
// clock (a few in-hours contacts begin at 18:00-18:10 and end by 18:30).
func TestGPContactsStartInCoreHours(t *testing.T) {
	r := pathwayPopulation(t)
	n, bad := 0, 0
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if e.Setting != settingGP {
			continue
		}
		n++
		l := UKLocal(e.StartTime)
		if m := l.Hour()*60 + l.Minute(); m < 8*60 || m > 18*60+30 {
			if bad++; bad <= 5 {
				t.Errorf("GP contact %s (%s, %s) starts at %s local", e.EncounterID, e.Class, e.TypeDisplay, l.Format("2006-01-02 15:04"))
			}
		}
	}
	t.Logf("%d GP contacts, %d starting outside 08:00-18:30", n, bad)
}
