package generator

import (
	"cmp"
	"math"
	"slices"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// h72e: a GP review found lipid profiles whose parts came from different
// states (119 of 43,887 profiles with triglycerides under 4.5 and no LDL,
// the total below the HDL plus triglycerides/2.2; an HDL of 2.0 or more
// beside triglycerides of 2.0 or more in 429, the log HDL and triglycerides
// correlating at -0.11), and CKD stage 3b coded on one eGFR below 45 or on
// two under 90 days apart (56 of 334 stage 3b rows; generate -n 20000
// -s 83). The tests read the shared pathway population.

// TestLipidProfileIsOneState: a profile is one sample of one lipid state.
// The LDL is calculated (Friedewald: LDL = total - HDL - triglycerides/2.2)
// whenever the triglycerides are 4.5 or less, and withheld above
// (laboratories measure it directly there); the parts add up to the total
// within the rounding; HDL and triglycerides go inversely (Lipid Research
// Clinics prevalence study, Circulation 1980): their logs correlate at
// -0.3 or below, and an HDL of 2.0 or more beside triglycerides of 2.0 or
// more is in under 0.5% of profiles (before 0.98%). At least 2,000
// profiles must be read.
func TestLipidProfileIsOneState(t *testing.T) {
	r := pathwayPopulation(t)
	tc, hdl, tg, ldl := r.snomed("total_cholesterol"), r.snomed("hdl_cholesterol"), r.snomed("triglycerides"), r.snomed("ldl_cholesterol")
	type panel struct{ tc, hdl, tg, ldl float64 }
	type sample struct {
		patient string
		at      models.Timestamp
	}
	panels := map[sample]*panel{}
	for i := range r.b.Observations {
		o := &r.b.Observations[i]
		if o.Value == nil || !slices.Contains([]string{tc, hdl, tg, ldl}, o.SnomedCode) {
			continue
		}
		key := sample{o.PatientID, o.EffectiveTime}
		p := panels[key]
		if p == nil {
			p = &panel{-1, -1, -1, -1}
			panels[key] = p
		}
		switch o.SnomedCode {
		case tc:
			p.tc = *o.Value
		case hdl:
			p.hdl = *o.Value
		case tg:
			p.tg = *o.Value
		case ldl:
			p.ldl = *o.Value
		}
	}
	n, missing, calculatedHigh, offSum, bothHigh := 0, 0, 0, 0, 0
	var sx, sy, sxx, syy, sxy float64
	for _, p := range panels {
		if p.tc < 0 || p.hdl <= 0 || p.tg <= 0 {
			continue
		}
		n++
		switch {
		case p.ldl < 0 && p.tg <= 4.5:
			missing++
		case p.ldl >= 0 && p.tg > 4.5:
			calculatedHigh++
		case p.ldl >= 0 && math.Abs(p.tc-(p.ldl+p.hdl+p.tg/2.2)) > 0.15:
			offSum++
		}
		if p.hdl >= 2 && p.tg >= 2 {
			bothHigh++
		}
		x, y := math.Log(p.hdl), math.Log(p.tg)
		sx, sy, sxx, syy, sxy = sx+x, sy+y, sxx+x*x, syy+y*y, sxy+x*y
	}
	fn := float64(n)
	corr := (sxy/fn - sx/fn*sy/fn) / math.Sqrt((sxx/fn-sx/fn*sx/fn)*(syy/fn-sy/fn*sy/fn))
	t.Logf("%d profiles: %d with triglycerides <= 4.5 and no LDL, %d LDLs calculated above 4.5, %d not adding up, %d with HDL >= 2 and triglycerides >= 2; log HDL-triglycerides correlation %.3f", n, missing, calculatedHigh, offSum, bothHigh, corr)
	if n < 2000 {
		t.Fatalf("only %d lipid profiles", n)
	}
	if missing > 0 || calculatedHigh > 0 || offSum > 0 {
		t.Errorf("%d profiles without a calculable LDL, %d calculated above 4.5, %d whose parts do not add up to the total", missing, calculatedHigh, offSum)
	}
	if corr > -0.3 {
		t.Errorf("log HDL and triglycerides correlate at %.3f (want -0.3 or below)", corr)
	}
	if float64(bothHigh) > 0.005*fn {
		t.Errorf("%d of %d profiles with an HDL of 2.0 or more and triglycerides of 2.0 or more (want under 0.5%%)", bothHigh, n)
	}
}

// TestCKDStageNeedsTwoReadings: a CKD stage (G3a to G5) is coded on
// results below its threshold for more than 3 months, two at least 90
// days apart with none at or above it between (NICE NG203 1.1, KDIGO
// 2012; catalogue ckd sustained). Every CKD row of stage 3b or worse coded
// in the record (a result before it on the record, so not a diagnosis
// carried from before the window) has the run of results below its
// threshold begin at least 90 days before; at most 2% may not (before 17%
// of stage 3b rows, generate -n 20000 -s 83). At least 30 rows must be
// read.
func TestCKDStageNeedsTwoReadings(t *testing.T) {
	r := pathwayPopulation(t)
	ci, ok := r.p.condIndex["ckd"]
	if !ok {
		t.Fatal("no ckd in the plan")
	}
	below := map[string]float64{}
	for i, st := range r.p.conds[ci].stages {
		if i > 0 {
			below[st.Snomed] = st.Below
		}
	}
	egfr := r.snomed("egfr")
	checked, early := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		bar, staged := below[c.SnomedCode]
		if c.ConditionKey != "ckd" || !staged {
			continue
		}
		var readings []*models.Observation
		for _, o := range r.obsOf[c.PatientID] {
			if o.SnomedCode == egfr && o.Value != nil && o.EffectiveTime.Date() <= c.OnsetDate {
				readings = append(readings, o)
			}
		}
		slices.SortFunc(readings, func(a, b *models.Observation) int { return cmp.Compare(a.EffectiveTime, b.EffectiveTime) })
		if len(readings) == 0 || readings[0].EffectiveTime.Date() >= c.OnsetDate {
			continue // carried from before the window: its results are not on the record
		}
		checked++
		first := models.NoDate // the first day of the latest run below the threshold
		for _, o := range readings {
			switch {
			case *o.Value >= bar:
				first = models.NoDate
			case first == models.NoDate:
				first = o.EffectiveTime.Date()
			}
		}
		if first == models.NoDate || c.OnsetDate-first < 90 {
			early++
			if early <= 10 {
				t.Logf("%s: %s coded %s, results below %.0f from %s", c.PatientID, c.Description, c.OnsetDate, bar, first)
				for _, o := range readings[max(0, len(readings)-4):] {
					t.Logf("   %s %.0f", o.EffectiveTime.Date(), *o.Value)
				}
			}
		}
	}
	t.Logf("%d CKD rows of stage 3b or worse coded in the record, %d on results below the stage for under 90 days", checked, early)
	if checked < 30 {
		t.Fatalf("only %d staged CKD rows", checked)
	}
	if float64(early) > 0.02*float64(checked) {
		t.Errorf("%d of %d stage 3b-5 rows coded on results below the stage for under 90 days (want at most 2%%)", early, checked)
	}
}
