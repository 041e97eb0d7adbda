package generator

import (
	"fmt"
	"math"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// A cancer's tumour marker after its diagnosis (catalogue urgent_pathway
// marker_monitoring; brief h52g): the PSA that follows a prostate cancer
// (NICE NG131). Before, a GP review found 32 of 32 men with prostate
// cancer with no PSA after the diagnosis (seed 47, -n 3000). The course
// the cancer took (a radical treatment, endocrine therapy alone, or
// neither: active surveillance or watchful waiting) sets the schedule and
// the level; each test due is taken at a face-to-face contact about the
// cancer near its day, or at one booked for it: a clinic attendance in the
// hospital's years, a practice blood test after them. The level is one
// curve per man (a fall to a nadir, or a slow rise, and for some a
// recurrence), each reading a small scatter about it. Every draw comes
// from the cancer's own stream (purposeMarker).

// markerPlan is a site's marker monitoring with its code resolved.
type markerPlan struct {
	*datasets.SiteMarker
	obs datasets.ObservationCode
}

// resolveMarkers attaches each site's marker monitoring to the site.
func resolveMarkers(cp *condPlan) error {
	up := cp.UrgentPathway
	if up == nil {
		return nil
	}
	for i := range up.Marker {
		m := &up.Marker[i]
		code, ok := datasets.ObservationByKey(m.Observation)
		if !ok {
			return fmt.Errorf("condition %s: marker_monitoring %s: %q is not in observation_codes.csv", cp.Key, m.Site, m.Observation)
		}
		for k := range cp.sites {
			if cp.sites[k].Key == m.Site {
				cp.sites[k].marker = &markerPlan{SiteMarker: m, obs: code}
			}
		}
	}
	return nil
}

// watchedAtPractice reports whether an untreated cancer diagnosed on day
// diag is followed by the practice's watchful waiting (the marker's
// watchful_waiting course, from its age) rather than the hospital's
// active surveillance: the PSA schedule here and the decision the clinic
// codes (diagnosingtest.go codeNoTreatment) read this one rule. False for a
// site with no marker monitoring (m nil).
func (m *markerPlan) watchedAtPractice(per *person, diag models.Date) bool {
	if m == nil {
		return false
	}
	ww := m.Course("watchful_waiting")
	return ww != nil && per.ageOn(diag) >= ww.FromAge
}

// markerCurve is one man's marker level over time: from base at the
// diagnosis, a fall to nadir from the anchor (fall years, 0: none) or a
// rise doubling every double years; from recurAt (0: never) a rise from
// the recurrence's level, doubling every recurDouble years.
type markerCurve struct {
	base, nadir, fall, double float64
	anchor, diag, recurAt     models.Date
	recurFrom, recurDouble    float64
}

func (c markerCurve) at(d models.Date) float64 {
	v := c.base
	if c.fall > 0 {
		y := math.Max(0, float64(d-c.anchor)/365.25)
		v = c.nadir + (c.base-c.nadir)*math.Exp(-y/c.fall)
	} else if c.double > 0 {
		v = c.base * math.Exp2(math.Max(0, float64(d-c.diag)/365.25)/c.double)
	}
	if c.recurAt != 0 && d > c.recurAt {
		v += c.recurFrom * math.Exp2(float64(d-c.recurAt)/365.25/c.recurDouble)
	}
	return v
}

// markerCeiling: no reading above this (ug/L); a man whose marker climbed
// so far would long have been treated again (model).
const markerCeiling = 1000

// markerMonitoring writes the marker results of each cancer of a site with
// marker monitoring that is diagnosed by the record's end.
func (w *worker) markerMonitoring(per *person) {
	for k := range per.conds {
		hc := &per.conds[k]
		if hc.site == nil || hc.site.marker == nil || hc.row < 0 {
			continue
		}
		m := hc.site.marker
		diag := w.b.Conditions[hc.row].OnsetDate
		if diag > per.lastDay {
			continue
		}
		s := per.stream(w.plan.Opts.Seed, purposeMarker, uint64(hc.plan.idx))
		key, anchor := hc.radical, hc.radicalEnd
		if diag < per.firstDay && len(hc.site.treatments) > 0 { // its course is not in the record: drawn as the pathway's would be
			key = ""
			for _, t := range hc.site.treatments[pickWeighted(hc.site.treatments, &s)].Treat {
				if m.Course(t) != nil {
					key = t
					break
				}
			}
			anchor = diag + models.Date(between(m.PreRecordDays, &s))
		}
		if key == "" && hc.hormone != nil {
			key, anchor = "hormone", hc.hormone.start
		}
		if key == "" {
			key, anchor = "surveillance", diag
			if m.watchedAtPractice(per, diag) {
				key = "watchful_waiting" // watched at the practice, not surveilled at the hospital
			}
		}
		c := m.Course(key)
		if c == nil {
			continue
		}
		curve := markerCurve{base: w.diagnosticMarker(per, hc, diag, &s), anchor: anchor, diag: diag}
		if c.FallYears > 0 {
			curve.fall = c.FallYears
			curve.nadir = c.NadirMedian * math.Exp(s.NormalMS(0, c.NadirLogSD))
		} else {
			curve.double = c.DoublingYears[0] + s.Float64()*(c.DoublingYears[1]-c.DoublingYears[0])
		}
		r := m.Recurrence
		if c.Recurs && s.Bernoulli(r.Share) {
			curve.recurAt = anchor + models.Date((r.Years[0]+s.Float64()*(r.Years[1]-r.Years[0]))*365.25)
			curve.recurFrom = r.FromLevel
			curve.recurDouble = r.DoublingYears[0] + s.Float64()*(r.DoublingYears[1]-r.DoublingYears[0])
		}
		used := map[string]bool{}
		lo := anchor + models.Date(c.MinDays) // none sooner after the anchor
		for d := anchor + models.Date(between(c.FirstDays, &s)); d <= per.lastDay; {
			gap := c.Gap(float64(d-anchor) / 365.25)
			if d >= per.firstDay && d > diag {
				if per.eolStart != 0 && d+eolReviewMargin >= per.eolStart {
					break // end-of-life care: no more tests
				}
				hospital := float64(d-anchor) < c.HospitalYears*365.25
				enc, t, ok := "", models.Timestamp(0), false
				if planned(per, d) { // not in an acute illness: the test waits for the next due
					enc, t, ok = w.markerContact(per, hc, d, max(lo, diag+1), m.MatchDays, hospital, used, &s)
				}
				if !ok {
					d += models.Date(between(gap, &s))
					continue
				}
				used[enc] = true
				o := w.observation(per, enc, t, &m.obs)
				v := math.Min(markerCeiling, curve.at(t.Date())*math.Exp(s.NormalMS(0, m.NoiseLogSD)))
				o.Value, o.Unit = w.value(roundMarker(v)), m.obs.Unit
				w.b.Observations = append(w.b.Observations, o)
				d = t.Date()
				lo = d + models.Date(gap[0]/2) // the next not within half a gap of this one
			}
			d += models.Date(between(gap, &s))
		}
	}
}

// roundMarker rounds a marker as laboratories report it: two decimals
// below 1, one above; 0.01 at least.
func roundMarker(v float64) float64 {
	if v < 1 {
		return math.Max(0.01, math.Round(v*100)/100)
	}
	return math.Round(v*10) / 10
}

// diagnosticMarker is the marker's level at the diagnosis: the last result
// on or before it in the record (the PSA that referred), else drawn as
// that result is (cancer_routes.yaml result).
func (w *worker) diagnosticMarker(per *person, hc *heldCondition, diag models.Date, s *distributions.Stream) float64 {
	code := hc.site.marker.obs.Snomed
	obs := w.b.Observations[per.obsFrom:]
	for i := len(obs) - 1; i >= 0; i-- {
		if o := obs[i]; o.SnomedCode == code && o.Value != nil && o.EffectiveTime.Date() <= diag {
			return *o.Value
		}
	}
	if r := hc.site.route; r != nil && r.result != nil {
		x := s.NormalMS(math.Log(r.result.Median), r.result.LogSD)
		return math.Max(math.Exp(x), r.result.Threshold(per.ageOn(diag)))
	}
	return 10 // no result to read and none to draw from (model)
}

// markerContact is the contact that takes a marker test due on day d: the
// face-to-face contact about the cancer nearest d within match days (on or
// after lo, not used already), at the hospital's clinic in its years and
// at the practice after them; else one booked for it on or after d.
func (w *worker) markerContact(per *person, hc *heldCondition, d, lo models.Date, match int, hospital bool, used map[string]bool, s *distributions.Stream) (string, models.Timestamp, bool) {
	setting := settingGP
	if hospital {
		setting = settingOutpatient
	}
	radiotherapy := ""
	if t := hc.plan.UrgentPathway.Treatment("radiotherapy"); t != nil {
		radiotherapy = t.Snomed
	}
	best, bestGap := -1, match+1
	encs := w.b.Encounters[per.encFrom:]
	for i := range encs {
		e := &encs[i]
		day := e.StartTime.Date()
		if e.ReasonConditionID != hc.id || e.Setting != setting || used[e.EncounterID] || day < lo || day > per.lastDay {
			continue
		}
		if (e.Class != "AMB" && e.Class != "HH") || (radiotherapy != "" && e.TypeCode == radiotherapy) {
			continue // a blood test is taken face to face; not at a radiotherapy fraction
		}
		if g := int(max(day-d, d-day)); g < bestGap {
			best, bestGap = i, g
		}
	}
	if best >= 0 {
		e := &encs[best]
		return e.EncounterID, e.StartTime.AddMinutes(5), true
	}
	d = max(d, lo)
	if hospital {
		id, start, ok := w.outpatientAt(per, d, hc.id, s)
		return id, start.AddMinutes(5), ok
	}
	id, start, ok := w.gpVisitFor(per, d, encGPConsultation, contactMonitoringBloods, hc.id, s)
	return id, start.AddMinutes(5), ok
}
