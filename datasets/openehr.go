package datasets

import (
	"embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// OpenEHR reference data: the operational templates the openEHR exporter
// writes against (openehr/templates, see openehr/README.md), the care setting
// of each encounter setting (data/openehr_settings.csv) and the composition
// each observation goes to (data/openehr_observations.csv).

//go:embed openehr/templates/*.opt
var openEHRFiles embed.FS

// OpenEHRTemplate is one embedded operational template (OPT 1.4 XML).
type OpenEHRTemplate struct {
	ID   string // template_id, e.g. "IDCR - Problem List.v1"
	File string // file name, e.g. "IDCR - Problem List.v1.opt"
	OPT  []byte
}

var templateIDRe = regexp.MustCompile(`<template_id>\s*<value>([^<]+)</value>`)

var loadOpenEHRTemplates = sync.OnceValue(func() []OpenEHRTemplate {
	entries, err := openEHRFiles.ReadDir("openehr/templates")
	if err != nil {
		panic(fmt.Sprintf("datasets: openehr templates: %v", err))
	}
	var out []OpenEHRTemplate
	for _, e := range entries {
		b, err := openEHRFiles.ReadFile("openehr/templates/" + e.Name())
		if err != nil {
			panic(fmt.Sprintf("datasets: %s: %v", e.Name(), err))
		}
		m := templateIDRe.FindSubmatch(b)
		if m == nil {
			panic(fmt.Sprintf("datasets: %s: no template_id", e.Name()))
		}
		out = append(out, OpenEHRTemplate{ID: string(m[1]), File: e.Name(), OPT: b})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
})

// OpenEHRTemplates returns the embedded templates, sorted by file name. The
// OPT bytes are shared: do not modify them.
func OpenEHRTemplates() []OpenEHRTemplate {
	return append([]OpenEHRTemplate(nil), loadOpenEHRTemplates()...)
}

// OpenEHRSetting is the openEHR "setting" code of compositions made at
// encounters of one setting.
type OpenEHRSetting struct {
	Setting  string // encounters.setting: gp, ae, inpatient, outpatient
	Code     string // openEHR terminology, group setting
	Rubric   string
	Composer string // composer's name for non-GP encounters; "" for gp
}

var loadOpenEHRSettings = sync.OnceValue(func() map[string]OpenEHRSetting {
	t := loadRefTable("openehr_settings.csv", "setting", "code", "rubric", "composer")
	out := map[string]OpenEHRSetting{}
	for _, r := range t.rows {
		s := OpenEHRSetting{Setting: t.str(r, "setting"), Code: t.str(r, "code"), Rubric: t.str(r, "rubric"), Composer: t.str(r, "composer")}
		if _, dup := out[s.Setting]; dup {
			panic(fmt.Sprintf("datasets: openehr_settings.csv: repeated setting %s", s.Setting))
		}
		out[s.Setting] = s
	}
	return out
})

// OpenEHRSettingOf returns the openEHR setting of an encounter setting.
func OpenEHRSettingOf(setting string) (OpenEHRSetting, bool) {
	s, ok := loadOpenEHRSettings()[setting]
	return s, ok
}

// OpenEHR composition kinds of data/openehr_observations.csv.
const (
	OpenEHRVitalSigns = "vital_signs"
	OpenEHRBMI        = "bmi"
	OpenEHRLab        = "lab"
	OpenEHRNone       = "none"
)

// OpenEHRObservation says where one observation code goes in openEHR.
type OpenEHRObservation struct {
	Key         string // observation_codes.csv key
	Snomed      string // its SNOMED CT code ("" for smoking_status)
	Composition string // OpenEHRVitalSigns, OpenEHRBMI, OpenEHRLab or OpenEHRNone
	// Units is the unit written into a vital sign or body measure (the
	// note's first word): the record's, or the template's name for it
	// where its unit list has no UCUM form (body temperature's °C).
	Units string
}

var loadOpenEHRObservations = sync.OnceValue(func() []OpenEHRObservation {
	t := loadRefTable("openehr_observations.csv", "key", "composition", "element", "note")
	var out []OpenEHRObservation
	seen := map[string]bool{}
	for _, r := range t.rows {
		o := OpenEHRObservation{Key: t.str(r, "key"), Composition: t.str(r, "composition")}
		if o.Composition == OpenEHRVitalSigns || o.Composition == OpenEHRBMI {
			o.Units, _, _ = strings.Cut(t.str(r, "note"), " ")
		}
		code, ok := ObservationByKey(o.Key)
		if !ok {
			panic(fmt.Sprintf("datasets: openehr_observations.csv: unknown observation key %s", o.Key))
		}
		switch o.Composition {
		case OpenEHRVitalSigns, OpenEHRBMI, OpenEHRLab, OpenEHRNone:
		default:
			panic(fmt.Sprintf("datasets: openehr_observations.csv: %s: unknown composition %q", o.Key, o.Composition))
		}
		if seen[o.Key] {
			panic(fmt.Sprintf("datasets: openehr_observations.csv: repeated key %s", o.Key))
		}
		seen[o.Key] = true
		o.Snomed = code.Snomed
		out = append(out, o)
	}
	return out
})

// OpenEHRObservations returns the openEHR placement of every observation
// code, in file order.
func OpenEHRObservations() []OpenEHRObservation {
	return append([]OpenEHRObservation(nil), loadOpenEHRObservations()...)
}
