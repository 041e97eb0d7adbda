package datasets

import (
	"strings"
	"testing"
)

// TestReviewsByStageChecks: reviews.by_stage gives one rate of 1 or more a
// year for each of the condition's stages, with its source.
func TestReviewsByStageChecks(t *testing.T) {
	for name, r := range map[string]Reviews{
		"too few":   {ByStage: []int{1, 2, 3}, ByStageSource: "s"},
		"too many":  {ByStage: []int{1, 2, 3, 4, 5}, ByStageSource: "s"},
		"zero":      {ByStage: []int{1, 0, 3, 4}, ByStageSource: "s"},
		"no source": {ByStage: []int{1, 2, 3, 4}},
	} {
		if err := r.checkByStage(4); err == nil || !strings.Contains(err.Error(), "by_stage") {
			t.Errorf("%s: got %v, want a by_stage error", name, err)
		}
	}
	for name, r := range map[string]Reviews{
		"none": {},
		"good": {ByStage: []int{1, 2, 3, 4}, ByStageSource: "s"},
	} {
		if err := r.checkByStage(4); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
