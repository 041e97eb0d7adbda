package datasets

import (
	_ "embed"
	"fmt"
	"sync"
)

//go:embed anaemia.yaml
var anaemiaYAML []byte

// Anaemia is anaemia.yaml: how a low haemoglobin is answered (twenty-
// seventh review).
type Anaemia struct {
	LowHaemoglobin LowHaemoglobin `yaml:"low_haemoglobin"`
	IronDeficiency IronDeficiency `yaml:"iron_deficiency"`
	LowWhiteCount  LowWhiteCount  `yaml:"low_white_count"`
}

// LowWhiteCount: a result of Observation below Below, unexplained (no
// medicine whose monitoring acts on it runs), is repeated at a blood test
// RepeatDays later (brief h51d).
type LowWhiteCount struct {
	Observation string  `yaml:"observation"`
	Below       float64 `yaml:"below"`
	RepeatDays  [2]int  `yaml:"repeat_days"`
	Source      string  `yaml:"source"`
	// Persistent: a repeat still below Below is followed up at a blood test
	// Days later that takes Observations (a count with a blood film; brief
	// h56d). Nil: nothing follows a second low count.
	Persistent *PersistentLowCount `yaml:"persistent"`
}

// PersistentLowCount: what a second low count in a row leads to.
type PersistentLowCount struct {
	Observations []string `yaml:"observations"`
	Days         [2]int   `yaml:"days"`
	Source       string   `yaml:"source"`
}

// IronDeficiency: a state that lowers the haemoglobin by a drawn Depth
// (and the Ferritin by FerritinFall on its log scale) from the onset of a
// HeavyBleeding episode in Share of them, until iron corrects it or
// UntreatedDays after the episode ends (forty-eighth session).
type IronDeficiency struct {
	HeavyBleeding struct {
		Problem string  `yaml:"problem"`
		Share   float64 `yaml:"share"`
	} `yaml:"heavy_bleeding"`
	Depth struct {
		Mean float64 `yaml:"mean"`
		SD   float64 `yaml:"sd"`
		Min  float64 `yaml:"min"`
	} `yaml:"depth"`
	Ferritin      string  `yaml:"ferritin"`
	FerritinFall  float64 `yaml:"ferritin_fall"`
	UntreatedDays int     `yaml:"untreated_days"`
	// Confirm is the ferritin that confirms iron deficiency before an
	// anaemia is coded as it: nil, none asked for.
	Confirm *FerritinConfirm `yaml:"confirm"`
	// Treat is iron for a low ferritin without anaemia: nil, not treated.
	Treat  *FerritinTreat `yaml:"treat"`
	Source string         `yaml:"source"`
}

// FerritinTreat: a ferritin below Below with no anaemic count beside it
// starts the low haemoglobin's oral iron (its drug and days), no blood
// count repeated: the stores are refilled, the haemoglobin was normal.
type FerritinTreat struct {
	Below float64 `yaml:"below"`
	// Rise is what the course adds to the usual ferritin on its log scale,
	// reached over RiseDays from the start and kept until LastsDays after
	// the course ends (the stores refilled, then spent again; brief h57d).
	Rise      float64 `yaml:"rise"`
	RiseDays  int     `yaml:"rise_days"`
	LastsDays int     `yaml:"lasts_days"`
	// Recheck: Observations read at a practice blood test Days after the
	// start, the course's answer not answered again.
	Recheck *StoresRecheck `yaml:"recheck"`
	// Investigate: a test for the cause (a FIT) at the contact that
	// starts the iron, in men from MaleFrom and women from FemaleFrom
	// (after the menopause), held below Below (no bleeding found).
	Investigate *StoresInvestigation `yaml:"investigate"`
	Source      string               `yaml:"source"`
}

// StoresRecheck is the blood test after iron for empty stores.
type StoresRecheck struct {
	Observations []string `yaml:"observations"`
	Days         [2]int   `yaml:"days"`
	Source       string   `yaml:"source"`
}

