package datasets

import "fmt"

// InfantDeaths is when in the first year of life a death under one year
// falls (catalogue infant_deaths): most in the neonatal period (under 28
// days), most of those in the first week, the rest spread over the year.
// The life table gives the chance of dying before one year; this gives the
// day (twenty-fourth review: it was uniform over the year, so about 8% of
// infant deaths were neonatal against about 74% in England and Wales).
type InfantDeaths struct {
	Ages []InfantDeathAge `yaml:"ages"`
	// InHospitalDays: a baby who dies younger than this, in days, has not
	// left the hospital it was born in (in its neonatal unit from birth),
	// whatever the cause; 0: only the causes marked in_hospital.
	InHospitalDays int    `yaml:"in_hospital_days"`
	Source         string `yaml:"source"`
}

// InfantDeathAge is a share of infant deaths at ages Days [first, last]
// in days (inclusive), spread evenly over them.
type InfantDeathAge struct {
	Days  [2]int  `yaml:"days"`
	Share float64 `yaml:"share"`
}

// checkInfantDeaths reports age spans outside the first year, out of
// order or overlapping, or shares that do not add up to 1.
func (c *Catalogue) checkInfantDeaths() error {
	id := c.InfantDeaths
	if id == nil {
		return nil
	}
	if len(id.Ages) == 0 || id.Source == "" || id.InHospitalDays < 0 || id.InHospitalDays > 28 {
		return fmt.Errorf("infant_deaths: needs ages, a source, and in_hospital_days within the neonatal period (0-28)")
	}
	next, total := 0, 0.0
	for _, a := range id.Ages {
		if a.Days[0] < next || a.Days[1] < a.Days[0] || a.Days[1] > 364 || a.Share <= 0 {
			return fmt.Errorf("infant_deaths: days %v need to follow the span before, within 0-364 days, with a share above 0", a.Days)
		}
		next, total = a.Days[1]+1, total+a.Share
	}
	if total < 0.999 || total > 1.001 {
		return fmt.Errorf("infant_deaths: shares add up to %.3f, not 1", total)
	}
	return nil
}
