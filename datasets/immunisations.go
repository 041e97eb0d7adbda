package datasets

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/code4health/cohortgen/models"
)

//go:embed immunisations.yaml
var immunisationsYAML []byte

// Immunisations is the immunisation knowledge the generator applies and the
// stats compare with (immunisations.yaml): vaccines and their codes, the
// childhood schedule by era with its coverage, and the adult programmes.
type Immunisations struct {
	Vaccines         map[string]Vaccine `yaml:"vaccines"`
	ScheduleStart    YMD                `yaml:"schedule_start"`
	Series           []VaccineSeries    `yaml:"series"`
	ChildCorrelation float64            `yaml:"child_correlation"`
	Influenza        Influenza          `yaml:"influenza"`
	PPV              PPV                `yaml:"ppv"`
	Shingles         Shingles           `yaml:"shingles"`
	RSV              RSV                `yaml:"rsv"`
	Covid            Covid              `yaml:"covid"`
	// MinInterval: the fewest days between two childhood doses of one
	// vaccine, unless a dose sets its own (ScheduledDose.MinIntervalDays).
	MinInterval MinInterval `yaml:"min_interval"`
	// PostponeWhile: the acute illnesses that postpone a childhood dose
	// due during one (nil: none postpone).
	PostponeWhile *Postponement `yaml:"postpone_while"`
	// NotGiven: how a missed schedule point is coded (nil: not coded).
	NotGiven *NotGiven `yaml:"not_given"`
	// SchoolHoliday: the summer holiday, in which no school session is
	// held (nil: sessions all year).
	SchoolHoliday *SchoolHoliday `yaml:"school_holiday"`
}

// SchoolHoliday is the schools' summer holiday as [month, day] of its
// first day and of the autumn term's first day (brief h72c).
type SchoolHoliday struct {
	From   [2]int `yaml:"from"`
	TermAt [2]int `yaml:"term_at"`
	Source string `yaml:"source"`
}

// NotGiven codes a schedule point missed: the invited visit not attended,
// and the recalls after it, or the parents' decline
// (generator/immunisationrecall.go).
type NotGiven struct {
	DidNotAttend string  `yaml:"did_not_attend"` // observation_codes.csv key
	Declined     string  `yaml:"declined"`       // observation_codes.csv key
	DeclinedPct  float64 `yaml:"declined_pct"`   // of those who never take it, % who decline
	Recalls      int     `yaml:"recalls"`        // recalls after the invited visit
	RecallDays   int     `yaml:"recall_days"`    // days between invitations
	// LateAfterDays: a visit held more than these days after its due age
	// had its invitation and recalls before it not attended, each coded
	// (0: not coded).
	LateAfterDays int `yaml:"late_after_days"`
	// ThenEveryDays: after the recalls, a point missed and not declined is
	// recalled this often until its doses are given, the next point's
	// invitation, or UntilAgeDays (0: no further recalls).
	ThenEveryDays int `yaml:"then_every_days"`
	UntilAgeDays  int `yaml:"until_age_days"`
}

// MinInterval is the Green Book's shortest gap between doses of the same
// vaccine in the childhood schedule: a postponed dose moves the later doses
// with it, so none comes sooner than this after the one before.
type MinInterval struct {
	Days   int    `yaml:"days"`
	Source string `yaml:"source"`
}

// Postponement lists the acute illnesses (catalogue presentation keys)
// during whose episode a childhood immunisation visit is not held: it is
// held the day after the episode ends.
type Postponement struct {
	Presentations []string `yaml:"presentations"`
	Source        string   `yaml:"source"`
}

// Vaccine names a vaccine and its verified codes (empty when none was read).
type Vaccine struct {
	Name             string `yaml:"name"`
	Procedure        string `yaml:"procedure"`
	ProcedureDisplay string `yaml:"procedure_display"`
	Product          string `yaml:"product"`
	ProductDisplay   string `yaml:"product_display"`
	// DoseProcedures, when set, code dose k (1-based) as DoseProcedures[k-1]
	// (code, display); BoosterProcedure codes a booster dose.
	DoseProcedures   [][2]string `yaml:"dose_procedures"`
	BoosterProcedure [2]string   `yaml:"booster_procedure"`
	Source           string      `yaml:"source"`
}

