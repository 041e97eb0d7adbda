package datasets

import (
	_ "embed"
	"fmt"
	"slices"
	"sync"
)

//go:embed pregnancy.yaml
var pregnancyYAML []byte

// Pregnancy is who becomes pregnant and how the GP record shows it
// (pregnancy.yaml).
type Pregnancy struct {
	BirthsPer1000    []AgeRate    `yaml:"births_per_1000"`
	UntilAge         int          `yaml:"until_age"`
	MiscarriagePct   float64      `yaml:"miscarriage_pct"`
	ConfirmWeeks     [2]int       `yaml:"confirm_weeks"`
	MiscarriageWeeks [2]int       `yaml:"miscarriage_weeks"`
	DeliveryWeeks    [2]int       `yaml:"delivery_weeks"`
	StayDays         [2]int       `yaml:"stay_days"`
	PostnatalDays    [2]int       `yaml:"postnatal_days"`
	PostnatalChecks  []string     `yaml:"postnatal_checks"` // observation_codes.csv keys
	GapDays          int          `yaml:"gap_days"`
	Problem          CodedProblem `yaml:"problem"`
	Miscarriage      CodedProblem `yaml:"miscarriage"`
	// LossScan: a miscarriage confirmed by a scan at the early pregnancy
	// assessment service after the GP contact (nil: coded at the GP contact).
	LossScan       *LossScan        `yaml:"loss_scan"`
	Delivery       CodedType        `yaml:"delivery"`
	PostnatalCheck CodedType        `yaml:"postnatal_check"`
	LongActing     []string         `yaml:"long_acting"` // contraception.yaml methods
	Antenatal      []AntenatalVisit `yaml:"antenatal"`
	Midwife        []AntenatalVisit `yaml:"midwife"` // the midwife's appointments after the booking
	// FirstBirthsPct: the share of births that are a woman's first, for a
	// pregnancy whose record cannot tell (a birth before the record began).
	FirstBirthsPct float64            `yaml:"first_births_pct"`
	Medicines      []RiskMedicine     `yaml:"medicines"` // issued in a pregnancy at raised risk
	Vaccines       []PregnancyVaccine `yaml:"vaccines"`
	FluUptake      float64            `yaml:"flu_uptake"` // % of pregnancies in a flu season's vaccinating days
	RaisedBP       RaisedBP           `yaml:"raised_bp"`  // an antenatal blood pressure of 140/90 or more answered
	BPFall         BPFall             `yaml:"bp_fall"`    // the fall of blood pressure in mid-pregnancy
	// AntihypertensiveSwitch: the medicine that replaces an antihypertensive
	// stopped for the pregnancy (nil: none).
	AntihypertensiveSwitch *AntihypertensiveSwitch `yaml:"antihypertensive_switch"`
	// ScreeningAfterBirthDays: a routine cervical screening test due in a
	// known pregnancy, or this soon after a birth, is put off until then.
	ScreeningAfterBirthDays int `yaml:"screening_after_birth_days"`
	// AfterCancer: no pregnancy begins within a span after a cancer
	// diagnosis (treatment and the months after it).
	AfterCancer []AfterCancer `yaml:"after_cancer"`
	// Teratogen: contraception for a woman on a medicine of teratogenic
	// potential, and the few pregnancies that begin while she takes it.
	Teratogen *Teratogen `yaml:"teratogen"`
	// GDM: gestational diabetes screened by risk factor, diagnosed on the
	// OGTT and treated (nil: none).
	GDM *GDM `yaml:"gdm"`
}