// StoresInvestigation is the look for a cause of iron deficiency.
type StoresInvestigation struct {
	Observation string  `yaml:"observation"`
	Below       float64 `yaml:"below"`
	MaleFrom    int     `yaml:"male_from"`
	FemaleFrom  int     `yaml:"female_from"`
	Source      string  `yaml:"source"`
}

// FerritinConfirm: an iron deficiency anaemia is coded on a ferritin below
// Below read within WithinDays before the low haemoglobin (or with it);
// with none, one is added to the count's sample.
type FerritinConfirm struct {
	Below      float64 `yaml:"below"`
	WithinDays int     `yaml:"within_days"`
	Source     string  `yaml:"source"`
}

// LowHaemoglobin: a result of Observation below the threshold for the
// person's sex codes Problem, starts Treatment and repeats the Repeat
// observations RecheckDays later; iron raises the usual level by Rise over
// RiseDays from its start.
type LowHaemoglobin struct {
	Observation string `yaml:"observation"`
	Below       struct {
		Female float64 `yaml:"female"`
		Male   float64 `yaml:"male"`
	} `yaml:"below"`
	Repeat      []string      `yaml:"repeat"`
	RecheckDays [2]int        `yaml:"recheck_days"`
	Rise        float64       `yaml:"rise"`
	RiseDays    int           `yaml:"rise_days"`
	Problem     ResultProblem `yaml:"problem"`
	Treatment   ShortCourse   `yaml:"treatment"`
	// Refer: the suspected cancer referral a new iron deficiency anaemia
	// brings from an age (anaemiareferral.go); nil: none.
	Refer  *AnaemiaReferral `yaml:"refer"`
	Source string           `yaml:"source"`
}

// AnaemiaReferral is the urgent suspected-cancer referral of a person of
// MinAge or more whose low haemoglobin codes iron deficiency anaemia that
// heavy periods do not explain: the symptom and the referral (observation
// keys) coded at the contact, a clinic ClinicDays later, and not again
// within cancer_routes.yaml not_cancer again_after_days of the last
// fast-track referral for the site (one figure for both).
type AnaemiaReferral struct {
	MinAge   int    `yaml:"min_age"`
	Symptom  string `yaml:"symptom"`
	Referral string `yaml:"referral"`
	// FerritinBelow: the contact's ferritin must be below it (iron
	// deficiency shown) for the referral.
	FerritinBelow float64 `yaml:"ferritin_below"`
	ClinicDays    [2]int  `yaml:"clinic_days"`
	Source        string  `yaml:"source"`
}

