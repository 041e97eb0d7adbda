package datasets

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"
)

//go:embed cancer_routes.yaml
var cancerRoutesYAML []byte

// CancerRoutes is how cancers reach their diagnosis, by primary site
// (cancer_routes.yaml; twentieth review): the symptom the GP records at
// the consultation that makes the urgent suspected-cancer referral, and
// the share diagnosed after an emergency presentation instead.
type CancerRoutes struct {
	Source    string      `yaml:"source"`
	Sites     []SiteRoute `yaml:"sites"`
	NotCancer NotCancer   `yaml:"not_cancer"`
	// Diagnosis spaces the test and the result's clinic after the first
	// clinic of an urgent referral (brief h56b; cancertest.go).
	Diagnosis DiagnosisTiming `yaml:"diagnosis"`
	// Untreated says who may have no anti-cancer treatment (brief h74d).
	Untreated CancerUntreated `yaml:"untreated"`
}

// CancerUntreated is when a cancer may have no surgery, chemotherapy or
// radiotherapy (brief h74d): never a child's (under ChildrenUnder); at a
// site that allows it "watchful" at any adult age, else ("supportive_care")
// only from SupportiveCare's age or at its eFI frailty category.
type CancerUntreated struct {
	ChildrenUnder  int `yaml:"children_under"`
	SupportiveCare struct {
		FromAge int    `yaml:"from_age"`
		Frailty string `yaml:"frailty"`
	} `yaml:"supportive_care"`
	Source string `yaml:"source"`
}

// Untreated values of a site.
const (
	UntreatedWatchful       = "watchful"
	UntreatedSupportiveCare = "supportive_care"
)

// NotCancer is the urgent suspected-cancer referrals of people who do not
// have cancer (twenty-seventh review): a yearly chance by catalogue age
// band, the clinic some days later that excludes it, and the symptoms that
// prompt them, each with the site whose referral it is, by weight.
type NotCancer struct {
	Source      string    `yaml:"source"`
	PerThousand []float64 `yaml:"per_1000_years"` // by catalogue age band
	ClinicDays  [2]int    `yaml:"clinic_days"`
	// AgainAfterDays: no referral for a site within this many days of
	// another fast-track referral for it in the record (either side).
	AgainAfterDays int                 `yaml:"again_after_days"`
	Referrals      []NotCancerReferral `yaml:"referrals"`
	// RuledOut is the result the clinic that gives the test's result codes
	// when it finds no cancer (brief h58b): an observation_codes.csv key.
	RuledOut       string `yaml:"ruled_out"`
	RuledOutSource string `yaml:"ruled_out_source"`
}

// NotCancerReferral is one symptom that prompts a referral for a site, for
// a sex ("" both) from an age, with its weight among the referrals.
type NotCancerReferral struct {
	Site    string  `yaml:"site"`
	Sex     string  `yaml:"sex"`
	MinAge  int     `yaml:"min_age"`
	Symptom string  `yaml:"symptom"`
	Weight  float64 `yaml:"weight"`
	// OneStop: the first clinic assesses and rules cancer out itself (a
	// breast clinic's triple assessment); otherwise the referral takes its
	// site's investigation, as a cancer of the site does (brief h58b).
	OneStop bool `yaml:"one_stop"`
	// AlsoTest is a second test the referral takes beside its site's
	// (h69f: iron deficiency anaemia's upper GI endoscopy beside the
	// colonoscopy, BSG 2021's bidirectional endoscopy).
	AlsoTest *Investigation `yaml:"also_test"`
}