// GDM is gestational diabetes as pregnancy.yaml gdm holds it (NICE NG3): the
// risk factors that send a pregnancy for a 75 g OGTT at OGTTDays (and
// EarlyDays after a previous one), the glucose state's readings, the
// thresholds that diagnose it, and its care.
type GDM struct {
	Risk struct {
		BMIAbove float64  `yaml:"bmi_above"`
		Groups   []string `yaml:"groups"` // Census 2021 high-level ethnic groups
	} `yaml:"risk"`
	IncidencePct   float64       `yaml:"incidence_pct"`
	RecurrencePct  float64       `yaml:"recurrence_pct"`
	OGTTDays       [2]int        `yaml:"ogtt_days"`
	EarlyDays      [2]int        `yaml:"early_days"`
	EarlyPct       float64       `yaml:"early_pct"`
	OGTT           CodedType     `yaml:"ogtt"`
	Fasting        string        `yaml:"fasting"`  // observation_codes.csv key
	TwoHour        string        `yaml:"two_hour"` // observation_codes.csv key
	FastingAtLeast float64       `yaml:"fasting_at_least"`
	TwoHourAtLeast float64       `yaml:"two_hour_at_least"`
	Normal         GlucoseRange  `yaml:"normal"`
	Raised         GlucoseRange  `yaml:"gdm"`
	Problem        ResultProblem `yaml:"problem"`
	Metformin      string        `yaml:"metformin"`
	MetforminPct   float64       `yaml:"metformin_pct"`
	MetforminDays  [2]int        `yaml:"metformin_days"`
	Insulin        string        `yaml:"insulin"`
	InsulinLadder  string        `yaml:"insulin_ladder"` // regimens.csv ladder of the insulin ("": its own rows)
	// MetforminInsulinPct of the women started on metformin have insulin
	// added (the targets still missed) MetforminInsulinDays after it.
	MetforminInsulinPct   float64   `yaml:"metformin_insulin_pct"`
	MetforminInsulinDays  [2]int    `yaml:"metformin_insulin_days"`
	InsulinFastingAtLeast float64   `yaml:"insulin_fasting_at_least"`
	Clinic                CodedType `yaml:"clinic"`
	// ClinicChecks: what the antenatal diabetes clinic records, as every
	// antenatal appointment (observation_codes.csv keys; brief h75g).
	ClinicChecks     []string   `yaml:"clinic_checks"`
	PostnatalGlucose [2]float64 `yaml:"postnatal_glucose"`
	// AnnualHbA1c: the yearly HbA1c after a normal postnatal glucose
	// (brief h69c; nil: none).
	AnnualHbA1c *AnnualHbA1c `yaml:"annual_hba1c"`
	Source      string       `yaml:"source"`
}

// AnnualHbA1c is the recall of a woman after gestational diabetes: an HbA1c
// EveryDays after the test before (the postnatal glucose, the last HbA1c,
// or another HbA1c on the record), at a GP blood test about the
// gestational diabetes, until one of Until (catalogue keys) is held or her
// next pregnancy begins.
type AnnualHbA1c struct {
	EveryDays [2]int   `yaml:"every_days"`
	Until     []string `yaml:"until"`
	Source    string   `yaml:"source"`
}

// GlucoseRange is where an OGTT's two readings are drawn (mmol/L).
type GlucoseRange struct {
	Fasting [2]float64 `yaml:"fasting"`
	TwoHour [2]float64 `yaml:"two_hour"`
}

// AfterCancer keeps a pregnancy's last period from falling within Days
// after the diagnosis of a cancer of one of Sites (catalogue site keys;
// none: any site). The first entry that applies to the site is used.
type AfterCancer struct {
	Sites  []string `yaml:"sites"`
	Days   int      `yaml:"days"`
	Source string   `yaml:"source"`
}

// AntenatalVisit is a maternity attendance of every pregnancy that reaches
// it: on a day from Days[0] to Days[1] after the last period.
type AntenatalVisit struct {
	Key    string    `yaml:"key"`
	Days   [2]int    `yaml:"days"`
	Type   CodedType `yaml:"type"`
	Checks []string  `yaml:"checks"` // observation_codes.csv keys recorded at it
	// FirstBaby: only in a woman's first pregnancy to a birth (NICE NG201's
	// extra appointments for a nulliparous woman).
	FirstBaby bool `yaml:"first_baby"`
	// OwnStream: its day and checks draw from a stream of their own, so
	// that the appointments before it (and their draws) do not move.
	OwnStream bool `yaml:"own_stream"`
}

