package datasets

// ResultFall is a result a problem lowers in proportion to the person's
// own level, measured when the problem first reaches hospital: an acute
// kidney injury is diagnosed on a serum creatinine 1.5 times the person's
// usual or more (KDIGO 2012), which the laboratory reports as a fall in
// the eGFR (generator/resultfall.go).
type ResultFall struct {
	Observation string  `yaml:"observation"`
	Share       float64 `yaml:"share"`    // the mean share of the usual level lost
	ShareSD     float64 `yaml:"share_sd"` // its spread between episodes
	Source      string  `yaml:"source"`
}