// SiteRoute is one primary site's route to diagnosis.
type SiteRoute struct {
	Site      string           `yaml:"site"` // a catalogue site key (cancer sites)
	Emergency RouteShare       `yaml:"emergency"`
	Symptoms  []PresentingSign `yaml:"symptoms"`
	// Result, when set, is a test result recorded at the consultation
	// that refers, above the level that refers at the person's age (a
	// PSA for prostate: NICE NG12; forty-sixth session).
	Result *PresentingResult `yaml:"result"`
	// Presents, when set, is the GP consultation that first sees the
	// symptom some days before the one that refers (fifty-third session).
	Presents *PresentingContact `yaml:"presents"`
	// Investigation is the test the diagnosis rests on (brief h56b; nil:
	// diagnosed at the first clinic).
	Investigation *Investigation `yaml:"investigation"`
	// ScanFirst, when set, is the scan booked before the first clinic that
	// the investigation follows (prostate: multiparametric MRI before any
	// biopsy, NICE NG131; brief h72a). nil: none.
	ScanFirst *Investigation `yaml:"scan_first"`
	// NoTreatment is the observation key of the decision the diagnosing
	// clinic codes when no hospital treatment follows (brief h56b: hormone
	// therapy, active surveillance, no anti-cancer treatment).
	NoTreatment string `yaml:"no_treatment"`
	// WatchfulWaiting, when set, is the observation key of the decision
	// coded instead of NoTreatment for a man old enough for the practice's
	// watchful waiting (the site's marker_monitoring watchful_waiting
	// course, its from_age) rather than the hospital's active surveillance
	// (brief h75f). "": none.
	WatchfulWaiting string `yaml:"watchful_waiting"`
	// Untreated is when no anti-cancer treatment stands (UntreatedWatchful
	// or UntreatedSupportiveCare; brief h74d).
	Untreated string `yaml:"untreated"`
}

// PresentingContact is the consultation that first records a cancer's
// presenting symptom and takes its first-contact tests, DaysBefore (least,
// most) the consultation that refers on the investigation it starts (a
// FIT, a chest X-ray).
type PresentingContact struct {
	DaysBefore [2]int `yaml:"days_before"`
	// Symptoms, when listed, are the only presenting symptoms seen first
	// at that consultation (the others: at the one that refers).
	Symptoms []string `yaml:"symptoms"`
	Source   string   `yaml:"source"`
}

// Applies reports whether symptom key is first seen at the presenting
// consultation.
func (p *PresentingContact) Applies(key string) bool {
	return len(p.Symptoms) == 0 || slices.Contains(p.Symptoms, key)
}

// PresentingResult is a numeric result (an observation_codes.csv key with
// a unit) recorded at the referring consultation: above the level of the
// person's age band (Above, by from_age ascending), drawn log-normal
// (Median, LogSD) and reflected above that level.
type PresentingResult struct {
	Observation string     `yaml:"observation"`
	Above       []AgeLevel `yaml:"above"`
	Median      float64    `yaml:"median"`
	LogSD       float64    `yaml:"log_sd"`
	// Most, when above 0, caps the value (an analyser's upper reporting
	// limit: a FIT's faecal haemoglobin).
	Most float64 `yaml:"most"`
	// SampleDaysBefore (least, most): the blood is taken this many days
	// before the consultation that refers; [0, 0]: the result is recorded
	// at that consultation (a FIT kit's result, no visit of its own).
	SampleDaysBefore [2]int `yaml:"sample_days_before"`
	Source           string `yaml:"source"`
}

// AgeLevel is a level that applies from an age.
type AgeLevel struct {
	FromAge int     `yaml:"from_age"`
	Value   float64 `yaml:"value"`
}

// Threshold is the level a result must be above to refer at age.
func (r *PresentingResult) Threshold(age int) float64 {
	v := r.Above[0].Value
	for _, a := range r.Above {
		if age >= a.FromAge {
			v = a.Value
		}
	}
	return v
}

