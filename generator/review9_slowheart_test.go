// Checks for the ninth review's slow hearts on beta-blockers
// (docs/clinical-model.md, "Specialist-started medicines and slow hearts on
// beta-blockers (ninth review)").
package generator

import (
	"regexp"
	"sort"
	"strconv"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestNoBetaBlockerOnASlowHeart: a woman of 105 read 40/min at a review on
// bisoprolol and it went on unchanged; on generate -n 20000 -s 7, 320
// heart-rate readings below 50 in 143 people on a beta-blocker, and 453
// beta-blocker issues after a reading below 50 with no later reading of 50
// or more. BNF: not given in marked bradycardia; Postgrad Med J (beta-
// blockers in heart failure): below 50/min halve the dose or stop it. No
// beta-blocker is now issued after a latest reading below 50 unless at a
// lower dose than the one running at that reading: halved to 2.5 mg, or
// stopped from 2.5 mg with Bradycardia coded (prescribing.yaml slow_heart).
func TestNoBetaBlockerOnASlowHeart(t *testing.T) {
	r := review5Population(t)
	hrCode := r.snomed("heart_rate")
	issues, bad, coded := 0, 0, 0
	for id := range r.patients {
		var bb []*models.Prescription
		for _, rx := range r.rxOf[id] {
			if datasets.InClass(medKey(rx), "beta_blocker") {
				bb = append(bb, rx)
			}
		}
		for _, o := range r.obsOf[id] {
			if o.ValueCode == "48867003" {
				coded++
			}
		}
		if len(bb) == 0 {
			continue
		}
		sort.Slice(bb, func(i, j int) bool { return bb[i].StartDate < bb[j].StartDate })
		hr := r.values(id, hrCode)
		sort.Slice(hr, func(i, j int) bool { return hr[i].EffectiveTime < hr[j].EffectiveTime })
		for _, rx := range bb {
			e := r.encs[rx.EncounterID]
			if e == nil {
				continue
			}
			issues++
			// the latest reading before the issue (or at its appointment)
			var last *models.Observation
			for _, o := range hr {
				if o.EffectiveTime < e.StartTime || o.EncounterID == rx.EncounterID {
					last = o
				}
			}
			if last == nil || *last.Value >= 50 {
				continue
			}
			// the dose running when it was read: issued before it
			prev := -1.0
			for _, p := range bb {
				if p != rx && p.StartDate <= last.EffectiveTime.Date() && p.EncounterID != last.EncounterID {
					prev = strengthMg(p.Medication)
				}
			}
			if prev < 0 || strengthMg(rx.Medication) >= prev {
				bad++
				if bad <= 3 {
					t.Logf("%s: %s issued on %s after a heart rate of %.0f on %s", id, rx.Medication, rx.StartDate, *last.Value, last.EffectiveTime.Date())
				}
			}
		}
	}
	enough(t, issues, 1000, "beta-blocker issues")
	t.Logf("%d beta-blocker issues, %d after a heart rate below 50 not at a lower dose; %d stopped for bradycardia", issues, bad, coded)
	if bad > 0 {
		t.Fatalf("%d of %d beta-blocker issues after a heart rate below 50 without a lower dose or a later reading of 50 or more", bad, issues)
	}
	enough(t, coded, 10, "beta-blockers stopped for bradycardia")
}

var mgRe = regexp.MustCompile(`([0-9.]+)mg`)

// strengthMg is the strength a product's name states ("Bisoprolol 2.5mg
// tablets": 2.5), -1 when it states none.
func strengthMg(name string) float64 {
	if m := mgRe.FindStringSubmatch(name); m != nil {
		if v, err := strconv.ParseFloat(m[1], 64); err == nil {
			return v
		}
	}
	return -1
}