// RiskMedicine is a medicine issued in a pregnancy at raised risk: when the
// woman holds one of Conditions (catalogue keys) at the visit At
// ("confirmation", or an antenatal or midwife key), through the regimens.csv
// ladder Ladder of Medicine, to the day before UntilDay days from the last
// period (0: the birth).
type RiskMedicine struct {
	Key        string   `yaml:"key"`
	Medicine   string   `yaml:"medicine"`
	Ladder     string   `yaml:"ladder"`
	Conditions []string `yaml:"conditions"`
	// History: catalogue keys of a problem coded before this pregnancy
	// began, resolved or not (hypertensive disease in a previous
	// pregnancy, brief fxb), which also put her at the risk.
	History  []string `yaml:"history"`
	At       string   `yaml:"at"`
	UntilDay int      `yaml:"until_day"`
	Source   string   `yaml:"source"`
}

// AtConfirmation is RiskMedicine.At for the visit that recorded the
// pregnancy.
const AtConfirmation = "confirmation"

// PregnancyVaccine is a vaccine offered in pregnancy (an immunisations.yaml
// vaccine): given to Uptake% of the pregnancies that reach the window (days
// from the last period), when in force (From) on the window's last day.
type PregnancyVaccine struct {
	Vaccine string  `yaml:"vaccine"`
	From    YMD     `yaml:"from"`
	Days    [2]int  `yaml:"days"`
	Uptake  float64 `yaml:"uptake"`
}

// RaisedBP is what an antenatal blood pressure at or above Systolic or
// Diastolic leads to: a same-day maternity assessment from GestationalFromDay
// (days from the last period: 20 weeks), where the reading is repeated with
// Checks and, still raised, gestational hypertension (Problem) is coded for
// the rest of the pregnancy and ResolveDays after its end; before it, the
// obstetric clinic in ClinicDays (chronic hypertension found in pregnancy).
type RaisedBP struct {
	Systolic           float64   `yaml:"systolic"`
	Diastolic          float64   `yaml:"diastolic"`
	GestationalFromDay int       `yaml:"gestational_from_day"`
	Assessment         CodedType `yaml:"assessment"`
	Checks             []string  `yaml:"checks"` // observation_codes.csv keys
	// Bloods: observation_codes.csv keys of the blood tests taken at an
	// assessment whose repeat stays raised (NICE NG133: full blood count,
	// liver and renal function at presentation; brief fxb).
	Bloods      []string      `yaml:"bloods"`
	Problem     ResultProblem `yaml:"problem"`
	ResolveDays int           `yaml:"resolve_days"`
	// Chronic: catalogue keys of a hypertension held before the pregnancy:
	// a woman holding one is not coded gestational hypertension (new
	// hypertension, NICE NG133); her raised reading is still assessed.
	Chronic    []string `yaml:"chronic"`
	ClinicDays [2]int   `yaml:"clinic_days"`
	Source     string   `yaml:"source"`
	// Treatment is what follows gestational hypertension once it is coded
	// (nil: nothing).
	Treatment *BPTreatment `yaml:"treatment"`
	// PreEclampsia: proteinuria found beside the raised repeat (nil: the
	// urine is always negative).
	PreEclampsia *PreEclampsia `yaml:"pre_eclampsia"`
	// Postnatal: the blood pressure check a few days after the birth of a
	// woman with hypertension in pregnancy (nil: none; brief h68d).
	Postnatal *PostnatalBP `yaml:"postnatal"`
	// RepeatMinutes: a raised reading is taken again this many minutes on,
	// at the same appointment, and only a repeat still raised is referred
	// (0: no repeat).
	RepeatMinutes int `yaml:"repeat_minutes"`
	// Onset is the new hypertension of pregnancy as a state (nil: none):
	// what raises the readings that are then assessed and coded.
	Onset *GestationalOnset `yaml:"onset"`
	// Severe: a sustained antenatal reading at or above these levels admits
	// her (nil: no admission for the pressure alone).
	Severe *SevereBP `yaml:"severe"`
}

