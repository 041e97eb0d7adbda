package generator

import (
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestNSAIDFrom65HasItsPPIInTheRecord: a 94-year-old's naproxen repeat for
// rheumatoid arthritis was issued with no PPI in the record: her reflux's
// PPI ran in the model from before she joined the practice, first issued
// at the reflux's first review there, months later (hard rule
// nsaid-65-plus-without-gastroprotection; generate -n 30000 -s 97, the
// 3,123rd person). NICE CKS NSAIDs: a PPI beside an NSAID from 65; every
// NSAID issue at 65 or over has a PPI issue running on its first day.
func TestNSAIDFrom65HasItsPPIInTheRecord(t *testing.T) {
	const index = 3122
	p := testPlan(t, 30000, func(o *Options) { o.Seed = 97 })
	r := realismOf(p, generateAll(t, p, index, index+1))
	issues := 0
	for id, pt := range r.patients {
		for _, rx := range r.rxOf[id] {
			g, _ := datasets.RegimenByDMD(rx.DMDCode)
			if !datasets.InClass(g.Medicine, "nsaid") || ageOnDay(pt, rx.StartDate) < 65 {
				continue
			}
			issues++
			covered := false
			for _, o := range r.rxOf[id] {
				og, _ := datasets.RegimenByDMD(o.DMDCode)
				if datasets.InClass(og.Medicine, "ppi") && o.StartDate <= rx.StartDate && (o.EndDate == models.NoDate || o.EndDate >= rx.StartDate) {
					covered = true
				}
			}
			if !covered {
				t.Errorf("%s issued on %s at %d with no PPI running", rx.Medication, rx.StartDate, ageOnDay(pt, rx.StartDate))
			}
		}
	}
	if issues > 0 {
		return
	}
	// h63g: from 65 no NSAID is started beside an ACE inhibitor, an ARB or
	// an SSRI (prescribing.yaml contraindications); her naproxen is not
	// given when one of them runs, and the test then reads that one does.
	beside := false
	for id, pt := range r.patients {
		for _, o := range r.rxOf[id] {
			og, _ := datasets.RegimenByDMD(o.DMDCode)
			beside = beside || ageOnDay(pt, o.StartDate) >= 65 && (datasets.InClass(og.Medicine, "raas_blocker") || datasets.InClass(og.Medicine, "ssri"))
		}
	}
	if !beside {
		t.Errorf("no NSAID issue at 65 or over of the person, and no ACE inhibitor, ARB or SSRI that bars one: the test tests little")
	}
}
