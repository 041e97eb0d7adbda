// Checks for brief h74h: asthma, chest infections and children's follow-up.
// A GP review found adult asthma attacks with no inhaled corticosteroid, a
// baby's head circumference above the 99.6th centile never measured again,
// and a flu vaccine declined in a season its dose was given in.
package generator

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestAdultAsthmaAttackHasInhaledCorticosteroid: NICE NG245 (BTS/NICE/SIGN
// 2024) gives everyone with asthma an ICS-containing regimen, never a SABA
// alone, and steps treatment up after an attack. Every adult's asthma
// attack has an ICS-containing inhaler (ics, ics_laba or ics_laba_lama:
// medicine_classes.csv) running within 90 days before or after it. The
// review's 99 of 2,416 without counted beclometasone only; with the
// ICS-LAMA-LABA inhaler of COPD with asthma counted, none was without on
// main (generate -n 20000 -s 83: 0 of 2,527), so this guards the rule: it
// fails when an attack comes with no ICS course near it.
func TestAdultAsthmaAttackHasInhaledCorticosteroid(t *testing.T) {
	r := pathwayPopulation(t)
	type span struct{ from, to models.Date }
	ics := map[string][]span{}
	for i := range r.b.Prescriptions {
		rx := &r.b.Prescriptions[i]
		for _, c := range datasets.MedicineClasses(medKey(rx)) {
			if strings.HasPrefix(c, "ics") {
				to := rx.EndDate
				if to == models.NoDate {
					to = rx.StartDate + 100000
				}
				ics[rx.PatientID] = append(ics[rx.PatientID], span{rx.StartDate, to})
				break
			}
		}
	}
	attacks, without := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "asthma_attack" || ageOnDay(r.patients[c.PatientID], c.OnsetDate) < 18 {
			continue
		}
		attacks++
		near := false
		for _, sp := range ics[c.PatientID] {
			near = near || (sp.from <= c.OnsetDate+90 && sp.to >= c.OnsetDate-90)
		}
		if !near {
			without++
			t.Logf("%s: asthma attack on %s with no ICS within 90 days", c.PatientID, c.OnsetDate)
		}
	}
	enough(t, attacks, 200, "adult asthma attacks")
	t.Logf("%d of %d adult asthma attacks with no ICS within 90 days", without, attacks)
	if without > 0 {
		t.Errorf("%d of %d adult asthma attacks with no inhaled corticosteroid within 90 days (NICE NG245)", without, attacks)
	}
}