// ProcedureFor returns the procedure code and display of a dose.
func (v *Vaccine) ProcedureFor(dose int, booster bool) (string, string) {
	switch {
	case booster && v.BoosterProcedure[0] != "":
		return v.BoosterProcedure[0], v.BoosterProcedure[1]
	case dose >= 1 && dose <= len(v.DoseProcedures):
		return v.DoseProcedures[dose-1][0], v.DoseProcedures[dose-1][1]
	}
	return v.Procedure, v.ProcedureDisplay
}

// VaccineSeries is a course COVER measures, with its doses by era.
type VaccineSeries struct {
	Key           string  `yaml:"key"`
	Label         string  `yaml:"label"`
	Coverage      float64 `yaml:"coverage"` // % completing the series, catch-up included
	OnTime        float64 `yaml:"on_time"`  // % completing it by LateAfterDays
	LateAfterDays int     `yaml:"late_after_days"`
	// CoverageAfterDays is the age at which Coverage is measured (default
	// 5 years, COVER's last age).
	CoverageAfterDays int `yaml:"coverage_after_days"`
	// Sex, when set, limits the series to one sex (HPV for girls before boys
	// were offered it).
	Sex string `yaml:"sex"`
	// Setting "school": the school-aged immunisation service gives the doses
	// and reports them to the practice, so the record has no GP visit for
	// them; empty: the practice gives them.
	Setting string `yaml:"setting"`
	// With names an earlier series given at the same visits: a child has
	// this one only with that one (its coverage must be lower), on time or
	// late together, as a missed visit misses every vaccine due at it.
	With string `yaml:"with"`
	// DeclinedWithVisit: a parent who declines declines the visit, not one
	// of its vaccines, so the series is given whenever its With series is
	// given at the visit; its lower coverage comes from its upper age
	// limit (a visit too late for it), not from declines of its own.
	DeclinedWithVisit bool            `yaml:"declined_with_visit"`
	Source            string          `yaml:"source"`
	Status            string          `yaml:"status"` // verified | approx: were the figures read in Source
	Doses             []ScheduledDose `yaml:"doses"`
	// CaughtUpAlone (with declined_with_visit): a child who missed the
	// shared visit may still have this series later, alone, at the catch-up
	// age, up to its own coverage (MMR, whose coverage at 5 years is above
	// that at 2); its on-time share is its With series'.
	CaughtUpAlone bool `yaml:"caught_up_alone"`
	// After names an earlier series whose course this one follows (the
	// one-year and pre-school boosters after the primary 6-in-1): a child
	// whose parents declined that course has none of this one, whose
	// coverage counts everyone (the draw's threshold is solved for the
	// joint share), and its visit is not held before that course's first
	// dose (a late course starts with the boosters due, at one visit).
	After string `yaml:"after"`
}

// SettingSchool is the setting of series given by the school-aged
// immunisation service.
const SettingSchool = "school"

// CoverageAge is the age in days at which the series' Coverage is measured.
func (s *VaccineSeries) CoverageAge() int {
	if s.CoverageAfterDays > 0 {
		return s.CoverageAfterDays
	}
	return 1826
}

// ScheduledDose is one dose of the schedule, due at AgeDays, part of the
// schedule when the due date is in [From, Until) (zero: open).
type ScheduledDose struct {
	Vaccine string `yaml:"vaccine"`
	Dose    int    `yaml:"dose"`
	AgeDays int    `yaml:"age_days"`
	From    YMD    `yaml:"from"`
	Until   YMD    `yaml:"until"`
	Booster bool   `yaml:"booster"`
	// ByBirth: From and Until compare the birth date, not the due date (a
	// schedule change for babies born from a day).
	ByBirth bool `yaml:"by_birth"`
	// MaxAgeDays, when set, is the oldest age the dose may be given at
	// (rotavirus); a dose that would come later is not given, nor the rest
	// of its series.
	MaxAgeDays int `yaml:"max_age_days"`
	// UnprimedDoses: a later dose (a booster) reached with no earlier dose
	// of the vaccine given is a first dose, and the course of a child that
	// age has this many doses, UnprimedIntervalDays apart (UKHSA, incomplete
	// immunisation status; zero: one).
	UnprimedDoses        int `yaml:"unprimed_doses"`
	UnprimedIntervalDays int `yaml:"unprimed_interval_days"`
	// MinIntervalDays, when set, is the fewest days after the vaccine's
	// previous dose this one may be given (MenB's primary doses: eight
	// weeks); zero: the schedule's min_interval.
	MinIntervalDays int `yaml:"min_interval_days"`
}

