package generator

import (
	"sort"
	"testing"

	"github.com/code4health/cohortgen/models"
)

// h71b (issue 9): GP reviews of generate -n 20000 -s 83 found psychotropics
// started and continued as no psychiatrist would: quetiapine begun at 200
// mg twice daily from day 1 (5 of 5 starts in the record), 224 of 421
// sertraline courses for anxiety stopped within 6 months with the drawn
// episode, and no lithium level after a thiazide or an ACE inhibitor or ARB
// was started beside lithium (4 of 4 starts). The tests read the shared
// 20,000-patient population (review5Population).

// TestH71bTreatedAnxietyLastsItsCourse: an SSRI that has helped generalised
// anxiety is continued for at least a year (NICE CKS GAD; BAP 2014, approx):
// of the sertraline courses for an anxiety episode that ended in the record,
// at most 1 in 10 lasts under 6 months (a depression's antidepressant, a new
// episode, a death or a move cut the rest short), and none runs past the
// episode's resolution. Before, 224 of 421 (53%) lasted under 6 months. At
// least 30 courses must be read.
func TestH71bTreatedAnxietyLastsItsCourse(t *testing.T) {
	r := review5Population(t)
	courses, short := 0, 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "anxiety" {
			continue
		}
		first, last, open, any := models.NoDate, models.NoDate, false, false
		for _, rx := range r.rxOf[c.PatientID] {
			if rx.ConditionID != c.ConditionID || medKey(rx) != "sertraline" {
				continue
			}
			if !any || rx.StartDate < first {
				first = rx.StartDate
			}
			any = true
			if rx.EndDate == models.NoDate {
				open = true
			} else {
				last = max(last, rx.EndDate)
			}
			if c.ResolvedDate != models.NoDate && (rx.EndDate == models.NoDate || rx.EndDate > c.ResolvedDate) {
				t.Errorf("%s: %s runs to %s past the anxiety's resolution on %s", c.PatientID, rx.Medication, rx.EndDate, c.ResolvedDate)
			}
		}
		if !any || open {
			continue
		}
		courses++
		if last-first+1 < 182 {
			short++
			if short <= 5 {
				t.Logf("%s: sertraline for anxiety from %s to %s (%d days)", c.PatientID, first, last, last-first+1)
			}
		}
	}
	t.Logf("sertraline courses for anxiety ended in the record: %d, under 6 months: %d", courses, short)
	enough(t, courses, 30, "ended sertraline courses for anxiety")
	if short*10 > courses {
		t.Errorf("%d of %d sertraline courses for anxiety lasted under 6 months (want at most 1 in 10)", short, courses)
	}
}

// TestH71bQuetiapineStartsWithItsTitration: quetiapine is started at 25 mg
// twice daily and raised over 4 days (BNF quetiapine, schizophrenia; NICE
// CG178/CG185: start low): a course started in the record (its first issue
// made at a contact) begins with an acute issue of the 25 mg tablets of a
// week or less, and the 200 mg repeat follows the day after it. Before,
// every such start was a 200 mg repeat from day 1. At least 3 starts must
// be read.
func TestH71bQuetiapineStartsWithItsTitration(t *testing.T) {
	r := review5Population(t)
	starts := 0
	for id, rxs := range r.rxOf {
		var q []*models.Prescription
		for _, rx := range rxs {
			if medKey(rx) == "quetiapine" {
				q = append(q, rx)
			}
		}
		if len(q) == 0 {
			continue
		}
		sort.Slice(q, func(a, b int) bool { return q[a].StartDate < q[b].StartDate })
		first := q[0]
		if first.EncounterID == "" {
			continue // a course running as the record opens
		}
		starts++
		if first.DMDCode != "321624009" || first.Type != models.PrescriptionAcute || first.EndDate == models.NoDate || first.EndDate-first.StartDate+1 > 7 {
			t.Errorf("%s: quetiapine started on %s as %s (%s) to %s, not its titration", id, first.StartDate, first.Medication, first.Type, first.EndDate)
			continue
		}
		if len(q) < 2 || q[1].StartDate != first.EndDate+1 || q[1].DMDCode == "321624009" {
			t.Errorf("%s: no maintenance dose the day after quetiapine's titration ended on %s", id, first.EndDate)
		}
	}
	t.Logf("quetiapine courses started in the record: %d", starts)
	enough(t, starts, 3, "quetiapine starts in the record")
}