// SevereBP is severe hypertension in pregnancy (NICE NG133: 160/110 or
// more, admitted): the last reading of an antenatal appointment at
// Systolic or Diastolic or more admits her from it for a stay of StayDays.
type SevereBP struct {
	Systolic  float64 `yaml:"systolic"`
	Diastolic float64 `yaml:"diastolic"`
	StayDays  [2]int  `yaml:"stay_days"`
	Source    string  `yaml:"source"`
}

// GestationalOnset is new hypertension from 20 weeks in IncidencePct of
// pregnancies, from a day drawn in Days (from the last period) to the
// birth: the usual blood pressure is at least a level drawn in Systolic
// and Diastolic, until the treatment (raised_bp treatment) runs.
type GestationalOnset struct {
	IncidencePct float64    `yaml:"incidence_pct"`
	Days         [2]int     `yaml:"days"`
	Systolic     [2]float64 `yaml:"systolic"`
	Diastolic    [2]float64 `yaml:"diastolic"`
	Source       string     `yaml:"source"`
}

// PreEclampsia is proteinuria at the assessment of a blood pressure still
// raised from 20 weeks, in SharePct of them: the urine protein:creatinine
// ratio (Observation, mg/mmol, drawn in PCR) recorded in place of the
// negative test, at every antenatal check after it too, pre-eclampsia
// coded (Problem, to the raised_bp resolve days after the birth) and the
// woman admitted from the assessment for StayDays.
type PreEclampsia struct {
	SharePct    float64       `yaml:"share_pct"`
	Observation string        `yaml:"observation"` // observation_codes.csv key
	Negative    string        `yaml:"negative"`    // the negative test it replaces
	PCR         [2]float64    `yaml:"pcr"`
	Problem     ResultProblem `yaml:"problem"`
	StayDays    [2]int        `yaml:"stay_days"`
	Source      string        `yaml:"source"`
}

// BPTreatment is the care of gestational hypertension (NICE NG133): the
// medicine started at the assessment that coded it, run to AfterBirthDays
// after the birth, and the blood pressure and urine checked every
// CheckEveryDays in the maternity unit until a reading is at or below the
// target (TargetSystolic and TargetDiastolic both) or the birth. From
// RaiseEveryDays after its last change (0: never) an antenatal reading above
// the target raises the medicine one regimen step (brief fx65a).
type BPTreatment struct {
	Medicine string `yaml:"medicine"` // medicines.csv key
	// IfRuledOut is given in Medicine's place when a prescribing rule
	// rules Medicine out (asthma for labetalol); "" none (brief h69c).
	IfRuledOut      string  `yaml:"if_ruled_out"`
	AfterBirthDays  int     `yaml:"after_birth_days"`
	CheckEveryDays  int     `yaml:"check_every_days"`
	RaiseEveryDays  int     `yaml:"raise_every_days"`
	TargetSystolic  float64 `yaml:"target_systolic"`
	TargetDiastolic float64 `yaml:"target_diastolic"`
	// Reduce lowers the medicine one regimen step, and stops it at its
	// first, at an antenatal reading below both figures (h70d); a reading
	// above the target after a stop starts it again. nil: never reduced.
	Reduce *BPReduce `yaml:"reduce"`
	Source string    `yaml:"source"`
}

// BPReduce is the pressure below which the antenatal antihypertensive is
// reduced (BPTreatment.Reduce).
type BPReduce struct {
	BelowSystolic  float64 `yaml:"below_systolic"`
	BelowDiastolic float64 `yaml:"below_diastolic"`
	Source         string  `yaml:"source"`
}

