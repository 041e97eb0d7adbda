package datasets

import "fmt"

// SiteHormone is the endocrine therapy a specialist starts for a share of
// the cancers of one primary site after their hospital treatment, and the
// practice continues as a repeat for a number of years: tamoxifen or an
// aromatase inhibitor for oestrogen-receptor-positive breast cancer (NICE
// NG101), androgen deprivation for prostate cancer (NICE NG131).
type SiteHormone struct {
	Site    string          `yaml:"site"`
	Share   float64         `yaml:"share"`   // of the site's cancers, 0-1
	Years   [2]float64      `yaml:"years"`   // how long it runs (least, most), drawn evenly
	Options []HormoneOption `yaml:"options"` // the first that suits the person's sex and age at the start, by weight among those
	// BaselineScan is the test the specialist team books when one of the
	// options starts (a bone density scan with an aromatase inhibitor,
	// NICE NG101; forty-seventh stop); nil: none.
	BaselineScan *BaselineScan `yaml:"baseline_scan"`
	Source       string        `yaml:"source"`
}

// BaselineScan is a test at a clinic attendance some days after a medicine
// of one of its classes starts, for a share of the starts.
type BaselineScan struct {
	Classes  []string `yaml:"classes"`  // medicine_classes.csv classes whose start brings it
	Recorded string   `yaml:"recorded"` // observation_codes.csv key of the test
	Days     [2]int   `yaml:"days"`     // after the start, inclusive
	Share    float64  `yaml:"share"`
	Source   string   `yaml:"source"`
}

// HormoneOption is one medicine of a site's endocrine therapy, with whom it
// suits at its start: an age range (0: none) and a sex ("" either).
type HormoneOption struct {
	Drug   string  `yaml:"drug"`
	Weight float64 `yaml:"weight"`
	MinAge int     `yaml:"min_age"`
	MaxAge int     `yaml:"max_age"`
	Sex    string  `yaml:"sex"`
	// Menopause, when set ("pre" or "post"), takes in only a woman before or
	// after her own natural menopause age (menopause.yaml; session 48).
	Menopause string `yaml:"menopause"`
	// FlareCover is the anti-androgen course given with the first implant
	// of an LHRH agonist (goserelin), whose first weeks raise testosterone
	// and can flare the tumour; nil: none (fourteenth review).
	FlareCover *ShortCourse `yaml:"flare_cover"`
}

// Suits reports whether the option applies to a person of the sex
// ("female" or "male") and age, after her menopause (post) or not.
func (o HormoneOption) Suits(sex string, age int, post bool) bool {
	pause := o.Menopause == "" || (sex == "female" && (o.Menopause == "post") == post)
	return age >= o.MinAge && (o.MaxAge == 0 || age <= o.MaxAge) && (o.Sex == "" || o.Sex == sex) && pause
}

// checkHormone checks the pathway's endocrine therapies against the
// condition's sites: a known site once, a share in (0, 1], years and a
// weighted option for every adult of either sex the site takes.
func checkHormone(cond *Condition) error {
	up := cond.UrgentPathway
	if up == nil {
		return nil
	}
	seen := map[string]bool{}
	for _, h := range up.Hormone {
		var site *Site
		for i := range cond.Sites {
			if cond.Sites[i].Key == h.Site {
				site = &cond.Sites[i]
			}
		}
		if site == nil || seen[h.Site] {
			return fmt.Errorf("condition %s: hormone_therapy site %q unknown or given twice", cond.Key, h.Site)
		}
		seen[h.Site] = true
		if h.Share <= 0 || h.Share > 1 || h.Years[0] <= 0 || h.Years[1] < h.Years[0] || h.Source == "" {
			return fmt.Errorf("condition %s: hormone_therapy %s needs a share in (0, 1], years [least, most] above 0 and a source", cond.Key, h.Site)
		}
		if bs := h.BaselineScan; bs != nil {
			if _, ok := ObservationByKey(bs.Recorded); !ok || len(bs.Classes) == 0 || bs.Share <= 0 || bs.Share > 1 || bs.Days[0] < 0 || bs.Days[1] < bs.Days[0] || bs.Source == "" {
				return fmt.Errorf("condition %s: hormone_therapy %s: baseline_scan needs classes, a recorded observation_codes.csv key, days [least, most] from 0, a share in (0, 1] and a source", cond.Key, h.Site)
			}
			n := 0
			for _, o := range h.Options {
				for _, c := range bs.Classes {
					if InClass(o.Drug, c) {
						n++
					}
				}
			}
			if n == 0 {
				return fmt.Errorf("condition %s: hormone_therapy %s: baseline_scan classes %v take in none of its options", cond.Key, h.Site, bs.Classes)
			}
		}
		for _, o := range h.Options {
			if o.Menopause != "" && o.Menopause != "pre" && o.Menopause != "post" {
				return fmt.Errorf("condition %s: hormone_therapy %s: %s menopause must be pre or post", cond.Key, h.Site, o.Drug)
			}
			if f := o.FlareCover; f != nil && (f.Drug == "" || f.Days <= 0 || f.Probability <= 0 || f.Probability > 1) {
				return fmt.Errorf("condition %s: hormone_therapy %s: %s flare_cover needs a drug, days and a probability in (0, 1]", cond.Key, h.Site, o.Drug)
			}
		}
		for _, sex := range []string{"female", "male"} {
			if (sex == "female" && site.Female == 0) || (sex == "male" && site.Male == 0) {
				continue
			}
			for age := max(site.MinAge, ChildUnder); age <= 120; age++ {
				ok := true
				for _, post := range []bool{false, true} {
					some := false
					for _, o := range h.Options {
						some = some || o.Weight > 0 && o.Suits(sex, age, post)
					}
					ok = ok && some
				}
				if !ok {
					return fmt.Errorf("condition %s: hormone_therapy %s has no option for a %s of %d", cond.Key, h.Site, sex, age)
				}
			}
		}
	}
	return nil
}