// MinGap is the fewest days this dose may follow the vaccine's previous
// dose, with def the schedule's min_interval.
func (d *ScheduledDose) MinGap(def int) int {
	if d.MinIntervalDays > 0 {
		return d.MinIntervalDays
	}
	return def
}

// InForce reports whether the dose belongs to the schedule for a child
// born on birth, whose dose falls due on due.
func (d *ScheduledDose) InForce(birth, due models.Date) bool {
	ref := due
	if d.ByBirth {
		ref = birth
	}
	return (d.From.IsZero() || ref >= d.From.Date()) && (d.Until.IsZero() || ref < d.Until.Date())
}

// Influenza is the seasonal influenza programme.
type Influenza struct {
	SeasonStartMonth int `yaml:"season_start_month"`
	VaccinateByDay   int `yaml:"vaccinate_by_day"`
	// GiveByDay: a practice dose whose visit is booked this many days or
	// more after the season opens is not given (the season is over).
	GiveByDay         int     `yaml:"give_by_day"`
	PersonCorrelation float64 `yaml:"person_correlation"`
	Uptake65Plus      float64 `yaml:"uptake_65_plus"`
	UptakeRiskUnder65 float64 `yaml:"uptake_risk_under_65"`
	UptakeAge2to3     float64 `yaml:"uptake_age_2_3"`
	MinAgeMonths      int     `yaml:"min_age_months"` // no influenza vaccine younger
	// Declined: observation_codes.csv key of the decline coded in a season
	// not vaccinated by someone who mostly declines ("": none coded).
	Declined       string   `yaml:"declined"`
	DeclinedSource string   `yaml:"declined_source"`
	Source         string   `yaml:"source"`
	Status         string   `yaml:"status"`
	RiskConditions []string `yaml:"risk_conditions"`
	RiskSource     string   `yaml:"risk_source"`
	// The school-aged programme: the school years offered each season and
	// the uptake in primary (reception to year 6) and secondary years.
	SchoolSeasons   []SchoolSeason `yaml:"school_seasons"`
	UptakePrimary   float64        `yaml:"uptake_primary"`
	UptakeSecondary float64        `yaml:"uptake_secondary"`
	SchoolSource    string         `yaml:"school_source"`
	SchoolStatus    string         `yaml:"school_status"`
}

// SchoolSeason is the school years (0 = reception, 11 = year 11) offered
// the influenza vaccine in school from the season opening in year From
// until the next entry's.
type SchoolSeason struct {
	From      int `yaml:"from"`
	FirstYear int `yaml:"first_year"`
	LastYear  int `yaml:"last_year"`
}

// LastPrimaryYear is the last primary school year (year 6).
const LastPrimaryYear = 6

// SchoolYearOffered reports whether school year y (0 = reception) is
// offered the vaccine in school in the season opening in year season.
func (fl *Influenza) SchoolYearOffered(season, y int) bool {
	k := -1
	for i, s := range fl.SchoolSeasons {
		if s.From <= season {
			k = i
		}
	}
	return k >= 0 && y >= fl.SchoolSeasons[k].FirstYear && y <= fl.SchoolSeasons[k].LastYear
}

// PPV is the pneumococcal polysaccharide programme: cumulative coverage
// rising linearly from FromAge to FullAge.
type PPV struct {
	FromAge        int     `yaml:"from_age"`
	CoverageAtFrom float64 `yaml:"coverage_at_from"`
	FullAge        int     `yaml:"full_age"`
	CoverageAtFull float64 `yaml:"coverage_at_full"`
	Source         string  `yaml:"source"`
	Status         string  `yaml:"status"`
}

