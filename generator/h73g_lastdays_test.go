package generator

import (
	"slices"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// h73g (issue 9): a GP review of the last days found the people dying at
// home on the palliative care register with no syringe driver taking their
// apixaban, bisoprolol, furosemide and ramipril to the day of death
// (generate -n 20000 -s 83: 38, 55, 48 and 31 register deaths at home).

// TestLastDaysStopWithoutSyringeDriver: when a person is recognised as
// dying, the medicines not providing symptomatic benefit stop (NICE NG31
// 1.5, approx; its information for the public verified on nice.org.uk;
// catalogue end_of_life syringe_driver without_driver). Of the people with
// anticipatory medicines who die out of hospital with no syringe driver, at
// most 10% still have an oral medicine of those classes running on the day
// of death (the review's visit may find no free working day, or a stay in
// the last days, the scenarios' named medicines), and at least 30 such
// people with one running a month before death must be read. Before: every
// one of them did (151 of them with one of the four, -s 83).
func TestLastDaysStopWithoutSyringeDriver(t *testing.T) {
	r := pathwayPopulation(t)
	wd := r.p.Cat.EndOfLife.SyringeDriver.WithoutDriver
	if wd == nil {
		t.Fatal("catalogue: end_of_life syringe_driver has no without_driver")
	}
	diedIn := map[string]bool{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if p := r.patients[e.PatientID]; e.Setting == settingInpatient && p.DeathDate != models.NoDate && e.EndTime.Date() >= p.DeathDate-3 {
			diedIn[e.PatientID] = true
		}
	}
	ofClasses := func(rx *models.Prescription) bool {
		g, ok := datasets.RegimenByDMD(rx.DMDCode)
		return ok && oralForm(g.Form) && slices.ContainsFunc(wd.Classes, func(c string) bool { return datasets.InClass(g.Medicine, c) })
	}
	read, running := 0, 0
	for id, rxs := range r.rxOf {
		p := r.patients[id]
		if p.DeathDate == models.NoDate || diedIn[id] {
			continue
		}
		jic, driver, before, atDeath := false, false, false, ""
		for _, rx := range rxs {
			jic = jic || medKey(rx) == "midazolam" && !isCSCI(rx)
			driver = driver || isCSCI(rx)
			if !ofClasses(rx) {
				continue
			}
			runsOn := func(d models.Date) bool {
				return rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d)
			}
			before = before || runsOn(p.DeathDate-28)
			if runsOn(p.DeathDate) {
				atDeath = rx.Medication
			}
		}
		if !jic || driver || !before {
			continue
		}
		read++
		if atDeath != "" {
			running++
			t.Logf("%s: %s runs on the day of death %s, no syringe driver", id, atDeath, p.DeathDate)
		}
	}
	t.Logf("%d of %d people dying at home with anticipatory medicines, no syringe driver and a cardiovascular medicine a month before death had one running on the day of death", running, read)
	enough(t, read, 30, "people dying at home with no syringe driver on a cardiovascular medicine")
	if float64(running) > 0.1*float64(read) {
		t.Errorf("%d of %d people dying at home with no syringe driver took an oral %v medicine to the day of death; want at most 10%% (NICE NG31)", running, read, wd.Classes)
	}
}