// LossScan is the early pregnancy assessment service's attendance, Days
// after the GP contact that saw the bleeding, typed by Attendance, where
// the Scan (an observation_codes.csv key) confirms the miscarriage.
type LossScan struct {
	Days       [2]int    `yaml:"days"`
	Attendance CodedType `yaml:"attendance"`
	Scan       string    `yaml:"scan"`
	Source     string    `yaml:"source"`
}

// AntihypertensiveSwitch replaces, at the visit that confirms a pregnancy,
// a medicine of Classes (medicine_classes.csv) stopped for it and issued
// for one of Conditions (catalogue keys) with Medicine (medicines.csv key),
// until the stopped medicine restarts after the pregnancy.
type AntihypertensiveSwitch struct {
	Classes    []string `yaml:"classes"`
	Conditions []string `yaml:"conditions"`
	Medicine   string   `yaml:"medicine"`
	// IfRuledOut is given in Medicine's place when a prescribing rule rules
	// it out (labetalol with asthma: nifedipine); empty: none.
	IfRuledOut string `yaml:"if_ruled_out"`
	// Also: other medicines stopped for the pregnancy (prescribing.yaml
	// pregnancy medicines), each line with its own replacement.
	Also   []SwitchLine `yaml:"also"`
	Source string       `yaml:"source"`
}

// SwitchLine replaces the medicines.csv keys Stopped, stopped for a
// pregnancy, with Medicine (IfRuledOut when a rule rules it out).
type SwitchLine struct {
	Stopped    []string `yaml:"stopped"`
	Medicine   string   `yaml:"medicine"`
	IfRuledOut string   `yaml:"if_ruled_out"`
}

// PostnatalBP is the check of a woman's blood pressure Days after a birth
// (from the birth day, inclusive), when she held gestational hypertension,
// pre-eclampsia or a RaisedBP Chronic hypertension at the birth: a visit
// typed Visit recording Checks (observation_codes.csv keys), about that
// problem.
type PostnatalBP struct {
	Days   [2]int    `yaml:"days"`
	Visit  CodedType `yaml:"visit"`
	Checks []string  `yaml:"checks"`
	Source string    `yaml:"source"`
	// Treatment after the birth (brief h69c): nil, none.
	Treatment *PostnatalBPTreatment `yaml:"treatment"`
}

// PostnatalBPTreatment is the antihypertensive care after a birth: the
// treatment started at a postnatal reading of StartSystolic /
// StartDiastolic or more when none runs; reviewed with the GP ReviewDays
// after the birth, where it stops below StopSystolic / StopDiastolic and
// otherwise runs to the 6-8 week postnatal check; stopped there below the
// hypertension bar (raised_bp systolic / diastolic), else run on
// RunOnDays.
type PostnatalBPTreatment struct {
	StartSystolic  float64 `yaml:"start_systolic"`
	StartDiastolic float64 `yaml:"start_diastolic"`
	ReviewDays     [2]int  `yaml:"review_days"`
	StopSystolic   float64 `yaml:"stop_systolic"`
	StopDiastolic  float64 `yaml:"stop_diastolic"`
	RunOnDays      int     `yaml:"run_on_days"`
	Source         string  `yaml:"source"`
}

// BPFall is the fall of a woman's usual blood pressure in pregnancy: none
// at the last period, Systolic and Diastolic mmHg at NadirDay, none again
// from BackDay (days from the last period), linear between.
type BPFall struct {
	Systolic  float64 `yaml:"systolic"`
	Diastolic float64 `yaml:"diastolic"`
	NadirDay  int     `yaml:"nadir_day"`
	BackDay   int     `yaml:"back_day"`
	Source    string  `yaml:"source"`
}

// AgeRate is a yearly rate per 1,000 from an age to the next band's.
type AgeRate struct {
	FromAge int     `yaml:"from_age"`
	Rate    float64 `yaml:"rate"`
}