func (r *PresentingResult) check() error {
	o, ok := ObservationByKey(r.Observation)
	if !ok || o.Snomed == "" || o.Unit == "" || len(r.Above) == 0 || r.Median <= 0 || r.LogSD <= 0 || r.Source == "" ||
		r.SampleDaysBefore[0] < 0 || r.SampleDaysBefore[1] < r.SampleDaysBefore[0] || r.SampleDaysBefore[0] == 0 && r.SampleDaysBefore[1] != 0 ||
		r.Most < 0 || r.Most > 0 && r.Most <= r.Above[len(r.Above)-1].Value {
		return fmt.Errorf("result %q: needs an observation_codes.csv key with a unit, above, a median and log_sd above 0, sample_days_before [least, most] from 1 or [0, 0], most 0 or above every level, and a source", r.Observation)
	}
	for i, a := range r.Above {
		if a.Value <= 0 || i > 0 && a.FromAge <= r.Above[i-1].FromAge {
			return fmt.Errorf("result %q: above needs values above 0 by from_age ascending", r.Observation)
		}
	}
	return nil
}

// RouteShare is a published share with its source and status (verified:
// read in the source this session; approx: recalled or second-hand).
type RouteShare struct {
	Share  float64 `yaml:"share"`
	Status string  `yaml:"status"`
	Source string  `yaml:"source"`
}

// PresentingSign is a symptom recorded at the referring consultation: an
// observation_codes.csv key and its weight among the site's symptoms.
type PresentingSign struct {
	Observation string  `yaml:"observation"`
	Weight      float64 `yaml:"weight"`
}

var loadCancerRoutes = sync.OnceValues(func() (*CancerRoutes, error) {
	var r CancerRoutes
	if err := decodeStrict(cancerRoutesYAML, &r); err != nil {
		return nil, fmt.Errorf("cancer_routes.yaml: %w", err)
	}
	if err := r.check(); err != nil {
		return nil, fmt.Errorf("cancer_routes.yaml: %w", err)
	}
	return &r, nil
})

// CancerRouteData returns the routes to diagnosis (shared: do not modify).
func CancerRouteData() (*CancerRoutes, error) { return loadCancerRoutes() }

// Route returns the site's route to diagnosis, or nil when it has none.
func (r *CancerRoutes) Route(site string) *SiteRoute {
	for i := range r.Sites {
		if r.Sites[i].Site == site {
			return &r.Sites[i]
		}
	}
	return nil
}

// SymptomKeys returns every symptom key the routes name, each once, in
// file order.
func (r *CancerRoutes) SymptomKeys() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range r.Sites {
		for _, p := range s.Symptoms {
			if !seen[p.Observation] {
				seen[p.Observation] = true
				out = append(out, p.Observation)
			}
		}
	}
	return out
}

