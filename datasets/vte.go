package datasets

import (
	"fmt"
	"slices"
)

// VTE is venous thromboembolism (issue 9): deep vein thrombosis and
// pulmonary embolism that happen at a rate by age, raised by active cancer
// and by a recent hospital stay, are diagnosed in A&E (a pulmonary embolism
// admitted) after a D-dimer, and are treated with a DOAC for a course whose
// length depends on whether the clot was provoked (generator/vte.go).
type VTE struct {
	// Rate is first and recurrent VTE per 1,000 person-years by age band
	// (the catalogue's bands), before the multipliers below.
	Rate       []float64 `yaml:"rate"`
	RateSource string    `yaml:"rate_source"`
	// CancerRR multiplies the rate within CancerYears of a cancer's
	// diagnosis (active cancer), or while the person is dying of it.
	CancerRR    float64 `yaml:"cancer_rr"`
	CancerYears float64 `yaml:"cancer_years"`
	// AdmissionRR multiplies the rate within AdmissionDays after a
	// hospital stay ends (an admission or an operation).
	AdmissionRR   float64 `yaml:"admission_rr"`
	AdmissionDays int     `yaml:"admission_days"`
	RiskSource    string  `yaml:"risk_source"`
	// DVT and PE are the coded diagnoses; PEShare is the share of events
	// that are a pulmonary embolism, by age band.
	DVT     VTEForm   `yaml:"dvt"`
	PE      VTEForm   `yaml:"pe"`
	PEShare []float64 `yaml:"pe_share"`
	MinAge  int       `yaml:"min_age"`
	// NotBeside: medicine keys beside which no VTE is drawn, the switch the
	// anticoagulant would need not being modelled (ticagrelor: NICE NG185).
	NotBeside []string   `yaml:"not_beside"`
	Test      string     `yaml:"test"` // observation_codes.csv key taken at the attendance (D-dimer)
	TestHigh  [2]float64 `yaml:"test_high"`
	// Treatment: the anticoagulants in order of choice, each with its
	// loading dose, and how long a provoked and an unprovoked clot are
	// treated.
	Drugs              []VTEDrug `yaml:"drugs"`
	ProvokedDays       int       `yaml:"provoked_days"`
	CancerDays         int       `yaml:"cancer_days"`          // active cancer's course
	UnprovokedLongTerm float64   `yaml:"unprovoked_long_term"` // share of unprovoked VTE kept on it beyond the first course
	// ExtendedAfterDays: the days after the diagnosis of the review that
	// moves a long-term course to its drug's extended_step (brief h68a).
	ExtendedAfterDays int `yaml:"extended_after_days"`
	// DoseOf: a condition key whose own dose of the anticoagulant a course
	// follows while the condition is held (atrial fibrillation: its dose
	// criteria, never the extended_step; brief h70c).
	DoseOf string `yaml:"dose_of"`
	// Clotting is the clotting screen taken with the start tests at the
	// attendance, read in its normal range off anticoagulants; ReviewDays
	// the days after the diagnosis of the GP review at 3 months.
	Clotting        VTEClotting `yaml:"clotting"`
	ReviewDays      [2]int      `yaml:"review_days"`
	TreatmentSource string      `yaml:"treatment_source"`
	Source          string      `yaml:"source"`
}

// VTEDrug is an anticoagulant for VTE: its loading dose (the regimen step
// and the dose text written on that product) for LoadingDays, then its
// usual dose, at the renal step prescribing.yaml gives. NotWhenReduced: not
// chosen when the prescribing rules would lower its dose (apixaban, whose
// lower dose is atrial fibrillation's and is not used to treat a clot).
type VTEDrug struct {
	Drug           string `yaml:"drug"`
	LoadingStep    int    `yaml:"loading_step"`
	LoadingDose    string `yaml:"loading_dose"`
	LoadingDays    int    `yaml:"loading_days"`
	NotWhenReduced bool   `yaml:"not_when_reduced"`
	// ExtendedStep, above 0: the regimen step a long-term (unprovoked)
	// course moves to at the review ExtendedAfterDays after the diagnosis
	// (apixaban 2.5 mg twice a day after 6 months); 0: it stays on the
	// usual dose (brief h68a).
	ExtendedStep int    `yaml:"extended_step"`
	Source       string `yaml:"source"`
}

// VTEClotting is the clotting test taken before the anticoagulant starts
// (an observation_codes.csv key) and its normal range.
type VTEClotting struct {
	Test   string     `yaml:"test"`
	Normal [2]float64 `yaml:"normal"`
	Source string     `yaml:"source"`
}