// Shingles is the shingles programme.
type Shingles struct {
	ProgrammeStart  YMD     `yaml:"programme_start"`
	RecombinantFrom YMD     `yaml:"recombinant_from"`
	FromAge         int     `yaml:"from_age"`
	UntilAge        int     `yaml:"until_age"`
	CoverageAt71    float64 `yaml:"coverage_at_71"`
	CoverageAt79    float64 `yaml:"coverage_at_79"`
	Source          string  `yaml:"source"`
	Status          string  `yaml:"status"`
	// LiveContraindicatedWith: catalogue conditions (immunosuppression) that
	// rule the live vaccine out; those people have the recombinant vaccine,
	// offered to them from ImmunosuppressedRecombinantFrom.
	LiveContraindicatedWith         []string `yaml:"live_contraindicated_with"`
	ImmunosuppressedRecombinantFrom YMD      `yaml:"immunosuppressed_recombinant_from"`
	ImmunosuppressedSource          string   `yaml:"immunosuppressed_source"`
	// CatchUpBornBefore, when set: people born before it were never in
	// the routine cohort (70 from 1 September 2013) and become eligible
	// only at CatchUpFromAge, until UntilAge (twenty-seventh review).
	CatchUpBornBefore YMD    `yaml:"catch_up_born_before"`
	CatchUpFromAge    int    `yaml:"catch_up_from_age"`
	CatchUpSource     string `yaml:"catch_up_source"`
	// Stages: the routine age lowered for later birth cohorts (FromAgeFor).
	Stages       []ShinglesStage `yaml:"stages"`
	StagesSource string          `yaml:"stages_source"`
}

// YMD is a calendar date written YYYY-MM-DD in the YAML.
type YMD struct{ Y, M, D int }

// Date is the day as a models.Date; 0 when the date was left out.
func (d YMD) Date() models.Date {
	if d.IsZero() {
		return 0
	}
	return models.CivilDate(d.Y, d.M, d.D)
}

// IsZero reports whether the date was left out.
func (d YMD) IsZero() bool { return d.Y == 0 }

// UnmarshalText parses YYYY-MM-DD.
func (d *YMD) UnmarshalText(b []byte) error {
	t, err := time.Parse("2006-01-02", string(b))
	if err != nil {
		return fmt.Errorf("date %q: want YYYY-MM-DD", b)
	}
	d.Y, d.M, d.D = t.Year(), int(t.Month()), t.Day()
	return nil
}

// LoadImmunisations returns the embedded immunisation data, checked.
var LoadImmunisations = sync.OnceValues(func() (*Immunisations, error) {
	var im Immunisations
	if err := decodeStrict(immunisationsYAML, &im); err != nil {
		return nil, fmt.Errorf("immunisations.yaml: %w", err)
	}
	return &im, im.check()
})