// TestHeadCircumferenceOutsideChartIsMeasuredAgain: NICE QS198 statement 2
// and the UK-WHO chart instructions (child_health.yaml head_check): a
// baby's head circumference above the 99.6th or below the 0.4th centile is
// measured again and, confirmed, referred to a paediatrician. Before, none
// of 28 such heads of 1,917 measured (14 above, 14 below: 1.4% against
// 0.8% by definition) was measured again (generate -n 20000 -s 83). Each
// first measurement outside the lines with a month of record after it has
// a second within 28 days; each second still outside on the same side has
// the referral the same day; and the first measurements keep the
// standard's spread (at most 1.2% outside).
func TestHeadCircumferenceOutsideChartIsMeasuredAgain(t *testing.T) {
	r := review5Population(t)
	ch, err := datasets.ChildHealthSchedule()
	if err != nil {
		t.Fatal(err)
	}
	head, _ := datasets.ObservationByKey("head_circumference")
	ref, ok := datasets.ObservationByKey("paediatrics_referral")
	if !ok {
		t.Fatal("observation_codes.csv: no paediatrics_referral")
	}
	type reading struct {
		day models.Date
		z   float64
	}
	heads := map[string][]reading{}
	referred := map[string]models.Date{}
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		switch {
		case o.SnomedCode == ref.Snomed:
			referred[o.PatientID] = o.EffectiveTime.Date()
		case o.SnomedCode == head.Snomed && o.Value != nil:
			pt := r.patients[o.PatientID]
			month := float64(o.EffectiveTime.Date()-pt.BirthDate) / 30.4375
			z := ch.GrowthZ("head_circumference", pt.Sex, month, *o.Value)
			heads[o.PatientID] = append(heads[o.PatientID], reading{o.EffectiveTime.Date(), z})
		}
	}
	lim := ch.HeadCheck.OutsideZ
	first, outside, unchecked, unreferred := 0, 0, 0, 0
	for pid, hs := range heads {
		first++
		if math.Abs(hs[0].z) <= lim {
			continue
		}
		outside++
		last := r.lastRecordDay(pid)
		if len(hs) < 2 || hs[1].day > hs[0].day+28 {
			if hs[0].day+28 <= last {
				unchecked++
				t.Logf("%s: head circumference z %.2f on %s never measured again", pid, hs[0].z, hs[0].day)
			}
			continue
		}
		if math.Abs(hs[1].z) > lim && hs[1].z*hs[0].z > 0 && referred[pid] != hs[1].day {
			unreferred++
			t.Logf("%s: head circumference z %.2f confirmed at %.2f on %s, no referral", pid, hs[0].z, hs[1].z, hs[1].day)
		}
	}
	enough(t, first, 1000, "babies with a head circumference measured")
	enough(t, outside, 5, "first head measurements outside the 0.4th-99.6th centiles")
	t.Logf("%d of %d first head measurements outside the chart's lines; %d not measured again, %d confirmed and not referred", outside, first, unchecked, unreferred)
	if unchecked > 0 || unreferred > 0 {
		t.Errorf("%d of %d heads outside the 0.4th-99.6th centiles not measured again, %d confirmed and not referred (NICE QS198 statement 2)", unchecked, outside, unreferred)
	}
	if share := float64(outside) / float64(first); share > 0.012 {
		t.Errorf("%.2f%% of first head measurements outside the 0.4th-99.6th centiles (want 1.2%% or less: 0.8%% by definition)", 100*share)
	}
}

// lastRecordDay is the last day of a patient's record: death, or the latest
// row written.
func (r *realism) lastRecordDay(pid string) models.Date {
	pt := r.patients[pid]
	if pt.DeathDate != models.NoDate {
		return pt.DeathDate
	}
	return r.p.Opts.AsOf
}

// TestFluNotDeclinedInASeasonWithADose: a flu vaccine declined in a season
// is not given in it, and one given is not declined after (Green Book
// chapter 19 offers the season's vaccine once; a decline coded beside a
// dose reads as a wrong record). Before, 12 declines came after a dose in
// the same season and 13 doses after a decline, all doses of a pregnancy
// (generate -n 20000 -s 83).
func TestFluNotDeclinedInASeasonWithADose(t *testing.T) {
	r := review5Population(t)
	dec, _ := datasets.ObservationByKey("flu_vacc_declined")
	season := func(d models.Date) int {
		y, m, _ := d.YMD()
		if m >= int(time.September) {
			return y
		}
		return y - 1
	}
	type key struct {
		pid    string
		season int
	}
	dosed := map[key]bool{}
	for i := range r.b.Immunisations {
		im := &r.b.Immunisations[i]
		if im.Programme == progInfluenza {
			dosed[key{im.PatientID, season(im.OccurrenceTime.Date())}] = true
		}
	}
	declines, both := 0, 0
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.SnomedCode != dec.Snomed {
			continue
		}
		declines++
		if dosed[key{o.PatientID, season(o.EffectiveTime.Date())}] {
			both++
			t.Logf("%s: flu vaccine declined on %s in a season with a dose", o.PatientID, o.EffectiveTime.Date())
		}
	}
	enough(t, declines, 1000, "flu vaccine declines")
	t.Logf("%d of %d flu declines in a season with a dose", both, declines)
	if both > 0 {
		t.Errorf("%d of %d flu vaccine declines in a season with a flu dose", both, declines)
	}
}
