package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed contraception.yaml
var contraceptionYAML []byte

// Contraception is who has hormonal contraception from their practice,
// which method, and how it is issued (contraception.yaml).
type Contraception struct {
	EverPct       float64               `yaml:"ever_pct"`
	StartAges     []AgePct              `yaml:"start_ages"`
	StartUntilAge int                   `yaml:"start_until_age"`
	YearsMedian   float64               `yaml:"years_median"`
	YearsLogSD    float64               `yaml:"years_log_sd"`
	YearsMax      float64               `yaml:"years_max"`
	Methods       []ContraceptiveMethod `yaml:"methods"`
	SwitchTo      string                `yaml:"switch_to"` // a methods medicine
	Indication    CodedProblem          `yaml:"indication"`
}

// ContraceptiveMethod is a medicine, its share of starts, its supply per
// issue and the observations recorded at the visit that issues it.
type ContraceptiveMethod struct {
	Medicine        string   `yaml:"medicine"` // medicines.csv key
	Share           float64  `yaml:"share"`
	FirstSupplyDays int      `yaml:"first_supply_days"`
	SupplyDays      int      `yaml:"supply_days"`
	Checks          []string `yaml:"checks"` // observation_codes.csv keys
	// Sequential (HRT only): the product of the same route issued while
	// the woman still has periods (menopause.yaml continuous_after_days).
	Sequential string `yaml:"sequential"`
	// OestrogenOnly (HRT only): the product of the same route issued while
	// a levonorgestrel intrauterine system gives the progestogen
	// (menopause.yaml progestogen_device; brief h74e).
	OestrogenOnly string `yaml:"oestrogen_only"`
}

var loadContraception = sync.OnceValues(func() (*Contraception, error) {
	var doc struct {
		Contraception Contraception `yaml:"contraception"`
	}
	if err := decodeStrict(contraceptionYAML, &doc); err != nil {
		return nil, fmt.Errorf("contraception.yaml: %w", err)
	}
	c := &doc.Contraception
	bad := func(what string) (*Contraception, error) { return nil, fmt.Errorf("contraception.yaml: %s", what) }
	switch {
	case c.EverPct < 0 || c.EverPct > 100 || c.YearsMedian <= 0 || c.YearsLogSD < 0 || c.YearsMax < c.YearsMedian:
		return bad("ever_pct in [0, 100], years_median above 0 up to years_max, years_log_sd 0 or more")
	case len(c.StartAges) == 0 || c.StartUntilAge <= c.StartAges[len(c.StartAges)-1].FromAge:
		return bad("start_ages need bands below start_until_age")
	case c.Indication.Key == "" || c.Indication.Snomed == "":
		return bad("needs an indication")
	}
	if err := checkHormoneMethods(c.Methods, "hormonal_contraceptive", c.SwitchTo); err != nil {
		return bad(err.Error())
	}
	return c, nil
})

// checkHormoneMethods checks the methods of a hormone course (contraception,
// HRT): each a medicine of class with a regimen, a share and supply days,
// its checks observations, and switchTo one of them.
func checkHormoneMethods(methods []ContraceptiveMethod, class, switchTo string) error {
	switchOK := false
	for _, m := range methods {
		if _, ok := MedicineByKey(m.Medicine); !ok || len(Regimens(m.Medicine)) == 0 {
			return fmt.Errorf("method %q is not a medicine with a regimen", m.Medicine)
		}
		if !InClass(m.Medicine, class) || m.Share <= 0 || m.FirstSupplyDays <= 0 || m.SupplyDays <= 0 {
			return fmt.Errorf("method %s: needs a %s, a share and supply days", m.Medicine, class)
		}
		for _, k := range m.Checks {
			if _, ok := ObservationByKey(k); !ok {
				return fmt.Errorf("method %s: check %q is not in observation_codes.csv", m.Medicine, k)
			}
		}
		if m.Sequential != "" && (len(Regimens(m.Sequential)) == 0 || !InClass(m.Sequential, class)) {
			return fmt.Errorf("method %s: sequential %q needs a regimen and the class %s", m.Medicine, m.Sequential, class)
		}
		if m.OestrogenOnly != "" && (len(Regimens(m.OestrogenOnly)) == 0 || !InClass(m.OestrogenOnly, class)) {
			return fmt.Errorf("method %s: oestrogen_only %q needs a regimen and the class %s", m.Medicine, m.OestrogenOnly, class)
		}
		switchOK = switchOK || m.Medicine == switchTo
	}
	if !switchOK {
		return fmt.Errorf("switch_to %q is not one of the methods", switchTo)
	}
	return nil
}

// ContraceptionModel returns the contraception knowledge.
func ContraceptionModel() (*Contraception, error) { return loadContraception() }
