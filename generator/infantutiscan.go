package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The kidneys of a baby of 3-6 months treated at home for a first UTI are
// scanned within 6 weeks (uticulture.yaml infant_scan; NICE NG224; brief
// h64g). A baby admitted with one is scanned in the stay (staytests.go);
// before, 27 of 28 treated at home had no scan (generate -n 20000 -s 83).

// infantScanPlan is infant_scan resolved.
type infantScanPlan struct {
	*datasets.InfantScan
	code datasets.ObservationCode
}

// resolveInfantScan resolves the scan's code (checked by the loader).
func (p *Plan) resolveInfantScan() error {
	sc, err := datasets.LoadInfantScan()
	if err != nil {
		return err
	}
	code, _ := datasets.ObservationByKey(sc.Observation)
	p.infantScan = &infantScanPlan{InfantScan: sc, code: code}
	return nil
}

// infantUTIScans books the scan of the person's first episode of the
// problem when it began in the age band and no scan was coded from its
// first day to the last of the window (the stay's): a hospital outpatient
// attendance about the episode, on a day drawn from a stream keyed by the
// episode's first day.
func (w *worker) infantUTIScans(per *person) {
	sp := w.plan.infantScan
	if sp == nil || per.birth+models.Date(sp.UnderAgeDays) < per.firstDay {
		return
	}
	var first *models.Condition
	for k := per.condFrom; k < len(w.b.Conditions); k++ {
		if c := &w.b.Conditions[k]; c.ConditionKey == sp.Problem && (first == nil || c.OnsetDate < first.OnsetDate) {
			first = c
		}
	}
	if first == nil {
		return
	}
	onset := first.OnsetDate
	if age := int(onset - per.birth); age < sp.FromAgeDays || age >= sp.UnderAgeDays {
		return
	}
	last := onset + models.Date(sp.Days[1])
	for i := per.obsFrom; i < len(w.b.Observations); i++ {
		if o := &w.b.Observations[i]; o.SnomedCode == sp.code.Snomed && o.EffectiveTime.Date() >= onset && o.EffectiveTime.Date() <= last {
			return // scanned in the stay
		}
	}
	s := per.stream(w.plan.Opts.Seed, purposeInfantUTIScan, uint64(onset))
	day := onset + models.Date(between(sp.Days, &s))
	if day > per.lastDay || per.inEndOfLifeCare(day) {
		return
	}
	encID, start, ok := w.outpatientAt(per, day, first.ConditionID, &s)
	if !ok {
		return
	}
	w.b.Observations = append(w.b.Observations, w.observation(per, encID, start.AddMinutes(5), &sp.code))
}
