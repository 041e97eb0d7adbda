package datasets

import "fmt"

// Tracks: see ObsModel.Tracks.
type Tracks struct {
	Observation string  `yaml:"observation"`
	Correlation float64 `yaml:"correlation"`
	Source      string  `yaml:"source"`
}

// checkTracks checks an observation's tracks: another plain numeric
// observation that tracks none itself, a correlation strictly between -1
// and 1 (not 0), and a source.
func (c *Catalogue) checkTracks(key string, m ObsModel) error {
	tr := m.Tracks
	if tr == nil {
		return nil
	}
	o, ok := c.Observations[tr.Observation]
	if !ok || tr.Observation == key || o.Tracks != nil || o.DerivedFrom != "" || o.Quotient != nil || o.Difference != nil || o.SD <= 0 ||
		tr.Correlation == 0 || tr.Correlation <= -1 || tr.Correlation >= 1 || tr.Source == "" || m.SD <= 0 {
		return fmt.Errorf("observation %q: tracks needs another plain numeric observation with a spread, a correlation between -1 and 1 and a source", key)
	}
	return nil
}
