package generator

import "github.com/code4health/cohortgen/models"

// QRISK3's total:HDL cholesterol ratio (h59c, issue 9): the score divided
// the person's usual total cholesterol by a fixed HDL of 1.4 mmol/L, so a
// woman with an HDL of 2.0 scored as if her ratio were 43% higher and a man
// with diabetes and an HDL of 0.9 as if it were 36% lower. The calculator
// reads the ratio from the lipid profile on the record: now the score reads
// the person's latest total and HDL from one sample (the profile the
// review or health check has just taken), or their usual levels when the
// record has none.

// cholHDLRatio is the total:HDL cholesterol ratio the score reads on day d:
// that of the latest sample on the record up to d with both, else the
// ratio of the person's usual levels.
func (w *worker) cholHDLRatio(per *person, d models.Date) float64 {
	cp := w.plan.cvd
	chol, hdl := w.plan.obsCodes[cp.chol].Snomed, w.plan.obsCodes[cp.hdl].Snomed
	obs := w.b.Observations[per.obsFrom:]
	for i := len(obs) - 1; i >= 0; i-- {
		o := &obs[i]
		if o.SnomedCode != hdl || o.Value == nil || *o.Value <= 0 || o.EffectiveTime.Date() > d {
			continue
		}
		for j := i - 1; j >= 0 && obs[j].EffectiveTime == o.EffectiveTime; j-- { // the profile follows its total
			if obs[j].SnomedCode == chol && obs[j].Value != nil {
				return *obs[j].Value / *o.Value
			}
		}
	}
	return w.usualLevel(per, cp.chol, d) / w.usualLevel(per, cp.hdl, d)
}
