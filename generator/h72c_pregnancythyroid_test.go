package generator

import (
	"testing"

	"github.com/code4health/cohortgen/models"
)

// h72c: a GP review found 38 of 38 pregnancies of women on levothyroxine
// with the dose unchanged and the TSH no more often than outside pregnancy
// (generate -n 20000 -s 83: 30 TSHs in the 37 pregnancies running on the
// day they were coded, none raised). BNSSG Remedy 'Thyroid disease and
// pregnancy' (verified): the dose is increased as soon as the woman is
// pregnant and the TSH checked then and through the trimesters; back to
// the dose before after the birth, the TSH 4-8 weeks later (ATA, as
// quoted). prescribing.yaml pregnancy_doses and pregnancy_levels.

// levothyroxineMicrograms is the daily dose of a levothyroxine issue, 0 for
// none (the ladder's products, "THREE tablets" of 50 being 150).
func levothyroxineMicrograms(rx *models.Prescription) int {
	if medKey(rx) != "levothyroxine_sodium" {
		return 0
	}
	switch rx.DMDCode {
	case "374294006":
		return 25
	case "374295007":
		if rx.DoseText == "Take THREE tablets (150 micrograms) each morning" {
			return 150
		}
		return 50
	case "376988009":
		return 75
	case "374296008":
		return 100
	}
	return 0
}

// levothyroxineOn is the dose of the levothyroxine repeat running on day d.
func levothyroxineOn(r *realism, patient string, d models.Date) int {
	for _, rx := range r.rxOf[patient] {
		if rx.PrescriptionID.IsZero() || rx.Type != models.PrescriptionRepeat || rx.StartDate > d || rx.EndDate != models.NoDate && rx.EndDate < d {
			continue
		}
		if mcg := levothyroxineMicrograms(rx); mcg > 0 {
			return mcg
		}
	}
	return 0
}

// TestLevothyroxineRaisedInPregnancy: every pregnancy coded while a woman
// takes levothyroxine below the ladder's top (150 micrograms) has the dose
// raised from the day it is coded; one that ended has the dose before it
// back two weeks after; at least 3 TSHs in a pregnancy lasting 20 weeks or
// more after it is coded. At least 10 such pregnancies must be read (37 at
// -n 20000 -s 83).
func TestLevothyroxineRaisedInPregnancy(t *testing.T) {
	r := review5Population(t)
	tsh := r.p.obsCodes[r.p.obsIndex["tsh"]].Snomed
	n, notRaised, notBack, fewTSH, long := 0, 0, 0, 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "pregnancy" {
			continue
		}
		before := levothyroxineOn(r, c.PatientID, c.OnsetDate-1)
		if before == 0 || before >= 150 || levothyroxineOn(r, c.PatientID, c.OnsetDate) == 0 {
			continue
		}
		n++
		if in := levothyroxineOn(r, c.PatientID, c.OnsetDate+1); in <= before {
			notRaised++
			t.Logf("%s: pregnancy coded %s: levothyroxine %d micrograms before, %d after", c.PatientID, c.OnsetDate, before, in)
		}
		if c.ResolvedDate != models.NoDate {
			if after := levothyroxineOn(r, c.PatientID, c.ResolvedDate+14); after != 0 && after != before {
				notBack++
				t.Logf("%s: pregnancy ended %s: %d micrograms before it, %d after", c.PatientID, c.ResolvedDate, before, after)
			}
		}
		if c.ResolvedDate == models.NoDate || c.ResolvedDate-c.OnsetDate < 140 {
			continue
		}
		long++
		k := 0
		for _, o := range r.obsOf[c.PatientID] {
			if d := o.EffectiveTime.Date(); o.SnomedCode == tsh && d >= c.OnsetDate && d < c.ResolvedDate {
				k++
			}
		}
		if k < 3 {
			fewTSH++
			t.Logf("%s: %d TSHs in a pregnancy from %s to %s", c.PatientID, k, c.OnsetDate, c.ResolvedDate)
		}
	}
	t.Logf("pregnancies on levothyroxine below 150 micrograms: %d; not raised %d, not back after %d, under 3 TSHs %d of %d lasting 20 weeks", n, notRaised, notBack, fewTSH, long)
	if n < 10 {
		t.Fatalf("only %d pregnancies on levothyroxine: too few to judge", n)
	}
	if notRaised > 0 || notBack > 0 || fewTSH > 0 {
		t.Errorf("%d pregnancies on levothyroxine not raised, %d not back to the dose before, %d with under 3 TSHs", notRaised, notBack, fewTSH)
	}
}
