package generator

import (
	"strings"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// h71c (issue 9): a GP review of the dying found the oral morphine "when
// required" of cancer reissued unchanged for months, no regular
// (modified-release) opioid, 5-10 mg rescue doses from 75 as at 40, and no
// syringe driver in anyone's last days (generate -n 20000 -s 83: 336 people
// with the oral solution as a repeat, 0 on a modified-release opioid, 1,379
// issues of 5-10 mg at 75 or over, 0 continuous subcutaneous infusions).

// isCSCI reports whether a prescription is a syringe driver's.
func isCSCI(rx *models.Prescription) bool {
	return strings.Contains(rx.DoseText, "continuous subcutaneous infusion")
}

// TestRegularOpioidIsTitrated: NICE CG140 (1.3, recalled; its information
// for the public verified on nice.org.uk) starts a regular oral opioid with
// an immediate-release rescue dose and a laxative, and adjusts the regular
// dose to the rescue doses used: every issue of a modified-release opioid
// comes with the oral solution and senna at the same encounter; its dose
// never falls; it starts at 5 mg twice a day from 75 and 10 mg under 75
// (morphine; BNF, elderly: reduce dose, approx), and the rescue dose from
// 75 is 2.5-5 mg; of the people with three or more issues, at least 40% had
// the dose raised (the catalogue's titrate share 0.5 at each reissue). At
// least 20 people on a regular opioid must be read. Before: nobody had one.
func TestRegularOpioidIsTitrated(t *testing.T) {
	r := pathwayPopulation(t)
	mgDay := map[string]float64{ // a dose's total a day, from regimens.csv
		"36127511000001108": 10, "36126511000001106": 20, "36131011000001107": 10, "36129511000001101": 20,
	}
	people, threeIssues, raised := 0, 0, 0
	for id, rxs := range r.rxOf {
		var mr []*models.Prescription
		atEnc := map[string]map[string]bool{}
		for _, rx := range rxs {
			k := medKey(rx)
			if atEnc[rx.EncounterID] == nil {
				atEnc[rx.EncounterID] = map[string]bool{}
			}
			atEnc[rx.EncounterID][k] = true
			if k == "morphine_modified_release" || k == "oxycodone_modified_release" {
				mr = append(mr, rx)
			}
			if k == "morphine_oral_solution" && ageOn(r.patients[id], rx.StartDate) >= 75 && strings.Contains(rx.DoseText, "5 mg to 10 mg") {
				t.Errorf("%s: oral morphine 5-10 mg at 75 or over on %s", id, rx.StartDate)
			}
		}
		if len(mr) == 0 {
			continue
		}
		people++
		prev, up := 0.0, false
		for i, rx := range mr {
			on := atEnc[rx.EncounterID]
			if !on["morphine_oral_solution"] && !on["oxycodone_oral_solution"] {
				t.Errorf("%s: %s on %s with no rescue dose at the encounter", id, rx.Medication, rx.StartDate)
			}
			if !on["senna"] {
				t.Errorf("%s: %s on %s with no laxative at the encounter", id, rx.Medication, rx.StartDate)
			}
			day := mgDay[rx.DMDCode] * float64(tabletsTwiceDaily(rx.DoseText))
			if i == 0 && medKey(rx) == "morphine_modified_release" {
				old := ageOn(r.patients[id], rx.StartDate) >= 75
				if want := map[bool]float64{true: 10, false: 20}[old]; day != want {
					t.Errorf("%s: regular morphine started at %.0f mg a day (75 or over: %v), want %.0f", id, day, old, want)
				}
			}
			if day < prev && medKey(rx) == medKey(mr[i-1]) {
				t.Errorf("%s: regular opioid lowered from %.0f to %.0f mg a day on %s", id, prev, day, rx.StartDate)
			}
			up = up || (i > 0 && day > prev)
			prev = day
		}
		if len(mr) >= 3 {
			threeIssues++
			if up {
				raised++
			}
		}
	}
	t.Logf("%d people on a regular opioid; %d with three or more issues, %d of them with the dose raised", people, threeIssues, raised)
	if people < 20 || threeIssues < 10 {
		t.Fatalf("too few people on a regular opioid (%d, %d with three issues) to say anything", people, threeIssues)
	}
	if float64(raised) < 0.4*float64(threeIssues) {
		t.Errorf("%d of %d people with three or more issues had the regular opioid raised; want at least 40%%", raised, threeIssues)
	}
}

// tabletsTwiceDaily is the number of tablets a modified-release dose text
// gives each time.
func tabletsTwiceDaily(dose string) int {
	for n, w := range []string{"ONE", "TWO", "THREE"} {
		if strings.HasPrefix(dose, "Take "+w+" ") {
			return n + 1
		}
	}
	return 0
}

// TestSyringeDriverInTheLastDays: when the oral route is lost in the last
// days, the medicines go on by syringe pump (NICE NG31 1.6-1.8, approx;
// catalogue end_of_life syringe_driver): morphine (or oxycodone) and
// midazolam over 24 hours, set up 1-3 days before an expected death out of
// hospital (6 at most, moved back to a working day), to someone who had the
// anticipatory medicines; nothing taken by mouth runs on its day (at most
// 1% of them, for a writer added later than the stop). Of the people with anticipatory medicines who
// die out of hospital, 30-65% have one (share 0.5, less the days no visit
// can be booked). At least 20 must be read. Before: nobody had one.
func TestSyringeDriverInTheLastDays(t *testing.T) {
	r := pathwayPopulation(t)
	diedIn := map[string]bool{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if p := r.patients[e.PatientID]; e.Setting == settingInpatient && p.DeathDate != models.NoDate && e.EndTime.Date() >= p.DeathDate {
			diedIn[e.PatientID] = true
		}
	}
	anticipatory, withDriver, oralOn := 0, 0, 0
	for id, rxs := range r.rxOf {
		p := r.patients[id]
		var sd, jic models.Date // the syringe driver's day, the anticipatory medicines' (0: none)
		for _, rx := range rxs {
			if isCSCI(rx) && (sd == 0 || rx.StartDate < sd) {
				sd = rx.StartDate
			}
			if medKey(rx) == "midazolam" && !isCSCI(rx) && (jic == 0 || rx.StartDate < jic) {
				jic = rx.StartDate
			}
		}
		if jic != 0 && !diedIn[id] {
			anticipatory++
		}
		if sd == 0 {
			continue
		}
		withDriver++
		if p.DeathDate == models.NoDate || sd < p.DeathDate-6 || sd > p.DeathDate || diedIn[id] || jic == 0 || jic > sd {
			t.Errorf("%s: syringe driver on %s, death %s in hospital %v, anticipatory medicines %s", id, sd, p.DeathDate, diedIn[id], jic)
		}
		for _, rx := range rxs {
			g, _ := datasets.RegimenByDMD(rx.DMDCode)
			if oralForm(g.Form) && rx.StartDate <= sd && (rx.EndDate == models.NoDate || rx.EndDate >= sd) {
				oralOn++
				t.Logf("%s: %s runs on the syringe driver's day %s", id, rx.Medication, sd)
				break
			}
		}
	}
	t.Logf("%d of %d people with anticipatory medicines dying out of hospital had a syringe driver; %d with an oral medicine running on its day", withDriver, anticipatory, oralOn)
	if withDriver < 20 {
		t.Fatalf("too few syringe drivers (%d) to say anything", withDriver)
	}
	if share := float64(withDriver) / float64(anticipatory); share < 0.3 || share > 0.65 {
		t.Errorf("%.0f%% of people with anticipatory medicines dying out of hospital had a syringe driver, want 30-65%%", 100*share)
	}
	if float64(oralOn) > 0.01*float64(withDriver) {
		t.Errorf("%d of %d people with a syringe driver had a medicine by mouth running on its day; want at most 1%%", oralOn, withDriver)
	}
}
