package datasets

import "fmt"

// The test that makes a cancer's diagnosis (brief h56b). A cancer referred
// urgently was diagnosed at the first clinic attendance, a few days after
// the referral, with no colonoscopy, scan or biopsy before it. Now the
// clinic that first sees the person books the site's defining test
// (cancer_routes.yaml sites' investigation), and the diagnosis is made at
// the clinic that gives its result (cancer_routes.yaml diagnosis).

// Investigation is the test that defines a site's diagnosis: a procedure
// code, and whether it is a day case (an endoscopy, a biopsy) or an
// outpatient attendance (a scan).
type Investigation struct {
	Snomed  string `yaml:"snomed"`
	Display string `yaml:"display"`
	DayCase bool   `yaml:"day_case"`
	Status  string `yaml:"status"` // verified or approx: the code
	Source  string `yaml:"source"`
}

// DiagnosisTiming spaces the urgent pathway's steps after the first
// clinic: the test TestDays after it, and the clinic that gives the result
// and makes the diagnosis ResultsDays after the test.
type DiagnosisTiming struct {
	TestDays    [2]int `yaml:"test_days"`
	ResultsDays [2]int `yaml:"results_days"`
	Source      string `yaml:"source"`
}

func (i *Investigation) check() error {
	if i.Snomed == "" || i.Display == "" || i.Source == "" || (i.Status != "verified" && i.Status != "approx") {
		return fmt.Errorf("investigation needs a snomed code, a display, a status (verified or approx) and a source")
	}
	return nil
}

func (t *DiagnosisTiming) check() error {
	if t.TestDays[0] < 1 || t.TestDays[1] < t.TestDays[0] || t.ResultsDays[0] < 1 || t.ResultsDays[1] < t.ResultsDays[0] || t.Source == "" {
		return fmt.Errorf("diagnosis needs test_days and results_days [least, most] from 1 and a source")
	}
	return nil
}