// VTEForm is one form of VTE as the record codes it.
type VTEForm struct {
	Key         string `yaml:"key"`
	Snomed      string `yaml:"snomed"`
	ICD10       string `yaml:"icd10"`
	Description string `yaml:"description"`
	// Admitted: the A&E attendance leads to an emergency admission
	// of about StayDays (a pulmonary embolism).
	Admitted   bool    `yaml:"admitted"`
	StayDays   float64 `yaml:"stay_days"`
	StaySpread float64 `yaml:"stay_spread"` // log SD of the stay
}

// MaxLoadingDays is the longest loading dose of a DOAC for VTE: rivaroxaban's
// 21 days (BNF, approx); the audit and the tests hold every loading issue to it.
const MaxLoadingDays = 21

// checkVTE checks the rates, shares, forms and treatment.
func (c *Catalogue) checkVTE() error {
	v := c.VTE
	if v == nil {
		return nil
	}
	bad := func(f string, a ...any) error { return fmt.Errorf("vte: "+f, a...) }
	if len(v.Rate) != len(c.Bands) || len(v.PEShare) != len(c.Bands) {
		return bad("rate and pe_share need one value per band (%d)", len(c.Bands))
	}
	if slices.ContainsFunc(v.Rate, func(r float64) bool { return r < 0 || r > 50 }) || slices.ContainsFunc(v.PEShare, func(r float64) bool { return r < 0 || r > 1 }) {
		return bad("rate per 1,000 in [0, 50], pe_share in [0, 1]")
	}
	if v.CancerRR < 1 || v.AdmissionRR < 1 || v.CancerYears <= 0 || v.AdmissionDays <= 0 {
		return bad("cancer_rr and admission_rr from 1, cancer_years and admission_days positive")
	}
	for _, f := range []VTEForm{v.DVT, v.PE} {
		if f.Key == "" || f.Snomed == "" || f.ICD10 == "" || (f.Admitted && (f.StayDays <= 0 || f.StaySpread <= 0)) {
			return bad("form %q needs key, snomed, icd10 (and stay_days, stay_spread when admitted)", f.Key)
		}
	}
	if _, ok := ObservationByKey(v.Test); !ok {
		return bad("test %q is not in observation_codes.csv", v.Test)
	}
	if len(v.Drugs) == 0 || v.CancerDays < v.ProvokedDays || v.UnprovokedLongTerm < 0 || v.UnprovokedLongTerm > 1 {
		return bad("drugs, cancer_days from provoked_days, unprovoked_long_term in [0, 1]")
	}
	for _, k := range v.NotBeside {
		if _, ok := MedicineByKey(k); !ok {
			return bad("not_beside %q is not in medicines.csv", k)
		}
	}
	for _, d := range v.Drugs {
		if _, ok := MedicineByKey(d.Drug); !ok {
			return bad("drug %q is not in medicines.csv", d.Drug)
		}
		if d.Drug == "" || d.LoadingDose == "" || d.LoadingDays <= 0 || d.LoadingDays > MaxLoadingDays || d.LoadingDays >= v.ProvokedDays || d.Source == "" {
			return bad("drug %q: loading_dose, loading_days in [1, %d] and before provoked_days, source", d.Drug, MaxLoadingDays)
		}
	}
	if _, ok := ObservationByKey(v.Clotting.Test); !ok || v.Clotting.Normal[0] <= 0 || v.Clotting.Normal[1] < v.Clotting.Normal[0] || v.Clotting.Source == "" {
		return bad("clotting: test %q in observation_codes.csv, normal [low, high] above 0, source", v.Clotting.Test)
	}
	if v.ReviewDays[0] <= 0 || v.ReviewDays[1] < v.ReviewDays[0] || v.ReviewDays[1] >= v.ProvokedDays {
		return bad("review_days [least, most] above 0 and before provoked_days")
	}
	if v.ExtendedAfterDays != 0 && v.ExtendedAfterDays <= v.ReviewDays[1]+28 {
		return bad("extended_after_days (0: none) at least 4 weeks after review_days")
	}
	for _, d := range v.Drugs {
		if d.ExtendedStep < 0 || d.ExtendedStep > 0 && v.ExtendedAfterDays == 0 {
			return bad("drug %q: extended_step from 0, and above 0 only with extended_after_days", d.Drug)
		}
	}
	if v.RateSource == "" || v.RiskSource == "" || v.TreatmentSource == "" {
		return bad("rate, risk and treatment need their sources")
	}
	return nil
}
