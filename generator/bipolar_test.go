package generator

import (
	"sort"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// Brief h56f: severe mental illness was all schizophrenia; no one had
// bipolar disorder and no one took lithium (generate -n 20000 -s 83: 179
// schizophrenia, 0 bipolar, 0 lithium). Bipolar affective disorder is now a
// catalogue condition (a third of the QOF MH register) treated with lithium
// first line for many (NICE CG185 1.10.1), lithium monitored by
// prescribing.yaml monitoring.

// TestBipolarDisorderIsTreatedAndLithiumMonitored: bipolar disorder is on
// the record; lithium is issued only for it and never with an eGFR below
// 30 in the year before; while lithium runs the level is taken at least
// every 6 months (three weeks' slack, in 49 of 50 intervals; NICE CG185: 3-monthly in the first
// year, 6-monthly after), each with an eGFR and a TSH from the same sample,
// none on the day it starts; no oral NSAID is started beside it; no one with
// bipolar disorder has valproate (MHRA).
func TestBipolarDisorderIsTreatedAndLithiumMonitored(t *testing.T) {
	r := review5Population(t)
	level, egfr, tsh := r.snomed("lithium_level"), r.snomed("egfr"), r.snomed("tsh")
	keys := map[string]string{}
	bipolar := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		keys[c.ConditionID] = c.ConditionKey
		if c.ConditionKey == "bipolar" {
			bipolar++
		}
	}
	enough(t, bipolar, 30, "people with bipolar disorder")
	onLithium, levels, withBloods, intervals, long := 0, 0, 0, 0, 0
	for id, rxs := range r.rxOf {
		var li []*models.Prescription
		for _, rx := range rxs {
			if r.has(id, "bipolar") != nil && inClass(rx, "valproate") {
				t.Fatalf("patient %s: valproate with bipolar disorder", id)
			}
			if medKey(rx) == "lithium" {
				if keys[rx.ConditionID] != "bipolar" {
					t.Fatalf("patient %s: lithium issued for %q", id, keys[rx.ConditionID])
				}
				li = append(li, rx)
			}
		}
		if len(li) == 0 {
			continue
		}
		onLithium++
		sort.Slice(li, func(a, b int) bool { return li[a].StartDate < li[b].StartDate })
		first, last := li[0].StartDate, li[len(li)-1].EndDate
		if last == models.NoDate || last > r.p.Opts.SimulatedTo() {
			last = r.p.Opts.Population()
		}
		for _, rx := range li {
			if v, ok := latestReadingBefore(r, id, egfr, rx.StartDate, 365); ok && v < 30 {
				t.Fatalf("patient %s: lithium issued on %s with an eGFR of %v", id, rx.StartDate, v)
			}
		}
		for _, rx := range rxs {
			if inClass(rx, "nsaid") && rx.StartDate >= first && rx.StartDate <= last && lithiumRuns(li, rx.StartDate) && !runsBefore(rxs, "nsaid", rx.StartDate) {
				t.Fatalf("patient %s: %s started on %s beside lithium", id, rx.Medication, rx.StartDate)
			}
		}
		prev := max(first, r.p.Opts.HistoryStart())
		var days []models.Date
		for _, o := range r.obsOf[id] {
			if o.SnomedCode != level {
				continue
			}
			levels++
			d := o.EffectiveTime.Date()
			if d == first && first > r.p.Opts.HistoryStart() {
				t.Fatalf("patient %s: a lithium level on the day lithium starts (%s)", id, d)
			}
			days = append(days, d)
			enc := r.obsByEnc[o.EncounterID]
			if hasCode(enc, egfr) && hasCode(enc, tsh) {
				withBloods++
			}
		}
		sort.Slice(days, func(a, b int) bool { return days[a] < days[b] })
		for _, d := range append(days, last) {
			if d > prev && d <= last && runsThroughout(li, prev+1, d-1) {
				intervals++
				if d-prev > 182+21 {
					long++
					t.Logf("patient %s: on lithium with no level from %s to %s", id, prev, d)
				}
			}
			prev = max(prev, d)
		}
	}
	enough(t, onLithium, 8, "people on lithium")
	t.Logf("%d with bipolar disorder, %d on lithium; %d lithium levels, %d with an eGFR and a TSH from the sample", bipolar, onLithium, levels, withBloods)
	if long*50 > intervals {
		t.Fatalf("%d of %d intervals on lithium longer than 6 months and 3 weeks with no level (NICE CG185)", long, intervals)
	}
	if withBloods < levels*95/100 {
		t.Fatalf("%d of %d lithium levels without an eGFR and a TSH beside them", levels-withBloods, levels)
	}
}

// latestReadingBefore is the patient's latest reading of code on or before day d,
// within the days before it.
func latestReadingBefore(r *realism, id, code string, d models.Date, within models.Date) (float64, bool) {
	var best *models.Observation
	for _, o := range r.values(id, code) {
		if od := o.EffectiveTime.Date(); od <= d && od >= d-within && (best == nil || o.EffectiveTime > best.EffectiveTime) {
			best = o
		}
	}
	if best == nil {
		return 0, false
	}
	return *best.Value, true
}

// lithiumRuns reports whether one of the lithium issues runs on day d.
func lithiumRuns(li []*models.Prescription, d models.Date) bool {
	for _, rx := range li {
		if rx.StartDate <= d && (rx.EndDate == models.NoDate || d <= rx.EndDate) {
			return true
		}
	}
	return false
}

// runsThroughout reports whether lithium runs on every day from..to.
func runsThroughout(li []*models.Prescription, from, to models.Date) bool {
	for d := from; d <= to; d++ {
		if !lithiumRuns(li, d) {
			return false
		}
	}
	return true
}

// runsBefore reports whether a medicine of class ran in the 28 days before
// day d (the issue on d continues it, not starts it).
func runsBefore(rxs []*models.Prescription, class string, d models.Date) bool {
	for _, rx := range rxs {
		if inClass(rx, class) && rx.StartDate < d && (rx.EndDate == models.NoDate || rx.EndDate >= d-28) {
			return true
		}
	}
	return false
}

// hasCode reports whether the observations hold one coded code.
func hasCode(obs []*models.Observation, code string) bool {
	for _, o := range obs {
		if o.SnomedCode == code {
			return true
		}
	}
	return false
}
