package audit

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// scoreTest is a compiled datasets.ScoreTest: the catalogue's risk score,
// added up from the conditions active, the age and the sex on a day.
type scoreTest struct {
	score *datasets.RiskScore
	rng   datasets.Range
	conds map[string]int // condition key -> index number
}

func (x *index) scoreTest(t datasets.ScoreTest) (*scoreTest, error) {
	sc, err := datasets.ScoreByName(t.Name)
	if err != nil {
		return nil, err
	}
	st := &scoreTest{score: sc, rng: t.Range, conds: map[string]int{}}
	for _, it := range sc.Items {
		for _, k := range it.Conditions {
			st.conds[k] = x.condition(k)
		}
	}
	return st, nil
}

// points is the patient's score on day d.
func (s *scoreTest) points(v *view, d models.Date) int {
	return s.score.Points(v.age(d), v.p.Sex == "female", func(key string) bool {
		k := s.conds[key]
		for i := range v.conds {
			if c := &v.conds[i]; c.key == k && c.onset <= d && d < c.until {
				return true
			}
		}
		return false
	})
}

// meets reports whether the score on day d is in range, and the score.
func (s *scoreTest) meets(v *view, d models.Date) (bool, int) {
	n := s.points(v, d)
	return s.rng.Holds(float64(n)), n
}

func (s *scoreTest) describe(n int) string {
	return fmt.Sprintf("%s %d", s.score.Name, n)
}
