package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed menopause.yaml
var menopauseYAML []byte

// Menopause is when each woman's natural menopause comes, who presents to
// her GP with its symptoms, and the HRT her practice prescribes
// (menopause.yaml).
type Menopause struct {
	Age            MenopauseAge          `yaml:"age"`
	SymptomaticPct float64               `yaml:"symptomatic_pct"`
	ConsultPct     float64               `yaml:"consult_pct"`
	OnsetYears     [2]float64            `yaml:"onset_years"` // the consultation, years from the menopause age
	Indication     CodedProblem          `yaml:"indication"`
	HRTPct         float64               `yaml:"hrt_pct"`
	YearsMedian    float64               `yaml:"years_median"`
	YearsLogSD     float64               `yaml:"years_log_sd"`
	YearsMax       float64               `yaml:"years_max"`
	Methods        []ContraceptiveMethod `yaml:"methods"`
	// ContinuousAfterDays: the sequential product of a method is issued
	// until this many days after the menopause age, the continuous one
	// from then (brief h58f).
	ContinuousAfterDays int      `yaml:"continuous_after_days"`
	SwitchTo            string   `yaml:"switch_to"`  // a methods medicine
	NotBeside           []string `yaml:"not_beside"` // classes whose issues HRT waits for
	// ProgestogenDevice: the medicines.csv key of the intrauterine system
	// whose issue in force makes the HRT issued oestrogen-only (brief h74e).
	ProgestogenDevice string `yaml:"progestogen_device"`
}

// MenopauseAge is the normal distribution of the natural menopause age in
// years, clamped to [Min, Max].
type MenopauseAge struct {
	Mean float64 `yaml:"mean"`
	SD   float64 `yaml:"sd"`
	Min  float64 `yaml:"min"`
	Max  float64 `yaml:"max"`
}

var loadMenopause = sync.OnceValues(func() (*Menopause, error) {
	var doc struct {
		Menopause Menopause `yaml:"menopause"`
	}
	if err := decodeStrict(menopauseYAML, &doc); err != nil {
		return nil, fmt.Errorf("menopause.yaml: %w", err)
	}
	m := &doc.Menopause
	bad := func(what string) (*Menopause, error) { return nil, fmt.Errorf("menopause.yaml: %s", what) }
	pct := func(v float64) bool { return v >= 0 && v <= 100 }
	switch {
	case m.Age.SD < 0 || m.Age.Min > m.Age.Mean || m.Age.Max < m.Age.Mean || m.Age.Min < 18:
		return bad("age: min up to mean up to max, min from 18, sd 0 or more")
	case !pct(m.SymptomaticPct) || !pct(m.ConsultPct) || !pct(m.HRTPct):
		return bad("symptomatic_pct, consult_pct and hrt_pct in [0, 100]")
	case m.OnsetYears[0] > m.OnsetYears[1]:
		return bad("onset_years: least, most")
	case m.YearsMedian <= 0 || m.YearsLogSD < 0 || m.YearsMax < m.YearsMedian:
		return bad("years_median above 0 up to years_max, years_log_sd 0 or more")
	case m.Indication.Key == "" || m.Indication.Snomed == "":
		return bad("needs an indication")
	case m.ContinuousAfterDays < 0:
		return bad("continuous_after_days 0 or more")
	}
	for _, c := range m.NotBeside {
		if !knownClasses()[c] {
			return bad(fmt.Sprintf("not_beside: unknown class %q", c))
		}
	}
	if m.ProgestogenDevice != "" && len(Regimens(m.ProgestogenDevice)) == 0 {
		return bad(fmt.Sprintf("progestogen_device: %q has no regimen", m.ProgestogenDevice))
	}
	if err := checkHormoneMethods(m.Methods, "hormone_replacement_therapy", m.SwitchTo); err != nil {
		return bad(err.Error())
	}
	return m, nil
})

// MenopauseModel returns the menopause and HRT knowledge.
func MenopauseModel() (*Menopause, error) { return loadMenopause() }