// CodedType is a SNOMED CT code and display typing an encounter.
type CodedType struct {
	Snomed  string `yaml:"snomed"`
	Display string `yaml:"display"`
}

// RateAt is the births per 1,000 women a year at age (0 outside the bands).
func (p *Pregnancy) RateAt(age int) float64 {
	r := 0.0
	for _, b := range p.BirthsPer1000 {
		if age >= b.FromAge {
			r = b.Rate
		}
	}
	if len(p.BirthsPer1000) == 0 || age < p.BirthsPer1000[0].FromAge || age >= p.UntilAge {
		return 0
	}
	return r
}

var loadPregnancy = sync.OnceValues(func() (*Pregnancy, error) {
	var doc struct {
		Pregnancy Pregnancy `yaml:"pregnancy"`
	}
	if err := decodeStrict(pregnancyYAML, &doc); err != nil {
		return nil, fmt.Errorf("pregnancy.yaml: %w", err)
	}
	p := &doc.Pregnancy
	ordered := func(r [2]int) bool { return r[0] > 0 && r[0] <= r[1] }
	switch {
	case len(p.BirthsPer1000) == 0 || p.UntilAge <= p.BirthsPer1000[len(p.BirthsPer1000)-1].FromAge:
		return nil, fmt.Errorf("pregnancy.yaml: births_per_1000 needs bands below until_age")
	case p.MiscarriagePct < 0 || p.MiscarriagePct >= 100:
		return nil, fmt.Errorf("pregnancy.yaml: miscarriage_pct in [0, 100)")
	case !ordered(p.ConfirmWeeks) || !ordered(p.MiscarriageWeeks) || !ordered(p.DeliveryWeeks) || !ordered(p.StayDays) || !ordered(p.PostnatalDays):
		return nil, fmt.Errorf("pregnancy.yaml: week and day ranges need 0 < low <= high")
	case p.ConfirmWeeks[0] >= p.MiscarriageWeeks[0] || p.MiscarriageWeeks[1] >= p.DeliveryWeeks[0]:
		return nil, fmt.Errorf("pregnancy.yaml: confirmation before a miscarriage before a delivery")
	case p.Problem.Snomed == "" || p.Miscarriage.Snomed == "" || p.Delivery.Snomed == "" || p.PostnatalCheck.Snomed == "":
		return nil, fmt.Errorf("pregnancy.yaml: needs its codes")
	}
	visits := map[string]bool{AtConfirmation: true}
	for _, a := range append(append([]AntenatalVisit(nil), p.Antenatal...), p.Midwife...) {
		if !ordered(a.Days) || a.Type.Snomed == "" || visits[a.Key] {
			return nil, fmt.Errorf("pregnancy.yaml: antenatal %q needs a key of its own, days 0 < low <= high and a code", a.Key)
		}
		visits[a.Key] = true
		for _, k := range a.Checks {
			if _, ok := ObservationByKey(k); !ok {
				return nil, fmt.Errorf("pregnancy.yaml: antenatal %q check %q is not in observation_codes.csv", a.Key, k)
			}
		}
	}
	if r := &p.RaisedBP; r.Systolic > 0 {
		if r.Diastolic <= 0 || r.GestationalFromDay <= 0 || r.Assessment.Snomed == "" || r.Problem.Snomed == "" || r.Problem.Key == "" ||
			r.ResolveDays < 0 || !ordered(r.ClinicDays) || r.Source == "" {
			return nil, fmt.Errorf("pregnancy.yaml: raised_bp needs thresholds, a day, an assessment type, a problem, clinic days and a source")
		}
		for _, k := range append(slices.Clone(r.Checks), r.Bloods...) {
			if _, ok := ObservationByKey(k); !ok {
				return nil, fmt.Errorf("pregnancy.yaml: raised_bp check or blood %q is not in observation_codes.csv", k)
			}
		}
		if t := r.Treatment; t != nil && (t.Medicine == "" || len(LadderRegimens(t.Medicine, "")) == 0 || t.AfterBirthDays < 0 ||
			t.CheckEveryDays <= 0 || t.RaiseEveryDays < 0 || t.TargetSystolic <= 0 || t.TargetDiastolic <= 0 || t.Source == "" ||
			t.Reduce != nil && (t.Reduce.BelowSystolic <= 0 || t.Reduce.BelowSystolic >= t.TargetSystolic || t.Reduce.BelowDiastolic <= 0 || t.Reduce.BelowDiastolic >= t.TargetDiastolic || t.Reduce.Source == "")) {
			return nil, fmt.Errorf("pregnancy.yaml: raised_bp treatment needs a medicine with regimens, after_birth_days >= 0, check_every_days, targets and a source")
		}
		if pe := r.PreEclampsia; pe != nil {
			_, okObs := ObservationByKey(pe.Observation)
			_, okNeg := ObservationByKey(pe.Negative)
			if pe.SharePct <= 0 || pe.SharePct > 100 || !okObs || !okNeg || pe.PCR[0] <= 0 || pe.PCR[1] < pe.PCR[0] ||
				pe.Problem.Key == "" || pe.Problem.Snomed == "" || !ordered(pe.StayDays) || pe.StayDays[0] < 1 || pe.Source == "" {
				return nil, fmt.Errorf("pregnancy.yaml: raised_bp pre_eclampsia needs a share, known observations, a PCR range, a problem, stay days of 1 or more and a source")
			}
		}
		if o := r.Onset; o != nil && (o.IncidencePct <= 0 || o.IncidencePct > 100 || o.Days[0] < r.GestationalFromDay || o.Days[1] < o.Days[0] ||
			o.Systolic[0] <= 0 || o.Systolic[1] < o.Systolic[0] || o.Diastolic[0] <= 0 || o.Diastolic[1] < o.Diastolic[0] || o.Source == "") {
			return nil, fmt.Errorf("pregnancy.yaml: raised_bp onset needs an incidence, days from gestational_from_day, level ranges and a source")
		}
		if r.RepeatMinutes < 0 {
			return nil, fmt.Errorf("pregnancy.yaml: raised_bp repeat_minutes must be 0 or more")
		}
		if sv := r.Severe; sv != nil && (sv.Systolic <= r.Systolic || sv.Diastolic <= r.Diastolic || !ordered(sv.StayDays) || sv.StayDays[0] < 1 || sv.Source == "") {
			return nil, fmt.Errorf("pregnancy.yaml: raised_bp severe needs levels above systolic and diastolic, stay days of 1 or more and a source")
		}
		if pn := r.Postnatal; pn != nil && (!ordered(pn.Days) || pn.Days[0] < 1 || pn.Visit.Snomed == "" || len(pn.Checks) == 0 || pn.Source == "") {
			return nil, fmt.Errorf("pregnancy.yaml: raised_bp postnatal needs days from 1, a visit type, checks and a source")
		}
	}
	if f := &p.BPFall; f.NadirDay != 0 && (f.NadirDay <= 0 || f.BackDay <= f.NadirDay || f.Systolic < 0 || f.Diastolic < 0 || f.Source == "") {
		return nil, fmt.Errorf("pregnancy.yaml: bp_fall needs 0 < nadir_day < back_day, falls of 0 or more and a source")
	}
	if ls := p.LossScan; ls != nil {
		if _, ok := ObservationByKey(ls.Scan); !ok || ls.Days[0] < 0 || ls.Days[1] < ls.Days[0] || ls.Attendance.Snomed == "" || ls.Source == "" {
			return nil, fmt.Errorf("pregnancy.yaml: loss_scan needs days 0 <= low <= high, an attendance code, a known scan and a source")
		}
	}
	if sw := p.AntihypertensiveSwitch; sw != nil && (len(sw.Classes) == 0 || len(sw.Conditions) == 0 || len(LadderRegimens(sw.Medicine, "")) == 0 || sw.Source == "") {
		return nil, fmt.Errorf("pregnancy.yaml: antihypertensive_switch needs classes, conditions, a medicine with regimens and a source")
	}
	if sw := p.AntihypertensiveSwitch; sw != nil {
		for _, l := range sw.Also {
			if len(l.Stopped) == 0 || len(LadderRegimens(l.Medicine, "")) == 0 {
				return nil, fmt.Errorf("pregnancy.yaml: antihypertensive_switch also needs stopped medicines and a medicine with regimens")
			}
		}
	}
	for _, m := range p.Medicines {
		if m.Medicine == "" || len(m.Conditions) == 0 || !visits[m.At] || m.UntilDay < 0 || m.Source == "" || len(LadderRegimens(m.Medicine, m.Ladder)) == 0 {
			return nil, fmt.Errorf("pregnancy.yaml: medicine %q needs a medicine with regimens on its ladder, conditions, a visit, until_day >= 0 and a source", m.Key)
		}
	}
	for _, v := range p.Vaccines {
		if !ordered(v.Days) || v.Uptake < 0 || v.Uptake > 100 || v.From.Y == 0 {
			return nil, fmt.Errorf("pregnancy.yaml: vaccine %q needs days, a start and an uptake in [0, 100]", v.Vaccine)
		}
	}
	if p.ScreeningAfterBirthDays < 0 {
		return nil, fmt.Errorf("pregnancy.yaml: screening_after_birth_days must not be negative")
	}
	for _, a := range p.AfterCancer {
		if a.Days <= 0 || a.Source == "" {
			return nil, fmt.Errorf("pregnancy.yaml: after_cancer needs days above 0 and a source")
		}
	}
	if p.FirstBirthsPct < 0 || p.FirstBirthsPct > 100 {
		return nil, fmt.Errorf("pregnancy.yaml: first_births_pct in [0, 100]")
	}
	if p.FluUptake < 0 || p.FluUptake > 100 {
		return nil, fmt.Errorf("pregnancy.yaml: flu_uptake in [0, 100]")
	}
	for _, k := range p.PostnatalChecks {
		if _, ok := ObservationByKey(k); !ok {
			return nil, fmt.Errorf("pregnancy.yaml: postnatal check %q is not in observation_codes.csv", k)
		}
	}
	for i := 1; i < len(p.BirthsPer1000); i++ {
		if p.BirthsPer1000[i].FromAge <= p.BirthsPer1000[i-1].FromAge {
			return nil, fmt.Errorf("pregnancy.yaml: births_per_1000 bands out of order")
		}
	}
	return p, nil
})

// PregnancyModel returns the pregnancy knowledge.
func PregnancyModel() (*Pregnancy, error) { return loadPregnancy() }

// Teratogen is pregnancy.yaml's teratogen block: the medicine classes of
// teratogenic potential, the contraception begun with them (methods of
// contraception.yaml, by share) until until_age, and the share of the
// pregnancies drawn for her that still begin while one runs.
type Teratogen struct {
	Classes  []string          `yaml:"classes"` // medicine_classes.csv classes
	UntilAge int               `yaml:"until_age"`
	Methods  []TeratogenMethod `yaml:"methods"`
	KeptPct  float64           `yaml:"kept_pct"`
	// AfterStopDays: contraception runs this long after the last supply of
	// a stopped course, then its method runs its usual course (h64j).
	AfterStopDays int    `yaml:"after_stop_days"`
	Source        string `yaml:"source"`
}

// TeratogenMethod is a contraception.yaml method and its share of the
// episodes begun beside a teratogen.
type TeratogenMethod struct {
	Medicine string  `yaml:"medicine"`
	Share    float64 `yaml:"share"`
}
