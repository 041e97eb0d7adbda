package datasets

import "fmt"

// FractureClinic is the fracture clinic that follows a fracture seen in A&E
// (or after the admission it brought): its visits, each a window of days
// after A&E or discharge and the share of people who attend it, and the
// share of children's fractures that need no clinic (a buckle fracture of
// the wrist is splinted in A&E and not followed up).
type FractureClinic struct {
	Visits          []FractureVisit `yaml:"visits"`
	ChildUnder      int             `yaml:"child_under"`      // ages below this are children
	ChildDischarged float64         `yaml:"child_discharged"` // share of children's fractures with no clinic
	Source          string          `yaml:"source"`
}

// FractureVisit is one fracture clinic visit: days after A&E or discharge,
// and the share of those followed up who attend it.
type FractureVisit struct {
	Days  [2]int  `yaml:"days"`
	Share float64 `yaml:"share"`
}

// checkFractureClinics checks every presentation's fracture_clinic (or
// clinic_after_ae, which is checked alike; not both): an emergency
// presentation (the clinic follows A&E), visits in day order with shares in
// (0, 1], a child share in [0, 1], a source.
func (c *Catalogue) checkFractureClinics() error {
	for i := range c.Presentations {
		pr := &c.Presentations[i]
		fc := pr.AfterAEClinic()
		if fc == nil {
			continue
		}
		where := "presentation " + pr.Key + ": fracture_clinic"
		if pr.ClinicAfterAE != nil {
			where = "presentation " + pr.Key + ": clinic_after_ae"
			if pr.FractureClinic != nil {
				return fmt.Errorf("%s: a presentation has one clinic after A&E, not a fracture_clinic too", where)
			}
		}
		if !pr.EmergencyOnly {
			return fmt.Errorf("%s needs emergency_only: the clinic follows A&E", where)
		}
		if len(fc.Visits) == 0 || fc.Source == "" || fc.ChildUnder < 0 || fc.ChildDischarged < 0 || fc.ChildDischarged > 1 {
			return fmt.Errorf("%s needs visits, a source, child_under of 0 or more and child_discharged in [0, 1]", where)
		}
		last := 0
		for _, v := range fc.Visits {
			if v.Days[0] < 1 || v.Days[1] < v.Days[0] || v.Days[0] <= last || v.Share <= 0 || v.Share > 1 {
				return fmt.Errorf("%s: each visit needs days [low, high] from 1, after the visit before, and a share in (0, 1]", where)
			}
			last = v.Days[1]
		}
	}
	return nil
}
