package datasets

// DoseResponse is how a medicine's first tests after it starts are read
// (h57b, issue 9): the fall of Observation from its latest reading in the
// BeforeDays before the course's start. A fall short of FallAtLeast (a
// share) at a test of the start schedule raises the dose one regimen step,
// by Probability (the rest: adherence discussed, the dose kept). NICE NG238:
// a statin's non-HDL cholesterol is read at 3 months for a reduction of
// more than 40%; if it is not reached, discuss adherence and consider a
// higher dose.
type DoseResponse struct {
	Observation string  `yaml:"observation"`
	FallAtLeast float64 `yaml:"fall_at_least"`
	BeforeDays  int     `yaml:"before_days"`
	Probability float64 `yaml:"probability"`
	Source      string  `yaml:"source"`
}

// check checks a monitoring entry's response: a known observation (the
// sample's own, or one its panel reports: the non-HDL with a cholesterol),
// a share and a probability in (0, 1], days before the start and a source.
func (r *DoseResponse) check(m *Monitoring) error {
	if r == nil {
		return nil
	}
	_, hasObs := ObservationByKey(r.Observation)
	ok := hasObs && r.FallAtLeast > 0 && r.FallAtLeast <= 1 && r.Probability > 0 && r.Probability <= 1 && r.BeforeDays > 0
	return m.checkDoseSteps("response", ok, r.Source, "a known observation, start_days, fall_at_least and probability in (0, 1], before_days above 0 and a source")
}
