package datasets

import (
	"fmt"
	"time"
)

// QuitSupport is the practice's help for a smoker to stop with a medicine
// (nineteenth review): an attempt begins at a visit that records the
// smoking status (with the advice smoking.cessation codes) and issues the
// first supply; a review ReviewDays later continues the medicine to
// CourseDays in SupplyDays issues if the person has stopped, or codes Failed
// and ends it. The quit within the record of SupportedQuitShare of the
// people who stop there is such an attempt, begun QuitAfterDays before the
// quit date (the target quit date); a current smoker's other attempts fail,
// FailedPerYear a year of smoking within the record.
type QuitSupport struct {
	SupportedQuitShare float64        `yaml:"supported_quit_share"`
	FailedPerYear      float64        `yaml:"failed_per_year"`
	QuitAfterDays      int            `yaml:"quit_after_days"`
	ReviewDays         int            `yaml:"review_days"`
	SupplyDays         int            `yaml:"supply_days"`
	CourseDays         int            `yaml:"course_days"`
	FromAge            int            `yaml:"from_age"`
	Failed             string         `yaml:"failed"` // observation_codes.csv key
	Indication         CodedProblem   `yaml:"indication"`
	Medicines          []QuitMedicine `yaml:"medicines"`
	Prompted           *PromptedQuit  `yaml:"prompted"`
	Source             string         `yaml:"source"`
}

// PromptedQuit is the help offered to a smoker with a condition smoking
// worsens (COPD) at its diagnosis and reviews, some of it taken: more
// attempts with a medicine, PerYear a year of smoking with the condition
// (failed ones: the quits are the smoking history's).
type PromptedQuit struct {
	Conditions []string `yaml:"conditions"`
	PerYear    float64  `yaml:"per_year"`
	Source     string   `yaml:"source"`
}

// QuitMedicine is a stop-smoking medicine and its share of attempts, until
// Until (an ISO date; "" for no end): varenicline until its UK supply
// stopped in 2021.
type QuitMedicine struct {
	Medicine string  `yaml:"medicine"`
	Share    float64 `yaml:"share"`
	Until    string  `yaml:"until"`
	// Light: the regimens.csv ladder prescribed to a smoker of fewer than
	// LightBelow cigarettes a day (the 14 mg patch; h72f); "": the usual.
	Light      string  `yaml:"light"`
	LightBelow float64 `yaml:"light_below"`
	// WeanFromDays: the days of the course from which each issue is one
	// regimen step lower (regimens.csv steps 1, 2: the 24-hour patch from
	// 21 to 14 to 7 mg; h74f); an issue ends before the next of them. Empty:
	// the usual step 0 first, then step 1 (varenicline's titration pack,
	// then its maintenance dose).
	WeanFromDays []int `yaml:"wean_from_days"`
	// With: a medicine (medicines.csv key) issued beside each issue of this
	// one, for the same days: the short-acting product of combination NRT
	// (h74f); "": none.
	With   string `yaml:"with"`
	Source string `yaml:"source"`
}

// WeanStep is the regimen step of an issue starting day days into the
// course, and the day of the course before which it ends (0: none), by
// WeanFromDays; ok false when the medicine is not weaned.
func (m QuitMedicine) WeanStep(day int) (step, endBefore int, ok bool) {
	if len(m.WeanFromDays) == 0 {
		return 0, 0, false
	}
	for _, from := range m.WeanFromDays {
		if day < from {
			return step, from, true
		}
		step++
	}
	return step, 0, true
}

// UntilDate is the medicine's last day (zero time when it has none).
func (m QuitMedicine) UntilDate() (time.Time, error) {
	if m.Until == "" {
		return time.Time{}, nil
	}
	return time.Parse("2006-01-02", m.Until)
}

// check checks the quit support's shape.
func (q *QuitSupport) check() error {
	if q.SupportedQuitShare <= 0 || q.SupportedQuitShare > 1 || q.FailedPerYear < 0 || q.QuitAfterDays <= 0 ||
		q.ReviewDays <= q.QuitAfterDays || q.SupplyDays <= 0 || q.CourseDays <= q.ReviewDays || q.FromAge <= 0 || q.Source == "" {
		return fmt.Errorf("smoking quit_support: shares in (0, 1], quit_after_days < review_days < course_days, supply_days, from_age and a source")
	}
	if _, ok := ObservationByKey(q.Failed); !ok {
		return fmt.Errorf("smoking quit_support: failed %q is not in observation_codes.csv", q.Failed)
	}
	if q.Indication.Key == "" || q.Indication.Snomed == "" || q.Indication.ICD10 == "" {
		return fmt.Errorf("smoking quit_support: indication needs a key, snomed and icd10")
	}
	if pq := q.Prompted; pq != nil && (len(pq.Conditions) == 0 || pq.PerYear <= 0 || pq.Source == "") {
		return fmt.Errorf("smoking quit_support prompted: conditions, per_year above 0 and a source")
	}
	if len(q.Medicines) == 0 {
		return fmt.Errorf("smoking quit_support: no medicines")
	}
	for _, m := range q.Medicines {
		if _, err := m.UntilDate(); err != nil || m.Share <= 0 {
			return fmt.Errorf("smoking quit_support %s: share above 0 and until an ISO date", m.Medicine)
		}
		if _, ok := MedicineByKey(m.Medicine); !ok {
			return fmt.Errorf("smoking quit_support: %s is not in medicines.csv", m.Medicine)
		}
		if m.Light != "" && (m.LightBelow <= 0 || len(LadderRegimens(m.Medicine, m.Light)) == 0) {
			return fmt.Errorf("smoking quit_support %s: light ladder %q needs regimens.csv rows and light_below above 0", m.Medicine, m.Light)
		}
		if m.With != "" {
			if _, ok := MedicineByKey(m.With); !ok {
				return fmt.Errorf("smoking quit_support %s: with %s is not in medicines.csv", m.Medicine, m.With)
			}
		}
		if (len(m.WeanFromDays) > 0 || m.With != "") && m.Source == "" {
			return fmt.Errorf("smoking quit_support %s: wean_from_days and with need a source", m.Medicine)
		}
		for i, d := range m.WeanFromDays {
			if d <= q.ReviewDays || d >= q.CourseDays || i > 0 && d <= m.WeanFromDays[i-1] {
				return fmt.Errorf("smoking quit_support %s: wean_from_days rising, after review_days and within course_days", m.Medicine)
			}
		}
	}
	return nil
}