func (r *CancerRoutes) check() error {
	if r.Source == "" || len(r.Sites) == 0 {
		return fmt.Errorf("needs a source and sites")
	}
	if err := r.NotCancer.check(); err != nil {
		return fmt.Errorf("not_cancer: %w", err)
	}
	for _, x := range r.NotCancer.Referrals {
		if sr := r.Route(x.Site); !x.OneStop && (sr == nil || sr.Investigation == nil) {
			return fmt.Errorf("not_cancer: referral %s/%s takes its site's investigation, and the site has none (or set one_stop)", x.Site, x.Symptom)
		}
	}
	if err := r.Diagnosis.check(); err != nil {
		return err
	}
	if u := r.Untreated; u.ChildrenUnder < 1 || u.SupportiveCare.FromAge < u.ChildrenUnder || u.SupportiveCare.Frailty == "" || u.Source == "" {
		return fmt.Errorf("untreated needs children_under, supportive_care from_age and frailty, and a source")
	}
	seen := map[string]bool{}
	for _, s := range r.Sites {
		if s.Site == "" || seen[s.Site] {
			return fmt.Errorf("site %q: empty or listed twice", s.Site)
		}
		seen[s.Site] = true
		e := s.Emergency
		if e.Share < 0 || e.Share >= 1 || e.Source == "" || (e.Status != "verified" && e.Status != "approx") {
			return fmt.Errorf("site %s: emergency needs a share in [0, 1), a source and a status (verified or approx)", s.Site)
		}
		if s.Untreated != UntreatedWatchful && s.Untreated != UntreatedSupportiveCare {
			return fmt.Errorf("site %s: untreated must be %s or %s", s.Site, UntreatedWatchful, UntreatedSupportiveCare)
		}
		if o, ok := ObservationByKey(s.NoTreatment); s.NoTreatment != "" && (!ok || o.Snomed == "") {
			return fmt.Errorf("site %s: no_treatment %q has no SNOMED CT code in observation_codes.csv", s.Site, s.NoTreatment)
		}
		if o, ok := ObservationByKey(s.WatchfulWaiting); s.WatchfulWaiting != "" && (!ok || o.Snomed == "" || s.NoTreatment == "") {
			return fmt.Errorf("site %s: watchful_waiting %q needs a no_treatment and a SNOMED CT code in observation_codes.csv", s.Site, s.WatchfulWaiting)
		}
		if s.Investigation != nil {
			if err := s.Investigation.check(); err != nil {
				return fmt.Errorf("site %s: %w", s.Site, err)
			}
		}
		if s.ScanFirst != nil {
			if err := s.ScanFirst.check(); err != nil {
				return fmt.Errorf("site %s: scan_first: %w", s.Site, err)
			}
			if s.Investigation == nil || s.ScanFirst.DayCase {
				return fmt.Errorf("site %s: scan_first needs an investigation after it and is a clinic scan (day_case false)", s.Site)
			}
		}
		if s.Result != nil {
			if err := s.Result.check(); err != nil {
				return fmt.Errorf("site %s: %w", s.Site, err)
			}
		}
		if p := s.Presents; p != nil && (p.DaysBefore[0] < 1 || p.DaysBefore[1] < p.DaysBefore[0] || p.Source == "") {
			return fmt.Errorf("site %s: presents needs days_before [least, most] from 1 and a source", s.Site)
		}
		if p := s.Presents; p != nil {
			for _, k := range p.Symptoms {
				if !slices.ContainsFunc(s.Symptoms, func(q PresentingSign) bool { return q.Observation == k }) {
					return fmt.Errorf("site %s: presents symptom %q is not among the site's symptoms", s.Site, k)
				}
			}
		}
		if len(s.Symptoms) == 0 {
			return fmt.Errorf("site %s: needs at least one presenting symptom", s.Site)
		}
		for _, p := range s.Symptoms {
			o, ok := ObservationByKey(p.Observation)
			if !ok || o.Snomed == "" {
				return fmt.Errorf("site %s: symptom %q has no SNOMED CT code in observation_codes.csv", s.Site, p.Observation)
			}
			if p.Weight <= 0 {
				return fmt.Errorf("site %s: symptom %q needs a weight above 0", s.Site, p.Observation)
			}
		}
	}
	return nil
}

func (n *NotCancer) check() error {
	if n.Source == "" || len(n.PerThousand) == 0 || len(n.Referrals) == 0 || n.ClinicDays[0] < 1 || n.ClinicDays[1] < n.ClinicDays[0] || n.AgainAfterDays < 1 {
		return fmt.Errorf("needs a source, per_1000_years, referrals, clinic_days 1 <= low <= high and again_after_days")
	}
	for _, v := range n.PerThousand {
		if v < 0 || v > 1000 {
			return fmt.Errorf("per_1000_years must be in [0, 1000]")
		}
	}
	for _, r := range n.Referrals {
		o, ok := ObservationByKey(r.Symptom)
		if r.Site == "" || !ok || o.Snomed == "" || r.Weight <= 0 || r.MinAge < 0 || (r.Sex != "" && r.Sex != "female" && r.Sex != "male") {
			return fmt.Errorf("referral %s/%s: needs a site, a coded symptom, a weight above 0, min_age from 0 and sex female, male or empty", r.Site, r.Symptom)
		}
	}
	if o, ok := ObservationByKey(n.RuledOut); !ok || o.Snomed == "" || n.RuledOutSource == "" {
		return fmt.Errorf("ruled_out needs a coded observation_codes.csv key and ruled_out_source")
	}
	return nil
}
