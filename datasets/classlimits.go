package datasets

import "fmt"

// ClassLimit is the most medicines of one class a person takes at once
// (prescribing.yaml class_limits; brief h69d): NICE NG28 stops the oral
// glucose-lowering ladder at triple therapy. A medicine of the class that
// would be one more is not started, unless it is of class Switch.Starting,
// which then takes the place of the running medicine of class Switch.Stops
// (an SGLT2 inhibitor for cardiovascular disease or CKD in place of a DPP-4
// inhibitor).
type ClassLimit struct {
	Class  string `yaml:"class"`
	AtMost int    `yaml:"at_most"`
	Switch *struct {
		Starting string `yaml:"starting"`
		Stops    string `yaml:"stops"`
		Source   string `yaml:"source"`
	} `yaml:"switch"`
	Source string `yaml:"source"`
}

// checkClassLimits checks each limit: known classes, a positive count and
// the sources.
func checkClassLimits(limits []ClassLimit, classes map[string]bool) error {
	for _, l := range limits {
		if !classes[l.Class] || l.AtMost <= 0 || l.Source == "" {
			return fmt.Errorf("prescribing.yaml: class_limits %q: needs a known class, at_most above 0 and a source", l.Class)
		}
		if s := l.Switch; s != nil && (!classes[s.Starting] || !classes[s.Stops] || s.Source == "") {
			return fmt.Errorf("prescribing.yaml: class_limits %s: switch needs known classes and a source", l.Class)
		}
	}
	return nil
}