func (im *Immunisations) check() error {
	if fl := im.Influenza; fl.Declined != "" {
		if _, ok := ObservationByKey(fl.Declined); !ok || fl.DeclinedSource == "" {
			return fmt.Errorf("immunisations.yaml: influenza declined needs an observation key and declined_source")
		}
	}
	if h := im.SchoolHoliday; h != nil {
		from, term := h.From[0]*100+h.From[1], h.TermAt[0]*100+h.TermAt[1]
		if h.From[0] < 1 || h.From[1] < 1 || h.From[1] > 31 || h.TermAt[1] < 1 || h.TermAt[1] > 31 || term <= from || h.TermAt[0] > 12 || h.Source == "" {
			return fmt.Errorf("immunisations.yaml: school_holiday needs [month, day] from and term_at, term_at after from in one year, and a source")
		}
	}
	if ng := im.NotGiven; ng != nil {
		_, dna := ObservationByKey(ng.DidNotAttend)
		_, dec := ObservationByKey(ng.Declined)
		if !dna || !dec || ng.DeclinedPct < 0 || ng.DeclinedPct > 100 || ng.Recalls < 0 || ng.RecallDays <= 0 {
			return fmt.Errorf("immunisations.yaml: not_given needs observation keys, declined_pct in [0, 100] and recall_days > 0")
		}
	}
	pct := func(what string, v float64) error {
		if v <= 0 || v > 100 {
			return fmt.Errorf("immunisations.yaml: %s: %v is not a percentage", what, v)
		}
		return nil
	}
	for k, s := range im.Series {
		if err := pct(s.Key+" coverage", s.Coverage); err != nil {
			return err
		}
		if s.OnTime > s.Coverage || s.OnTime <= 0 {
			return fmt.Errorf("immunisations.yaml: %s: on_time %v must be in (0, coverage]", s.Key, s.OnTime)
		}
		if s.Source == "" || !status(s.Status) || len(s.Doses) == 0 || s.LateAfterDays <= 0 {
			return fmt.Errorf("immunisations.yaml: %s needs a source with its status (verified or approx), doses and late_after_days", s.Key)
		}
		if s.Sex != "" && s.Sex != "female" && s.Sex != "male" {
			return fmt.Errorf("immunisations.yaml: %s: sex %q: want female or male", s.Key, s.Sex)
		}
		if s.Setting != "" && s.Setting != SettingSchool {
			return fmt.Errorf("immunisations.yaml: %s: setting %q: want %s or none (the practice)", s.Key, s.Setting, SettingSchool)
		}
		if s.With != "" && !slices.ContainsFunc(im.Series[:k], func(o VaccineSeries) bool { return o.Key == s.With && (o.Coverage >= s.Coverage || s.CaughtUpAlone) }) {
			return fmt.Errorf("immunisations.yaml: %s: with %q must name an earlier series with a coverage at least as high (unless caught_up_alone)", s.Key, s.With)
		}
		if s.DeclinedWithVisit && s.With == "" || s.CaughtUpAlone && !s.DeclinedWithVisit {
			return fmt.Errorf("immunisations.yaml: %s: declined_with_visit needs a with series, caught_up_alone declined_with_visit", s.Key)
		}
		if s.After != "" && !slices.ContainsFunc(im.Series[:k], func(o VaccineSeries) bool { return o.Key == s.After && o.With == "" && o.Coverage >= s.Coverage }) {
			return fmt.Errorf("immunisations.yaml: %s: after %q must name an earlier series of its own visits with a coverage at least as high", s.Key, s.After)
		}
		if s.CoverageAfterDays != 0 && s.CoverageAfterDays <= s.LateAfterDays {
			return fmt.Errorf("immunisations.yaml: %s: coverage_after_days must be after late_after_days", s.Key)
		}
		for _, d := range s.Doses {
			if _, ok := im.Vaccines[d.Vaccine]; !ok {
				return fmt.Errorf("immunisations.yaml: %s: unknown vaccine %q", s.Key, d.Vaccine)
			}
			if d.Dose < 1 || d.AgeDays <= 0 {
				return fmt.Errorf("immunisations.yaml: %s: %s needs dose >= 1 and age_days > 0", s.Key, d.Vaccine)
			}
			if d.MinIntervalDays < 0 || d.MaxAgeDays != 0 && d.MaxAgeDays < d.AgeDays {
				return fmt.Errorf("immunisations.yaml: %s: %s: min_interval_days not below zero, max_age_days not below age_days", s.Key, d.Vaccine)
			}
			if d.UnprimedDoses < 0 || (d.UnprimedDoses > 1) != (d.UnprimedIntervalDays > 0) || d.UnprimedDoses > 1 && d.Dose == 1 {
				return fmt.Errorf("immunisations.yaml: %s: %s: unprimed_doses above one need an interval, on a later dose", s.Key, d.Vaccine)
			}
		}
	}
	for key, v := range im.Vaccines {
		if v.Name == "" || (v.Procedure != "" && v.ProcedureDisplay == "") || (v.Product != "" && v.ProductDisplay == "") {
			return fmt.Errorf("immunisations.yaml: vaccine %s: a name, and a display for each code", key)
		}
		if (v.Procedure != "" || v.Product != "" || len(v.DoseProcedures) > 0) && v.Source == "" {
			return fmt.Errorf("immunisations.yaml: vaccine %s: a code needs its source", key)
		}
	}
	fl := &im.Influenza
	if fl.GiveByDay <= fl.VaccinateByDay || fl.GiveByDay > 180 {
		return fmt.Errorf("immunisations.yaml: influenza give_by_day must be after vaccinate_by_day and at most 180 (rules.yaml flu-declined-beside-a-flu-dose reads one season in 180 days)")
	}
	if fl.MinAgeMonths <= 0 {
		return fmt.Errorf("immunisations.yaml: influenza: min_age_months must be set")
	}
	for i, ss := range fl.SchoolSeasons {
		if (i > 0 && ss.From <= fl.SchoolSeasons[i-1].From) || ss.FirstYear < 0 || ss.LastYear < ss.FirstYear || ss.LastYear > 11 {
			return fmt.Errorf("immunisations.yaml: influenza school_seasons: entry %d (from %d): seasons in order, school years 0-11 with first_year <= last_year", i+1, ss.From)
		}
	}
	if len(fl.SchoolSeasons) > 0 && fl.SchoolSource == "" {
		return fmt.Errorf("immunisations.yaml: influenza school_seasons need a school_source")
	}
	for what, st := range map[string]string{"influenza": fl.Status, "influenza school": fl.SchoolStatus, "ppv": im.PPV.Status, "shingles": im.Shingles.Status} {
		if !status(st) {
			return fmt.Errorf("immunisations.yaml: %s: status %q: want verified or approx", what, st)
		}
	}
	for _, x := range []struct {
		what string
		v    float64
	}{{"influenza 65+", fl.Uptake65Plus}, {"influenza at risk", fl.UptakeRiskUnder65}, {"influenza 2-3", fl.UptakeAge2to3},
		{"influenza primary school", fl.UptakePrimary}, {"influenza secondary school", fl.UptakeSecondary},
		{"ppv", im.PPV.CoverageAtFrom}, {"ppv", im.PPV.CoverageAtFull}, {"shingles", im.Shingles.CoverageAt71}, {"shingles", im.Shingles.CoverageAt79}} {
		if err := pct(x.what, x.v); err != nil {
			return err
		}
	}
	cat, err := LoadCatalogue()
	if err != nil {
		return err
	}
	for _, k := range fl.RiskConditions {
		if _, ok := cat.Condition(k); !ok {
			return fmt.Errorf("immunisations.yaml: influenza risk condition %q is not in the catalogue", k)
		}
	}
	for _, k := range im.Shingles.LiveContraindicatedWith {
		if _, ok := cat.Condition(k); !ok {
			return fmt.Errorf("immunisations.yaml: shingles live_contraindicated_with %q is not in the catalogue", k)
		}
	}
	if len(im.Shingles.LiveContraindicatedWith) > 0 && (im.Shingles.ImmunosuppressedRecombinantFrom.IsZero() || im.Shingles.ImmunosuppressedSource == "") {
		return fmt.Errorf("immunisations.yaml: shingles live_contraindicated_with needs immunosuppressed_recombinant_from and immunosuppressed_source")
	}
	if err := im.Shingles.checkStages(); err != nil {
		return err
	}
	if err := im.RSV.check(); err != nil {
		return err
	}
	if err := im.Covid.check(im, cat); err != nil {
		return err
	}
	if im.MinInterval.Days <= 0 || im.MinInterval.Source == "" {
		return fmt.Errorf("immunisations.yaml: min_interval needs days above zero and a source")
	}
	if pw := im.PostponeWhile; pw != nil {
		if len(pw.Presentations) == 0 || pw.Source == "" {
			return fmt.Errorf("immunisations.yaml: postpone_while needs presentations and a source")
		}
		for _, k := range pw.Presentations {
			if !slices.ContainsFunc(cat.Presentations, func(p Presentation) bool { return p.Key == k }) {
				return fmt.Errorf("immunisations.yaml: postpone_while %q is not a catalogue presentation", k)
			}
		}
	}
	for _, key := range []string{"flu_inactivated", "flu_live_nasal", "ppv23", "shingles_live", "shingles_recombinant", "rsv_older_adult"} {
		if _, ok := im.Vaccines[key]; !ok {
			return fmt.Errorf("immunisations.yaml: the adult programmes need vaccine %q", key)
		}
	}
	return nil
}
