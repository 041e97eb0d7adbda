package generator

import (
	"slices"
	"testing"
	"time"

	"github.com/code4health/cohortgen/models"
)

// TestBankHolidays compares three years with the dates gov.uk lists for
// England, substitute days and the 2022 jubilee and funeral included.
func TestBankHolidays(t *testing.T) {
	want := map[int][]string{
		2021: {"2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30", "2021-12-27", "2021-12-28"},
		2022: {"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"},
		2024: {"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26", "2024-12-25", "2024-12-26"},
	}
	for y, days := range want {
		var got []string
		for _, d := range bankHolidays(y) {
			got = append(got, d.String())
		}
		slices.Sort(got)
		if !slices.Equal(got, days) {
			t.Errorf("%d: %v, want %v", y, got, days)
		}
	}
}

// TestNoAppointmentsWhenClosed: no GP or clinic appointment falls on a
// weekend or a bank holiday (A&E and emergency admissions may; so may the
// call about an unexpected death). An expected death at home on a closed
// day is verified by the out-of-hours service, not by a practice visit
// (stop 61: 211 such visits at generate -n 20000 -s 83 before).
func TestNoAppointmentsWhenClosed(t *testing.T) {
	r := newRealism(t, 3000)
	holiday := map[models.Date]bool{}
	for y := 1900; y <= 2030; y++ {
		for _, d := range bankHolidays(y) {
			holiday[d] = true
		}
	}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		d := localDate(e.StartTime)
		wd := weekday(d)
		closed := holiday[d] || wd == time.Saturday || wd == time.Sunday
		if (e.Setting == settingGP || e.Setting == settingOutpatient) && closed && !reportsSuddenDeath(r, e) {
			t.Fatalf("%s %s on %s (%s): practices and clinics are closed", e.Setting, e.EncounterID, d, weekday(d))
		}
	}
}

// localDate is the UK calendar date of a stored (UTC) time.
func localDate(ts models.Timestamp) models.Date {
	d := ts.Date()
	return (ts + models.Timestamp(int64(ukClock.offsetMinutes(d))*int64(time.Minute/time.Microsecond))).Date()
}

// reportsSuddenDeath reports whether the encounter is the call that tells
// the practice of an unexpected death (suddendeath.go), on any day.
func reportsSuddenDeath(r *realism, e *models.Encounter) bool {
	for _, o := range r.obsByEnc[e.EncounterID] {
		if r.p.deathUnexpected != nil && o.SnomedCode == r.p.deathUnexpected.Snomed {
			return true
		}
	}
	return false
}

// verifiesDeath reports whether the encounter is the visit that verifies an
// expected death (verification.go) or the call that tells the practice of
// an unexpected one (suddendeath.go), on any day.
func verifiesDeath(r *realism, e *models.Encounter) bool {
	for _, o := range r.obsByEnc[e.EncounterID] {
		if (r.p.deathVerified != nil && o.SnomedCode == r.p.deathVerified.Snomed) ||
			(r.p.deathUnexpected != nil && o.SnomedCode == r.p.deathUnexpected.Snomed) {
			return true
		}
	}
	return false
}
