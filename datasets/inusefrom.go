package datasets

import (
	"fmt"
	"time"
)

// InUseFromDate is the day the observation's test came into use (zero time
// when it always was): catalogue observations in_use_from.
func (m ObsModel) InUseFromDate() (time.Time, error) {
	if m.InUseFrom == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", m.InUseFrom)
	if err != nil {
		return t, fmt.Errorf("in_use_from %q: %w", m.InUseFrom, err)
	}
	return t, nil
}
