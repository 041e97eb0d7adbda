package datasets

import (
	"fmt"
	"slices"
)

// AfterFracture is how a fragility fracture brings a person onto a bone
// condition's register (catalogue osteoporosis after_fracture): a fracture
// of one of Fractures at MinAge or over is followed up at that fracture's
// share (a hip fracture by the hospital's orthogeriatric care, a wrist
// fracture where a fracture liaison service finds it and scans it); from
// the fracture's NoScanFrom the person is diagnosed and treated without a
// scan, younger people (everyone, when it is 0) are assessed in a clinic
// (the DXA scan, coded as Scan) and diagnosed when it confirms the
// condition (the fracture's Confirmed share). DrawnShare is the share of
// the register's prevalence drawn apart from the record's fractures, so the
// register stays at its published size.
type AfterFracture struct {
	Fractures     []FragilityFracture `yaml:"fractures"`
	MinAge        int                 `yaml:"min_age"`
	ScanDays      [2]int              `yaml:"scan_days"`      // days after discharge to the scan
	Scan          string              `yaml:"scan"`           // observation_codes.csv key recorded at the scan
	DiagnosisDays [2]int              `yaml:"diagnosis_days"` // days after discharge (or the scan) to the GP's diagnosis
	DrawnShare    float64             `yaml:"drawn_share"`
	Source        string              `yaml:"source"`
	// Risk is the observation_codes.csv key of the fracture risk score
	// (FRAX) coded at the assessment of every fragility fracture at MinAge
	// or over: the hospital stay of a hip fracture, the first fracture
	// clinic of a wrist fracture (issue 9, h60e).
	Risk string `yaml:"risk"`
	// Intervention is the FRAX score at or above which bone protection is
	// offered, by age (h73i): a fracture not treated below it is coded
	// "not indicated", at or above it "declined" (an offer refused).
	Intervention *InterventionThreshold `yaml:"intervention"`
}

// InterventionThreshold is a fracture risk (FRAX, %) by age: Frax[i] at
// Ages[i], linear between two ages and flat beyond the first and the last
// (NOGG's hybrid threshold: age-dependent up to 70, fixed after).
type InterventionThreshold struct {
	Ages   []int     `yaml:"ages"`
	Frax   []float64 `yaml:"frax"`
	Source string    `yaml:"source"`
}

// At is the threshold at age.
func (t *InterventionThreshold) At(age int) float64 {
	n := len(t.Ages)
	if age <= t.Ages[0] {
		return t.Frax[0]
	}
	for i := 1; i < n; i++ {
		if age <= t.Ages[i] {
			f := float64(age-t.Ages[i-1]) / float64(t.Ages[i]-t.Ages[i-1])
			return t.Frax[i-1] + f*(t.Frax[i]-t.Frax[i-1])
		}
	}
	return t.Frax[n-1]
}

// FragilityFracture is one fracture that may lead to bone care: its
// presentation key, the share of such fractures followed up, the age from
// which no scan comes before the diagnosis (0: always scanned) and the
// share of scans that confirm the condition.
type FragilityFracture struct {
	Key        string  `yaml:"key"`
	Followed   float64 `yaml:"followed"`
	NoScanFrom int     `yaml:"no_scan_from"`
	Confirmed  float64 `yaml:"confirmed"`
	// NotTreated, when set, is the outcome of the bone health assessment
	// coded at the fracture's admission for a fracture not followed by
	// treatment: nil, nothing coded (issue 9: 6 of 20 hip fractures had no
	// assessment or treatment on the record).
	NotTreated *NotTreated `yaml:"not_treated"`
	Source     string      `yaml:"source"`
}

// NotTreated is how the assessment of a fragility fracture not treated is
// recorded: Renal when the latest eGFR in the year before discharge is
// below the renal stop of the condition's first-line medicine (alendronic
// acid below 35, prescribing.yaml renal), else one of Reasons by weight.
type NotTreated struct {
	Reasons []UntreatedReason `yaml:"reasons"`
	Renal   *UntreatedReason  `yaml:"renal"`
	// LowRisk, when set, replaces the drawn reason where the FRAX score is
	// below the intervention threshold (h73i): treatment was not offered,
	// so not declined either. Unset (a hip fracture): offered whatever the
	// score.
	LowRisk *UntreatedReason `yaml:"low_risk"`
	// NotConfirmed, when set, is coded at the DXA scan of a fracture
	// followed up whose scan did not confirm osteoporosis (brief h74g):
	// nothing is started and the record says why.
	NotConfirmed *UntreatedReason `yaml:"not_confirmed"`
	Source       string           `yaml:"source"`
}

// Fracture is the entry for presentation key, nil when it is not one.
func (af *AfterFracture) Fracture(key string) *FragilityFracture {
	for i := range af.Fractures {
		if af.Fractures[i].Key == key {
			return &af.Fractures[i]
		}
	}
	return nil
}

// Scanned reports whether a fracture at age is assessed by a scan before
// the diagnosis.
func (ff *FragilityFracture) Scanned(age int) bool {
	return ff.NoScanFrom == 0 || age < ff.NoScanFrom
}

// checkAfterFracture checks each condition's after_fracture: known
// presentations, shares between 0 and 1, ordered day ranges, a known scan
// code, sources.
func (c *Catalogue) checkAfterFracture() error {
	pres := map[string]bool{}
	for _, p := range c.Presentations {
		pres[p.Key] = true
	}
	for i := range c.Conditions {
		cond := &c.Conditions[i]
		af := cond.AfterFracture
		if af == nil {
			continue
		}
		where := "condition " + cond.Key + ": after_fracture"
		if len(af.Fractures) == 0 || af.Source == "" {
			return fmt.Errorf("%s needs fractures and a source", where)
		}
		if _, ok := ObservationByKey(af.Scan); !ok {
			return fmt.Errorf("%s: scan %q is not in observation_codes.csv", where, af.Scan)
		}
		if _, ok := ObservationByKey(af.Risk); af.Risk != "" && !ok {
			return fmt.Errorf("%s: risk %q is not in observation_codes.csv", where, af.Risk)
		}
		if t := af.Intervention; t != nil && (len(t.Ages) == 0 || len(t.Ages) != len(t.Frax) || t.Source == "" || !slices.IsSorted(t.Ages) || af.Risk == "") {
			return fmt.Errorf("%s: intervention needs ages in order, a score for each, a source and risk", where)
		}
		shares := []float64{af.DrawnShare}
		for _, f := range af.Fractures {
			if !pres[f.Key] {
				return fmt.Errorf("%s: %q is not a presentation", where, f.Key)
			}
			if f.Source == "" || f.NoScanFrom < 0 {
				return fmt.Errorf("%s: %s needs a source and no_scan_from of 0 or more", where, f.Key)
			}
			if nt := f.NotTreated; nt != nil && (len(nt.Reasons) == 0 || nt.Source == "" || nt.Renal != nil && nt.Renal.Snomed == "") {
				return fmt.Errorf("%s: %s not_treated needs reasons and a source", where, f.Key)
			}
			shares = append(shares, f.Followed, f.Confirmed)
		}
		for _, x := range shares {
			if x < 0 || x > 1 {
				return fmt.Errorf("%s: shares must be between 0 and 1", where)
			}
		}
		if af.DrawnShare == 0 {
			return fmt.Errorf("%s: drawn_share must be above 0", where)
		}
		for _, r := range [][2]int{af.ScanDays, af.DiagnosisDays} {
			if r[0] < 0 || r[1] < r[0] {
				return fmt.Errorf("%s: day ranges must be [low, high] with 0 <= low <= high", where)
			}
		}
	}
	return nil
}