// TestH71bLithiumLevelAfterAnInteractingStart: a thiazide or an ACE
// inhibitor or ARB raises the lithium level (BNF interactions); NICE CG185
// asks for a level a week after starting one: every long-term start of one
// in the record (its first issue, made at a contact) while lithium runs has
// a lithium level within 10 days after it. Before, 0 of 4 did. At least 2
// starts must be read.
func TestH71bLithiumLevelAfterAnInteractingStart(t *testing.T) {
	r := review5Population(t)
	level := r.snomed("lithium_level")
	starts, checked := 0, 0
	for id, rxs := range r.rxOf {
		var li []*models.Prescription
		firstOf := map[string]*models.Prescription{}
		for _, rx := range rxs {
			k := medKey(rx)
			if k == "lithium" {
				li = append(li, rx)
			}
			if (inClass(rx, "thiazide") || inClass(rx, "raas_blocker")) && (firstOf[k] == nil || rx.StartDate < firstOf[k].StartDate) {
				firstOf[k] = rx
			}
		}
		if len(li) == 0 {
			continue
		}
		for _, rx := range firstOf {
			d := rx.StartDate
			running := false
			for _, l := range li {
				if l.StartDate < d && (l.EndDate == models.NoDate || l.EndDate >= d) {
					running = true
				}
			}
			if !running || rx.EncounterID == "" || d+10 > r.p.Opts.Population() {
				continue
			}
			starts++
			for _, o := range r.obsOf[id] {
				if od := o.EffectiveTime.Date(); o.SnomedCode == level && od >= d && od <= d+10 {
					checked++
					break
				}
			}
			t.Logf("%s: %s started on %s beside lithium", id, rx.Medication, d)
		}
	}
	t.Logf("thiazide or ACE inhibitor/ARB starts beside lithium: %d, with a level within 10 days: %d", starts, checked)
	enough(t, starts, 2, "interacting starts beside lithium")
	if checked < starts {
		t.Errorf("%d of %d interacting starts beside lithium had no lithium level within 10 days", starts-checked, starts)
	}
}

// TestH71bLithiumLevelsThroughAPregnancy: lithium's level is checked every
// 4 weeks in pregnancy and weekly from 36 weeks (NICE CG192 1.4, approx):
// a pregnancy of 16 weeks or more on the record, with lithium running from
// its start to its end, has at least one level for every 5 weeks of it.
// Before, 4 such pregnancies had one level each in about 8 months (generate
// -n 20000 -s 83). The shared population holds only one such pregnancy (a
// pregnancy on lithium is rare): at least 1 must be read, its levels counted.
func TestH71bLithiumLevelsThroughAPregnancy(t *testing.T) {
	r := review5Population(t)
	level := r.snomed("lithium_level")
	read := 0
	for i := range r.b.Conditions {
		c := &r.b.Conditions[i]
		if c.ConditionKey != "pregnancy" || c.ResolvedDate == models.NoDate || c.ResolvedDate-c.OnsetDate < 112 {
			continue
		}
		throughout := false
		for _, rx := range r.rxOf[c.PatientID] {
			if medKey(rx) != "lithium" || rx.StartDate > c.OnsetDate {
				continue
			}
			end := rx.EndDate
			for _, nx := range r.rxOf[c.PatientID] { // the repeats that follow it
				if medKey(nx) == "lithium" && nx.StartDate <= end+1 && (end == models.NoDate || nx.EndDate == models.NoDate || nx.EndDate > end) {
					end = nx.EndDate
				}
			}
			if end == models.NoDate || end >= c.ResolvedDate {
				throughout = true
			}
		}
		if !throughout {
			continue
		}
		read++
		levels := 0
		for _, o := range r.obsOf[c.PatientID] {
			if d := o.EffectiveTime.Date(); o.SnomedCode == level && d >= c.OnsetDate && d <= c.ResolvedDate {
				levels++
			}
		}
		days := int(c.ResolvedDate - c.OnsetDate)
		t.Logf("%s: pregnancy from %s to %s on lithium, %d levels", c.PatientID, c.OnsetDate, c.ResolvedDate, levels)
		if levels < days/35 {
			t.Errorf("%s: %d lithium levels in a pregnancy of %d days on lithium (want %d or more)", c.PatientID, levels, days, days/35)
		}
	}
	enough(t, read, 1, "pregnancies on lithium")
}