var loadAnaemia = sync.OnceValues(func() (*Anaemia, error) {
	var a Anaemia
	if err := decodeStrict(anaemiaYAML, &a); err != nil {
		return nil, fmt.Errorf("anaemia.yaml: %w", err)
	}
	l := &a.LowHaemoglobin
	for _, k := range append([]string{l.Observation}, l.Repeat...) {
		if _, ok := ObservationByKey(k); !ok {
			return nil, fmt.Errorf("anaemia.yaml: observation %q is not in observation_codes.csv", k)
		}
	}
	if l.Below.Female <= 0 || l.Below.Male <= 0 || l.RecheckDays[0] < 1 || l.RecheckDays[1] < l.RecheckDays[0] ||
		l.Rise < 0 || l.RiseDays < 1 || l.Source == "" {
		return nil, fmt.Errorf("anaemia.yaml: low_haemoglobin needs thresholds, recheck_days [from, to] from 1, a rise from 0 over rise_days from 1 and a source")
	}
	if p := l.Problem; p.Key == "" || p.Snomed == "" || p.ICD10 == "" || p.Description == "" || p.Days < 1 || p.Source == "" {
		return nil, fmt.Errorf("anaemia.yaml: problem needs key, codes, description, days and a source")
	}
	if t := l.Treatment; t.Drug == "" || t.Probability <= 0 || t.Probability > 1 || t.Days < 1 {
		return nil, fmt.Errorf("anaemia.yaml: treatment needs a drug, a probability in (0, 1] and days")
	}
	if r := l.Refer; r != nil {
		_, symptom := ObservationByKey(r.Symptom)
		if _, ok := ObservationByKey(r.Referral); !ok || !symptom || r.MinAge < 1 || r.FerritinBelow <= 0 || r.ClinicDays[0] < 1 || r.ClinicDays[1] < r.ClinicDays[0] || r.Source == "" {
			return nil, fmt.Errorf("anaemia.yaml: low_haemoglobin refer needs a min_age, a symptom and a referral in observation_codes.csv, a ferritin_below, clinic_days [from, to] from 1 and a source")
		}
	}
	if lw := a.LowWhiteCount; lw.Observation != "" {
		if _, ok := ObservationByKey(lw.Observation); !ok || lw.Below <= 0 || lw.RepeatDays[0] < 1 || lw.RepeatDays[1] < lw.RepeatDays[0] || lw.Source == "" {
			return nil, fmt.Errorf("anaemia.yaml: low_white_count needs an observation in observation_codes.csv, below > 0, repeat_days [from, to] from 1 and a source")
		}
		if pc := lw.Persistent; pc != nil {
			bad := len(pc.Observations) == 0 || pc.Days[0] < 1 || pc.Days[1] < pc.Days[0] || pc.Source == ""
			for _, o := range pc.Observations {
				if _, ok := ObservationByKey(o); !ok {
					bad = true
				}
			}
			if bad {
				return nil, fmt.Errorf("anaemia.yaml: low_white_count persistent needs observations in observation_codes.csv, days [from, to] from 1 and a source")
			}
		}
	}
	id := &a.IronDeficiency
	if tr := id.Treat; tr != nil && (tr.Below <= 0 || tr.Source == "" || tr.Rise < 0 || tr.Rise > 0 && (tr.RiseDays < 1 || tr.LastsDays < 0)) {
		return nil, fmt.Errorf("anaemia.yaml: iron_deficiency treat needs below > 0, a source, and a rise of 0 or more (with rise_days from 1 and lasts_days)")
	}
	if tr := id.Treat; tr != nil && tr.Recheck != nil && (len(tr.Recheck.Observations) == 0 || tr.Recheck.Days[0] < 1 || tr.Recheck.Days[1] < tr.Recheck.Days[0] || tr.Recheck.Source == "") {
		return nil, fmt.Errorf("anaemia.yaml: iron_deficiency treat recheck needs observations, days [from, to] from 1 and a source")
	}
	if tr := id.Treat; tr != nil && tr.Investigate != nil {
		if iv := tr.Investigate; iv.Observation == "" || iv.Below <= 0 || iv.MaleFrom < 0 || iv.FemaleFrom < 0 || iv.Source == "" {
			return nil, fmt.Errorf("anaemia.yaml: iron_deficiency treat investigate needs an observation, below > 0, ages from 0 and a source")
		}
	}
	if _, ok := ObservationByKey(id.Ferritin); !ok {
		return nil, fmt.Errorf("anaemia.yaml: iron_deficiency ferritin %q is not in observation_codes.csv", id.Ferritin)
	}
	if id.HeavyBleeding.Problem == "" || id.HeavyBleeding.Share < 0 || id.HeavyBleeding.Share > 1 ||
		id.Depth.Mean <= 0 || id.Depth.SD < 0 || id.Depth.Min < 0 || id.FerritinFall > 0 || id.UntreatedDays < 1 || id.Source == "" {
		return nil, fmt.Errorf("anaemia.yaml: iron_deficiency needs a heavy_bleeding problem and share in [0, 1], a depth, a ferritin fall of 0 or less, untreated_days from 1 and a source")
	}
	if c := id.Confirm; c != nil && (c.Below <= 0 || c.WithinDays < 0 || c.Source == "") {
		return nil, fmt.Errorf("anaemia.yaml: iron_deficiency confirm needs a ferritin level below, within_days from 0 and a source")
	}
	return &a, nil
})

// LoadAnaemia returns anaemia.yaml, checked.
func LoadAnaemia() (*Anaemia, error) { return loadAnaemia() }
