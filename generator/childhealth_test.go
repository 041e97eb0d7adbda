package generator

import (
	"math"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// TestChildHealthReviewsFollowTheGrowthStandard: babies born inside the
// record have their 6-8 week review at about the published uptake, and the
// growth measured at the reviews sits on the WHO standard (z-scores centred
// on 0 with a spread near 1, none absurd), birth weight included.
func TestChildHealthReviewsFollowTheGrowthStandard(t *testing.T) {
	const n = 6000
	p := testPlan(t, n, nil)
	b := generateAll(t, p, 0, n)
	ch, err := datasets.ChildHealthSchedule()
	if err != nil {
		t.Fatal(err)
	}
	head, _ := datasets.ObservationByKey("head_circumference")
	birthWeight, _ := datasets.ObservationByKey("birth_weight")
	type child struct {
		birth    models.Date
		sex      string
		reviewed bool
	}
	kids := map[string]*child{}
	eligible := 0
	for _, pt := range b.Patients {
		last := p.Opts.AsOf
		if pt.DeathDate != models.NoDate {
			last = pt.DeathDate
		}
		// born in the record and old enough by its end for the 6-8 week window
		if pt.BirthDate >= p.windowStart && pt.BirthDate+56 <= last {
			kids[pt.PatientID] = &child{birth: pt.BirthDate, sex: pt.Sex}
			eligible++
		}
	}
	zs := map[string][]float64{}
	for _, o := range b.Observations {
		k := kids[o.PatientID]
		if k == nil || o.Value == nil {
			continue
		}
		month := float64(o.EffectiveTime.Date()-k.birth) / 30.4375
		for _, m := range []string{"weight", "height", "head_circumference"} {
			code, _ := datasets.ObservationByKey(m)
			if o.SnomedCode != code.Snomed || month > 26 {
				continue
			}
			z := ch.GrowthZ(m, k.sex, month, *o.Value)
			if math.Abs(z) > 5 {
				t.Fatalf("%s %.2f %s at %.1f months: z %.1f", m, *o.Value, o.Unit, month, z)
			}
			zs[m] = append(zs[m], z)
		}
		if o.SnomedCode == birthWeight.Snomed { // taken at birth, copied in at the new birth visit
			zs["birth_weight"] = append(zs["birth_weight"], ch.GrowthZ("weight", k.sex, 0, *o.Value))
			if month > 1 {
				t.Fatalf("birth weight recorded at %.1f months", month)
			}
		}
		if o.SnomedCode == head.Snomed && month < 2.1 {
			k.reviewed = true
		}
	}
	reviewed := 0
	for _, k := range kids {
		if k.reviewed {
			reviewed++
		}
	}
	if eligible < 300 {
		t.Fatalf("only %d babies born in the record", eligible)
	}
	if share := float64(reviewed) / float64(eligible); share < 0.72 || share > 0.88 {
		t.Errorf("6-8 week review (head circumference) for %d of %d babies (%.0f%%), want about 80%%", reviewed, eligible, 100*share)
	}
	if len(zs["birth_weight"]) == 0 {
		t.Error("no birth weight recorded")
	}
	for m, v := range zs {
		mean, sd := meanSD(v)
		if len(v) < 200 || math.Abs(mean) > 0.15 || sd < 0.85 || sd > 1.25 {
			t.Errorf("%s: %d measurements, z mean %.2f sd %.2f; want about 0 and 1", m, len(v), mean, sd)
		}
	}
}

func meanSD(v []float64) (m, sd float64) {
	m = mean(v)
	for _, x := range v {
		sd += (x - m) * (x - m)
	}
	return m, math.Sqrt(sd / float64(max(len(v)-1, 1)))
}
