package generator

import (
	"sort"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// firstIssues is, per medicine key, the day of the patient's first issue of
// it, for medicines keep accepts.
func (r *realism) firstIssues(id string, keep func(string) bool) map[string]models.Date {
	first := map[string]models.Date{}
	for _, rx := range r.rxOf[id] {
		k := medKey(rx)
		if !keep(k) {
			continue
		}
		if d, ok := first[k]; !ok || rx.StartDate < d {
			first[k] = rx.StartDate
		}
	}
	return first
}

// firstContact is the day of the patient's first encounter in the record.
func (r *realism) firstContacts() map[string]models.Date {
	out := map[string]models.Date{}
	for i := range r.b.Encounters {
		e := &r.b.Encounters[i]
		if d, ok := out[e.PatientID]; !ok || e.StartTime.Date() < d {
			out[e.PatientID] = e.StartTime.Date()
		}
	}
	return out
}

// testDays are the days the patient had observation key recorded, in order.
func (r *realism) testDays(id, key string) []models.Date { return r.testDaysBut(id, key, nil) }

// TestPotassiumAfterACEInhibitorARBOrSpironolactone: NICE NG136, NG106 and
// NG203 ask for serum potassium with renal function 1-2 weeks after an ACE
// inhibitor, ARB or spironolactone starts; the model had no potassium. A
// start in the record (a first issue a year or more after the patient's
// first contact) now has a serum potassium within 21 days after it.
func TestPotassiumAfterACEInhibitorARBOrSpironolactone(t *testing.T) {
	r := pathwayPopulation(t)
	if _, ok := r.p.obsIndex["potassium"]; !ok {
		t.Fatal("no potassium observation in the plan")
	}
	keep := func(k string) bool { return datasets.InClass(k, "raas_blocker") || k == "spironolactone" }
	firsts := r.firstContacts()
	starts, checked := 0, 0
	for id := range r.patients {
		days := r.testDays(id, "potassium")
		for k, s := range r.firstIssues(id, keep) {
			if s < firsts[id]+365 {
				continue // first seen on it: begun before the record
			}
			starts++
			i := sort.Search(len(days), func(i int) bool { return days[i] > s })
			if i < len(days) && days[i] <= s+21 {
				checked++
			} else if starts-checked <= 3 {
				t.Logf("patient %s: %s started %s, no potassium in the 21 days after", id, k, s)
			}
		}
	}
	enough(t, starts, 150, "ACE inhibitor, ARB or spironolactone starts in the record")
	t.Logf("%d of %d starts with a serum potassium within 21 days", checked, starts)
	if 100*checked < 95*starts {
		t.Fatalf("%d of %d ACE inhibitor, ARB or spironolactone starts have a potassium within 21 days (want 95%%)", checked, starts)
	}
}

// TestMethotrexateBloodMonitoring: BSR / BNF: FBC, liver and renal function
// every 2 weeks until on a stable dose for 6 weeks, then monthly for 3
// months, then at least every 12 weeks. People on methotrexate had no such
// tests. Now a start in the record has three tests in its first 7 weeks,
// every test takes a white cell count and an ALT with the eGFR, and tests
// while methotrexate runs are at most 12 weeks apart (a week more when a
// weekend or a hospital stay moves the visit).
func TestMethotrexateBloodMonitoring(t *testing.T) {
	r := pathwayPopulation(t)
	firsts := r.firstContacts()
	firstContact := firstContactTested(r, "wbc")
	people, starts, early, gaps, long := 0, 0, 0, 0, 0
	for id := range r.patients {
		f := r.firstIssues(id, func(k string) bool { return k == "methotrexate" })
		s, ok := f["methotrexate"]
		if !ok {
			continue
		}
		people++
		end := models.Date(0)
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "methotrexate" {
				e := rx.EndDate
				if e == models.NoDate {
					e = r.p.windowStart + 365*20 // open: runs to the record's end
				}
				end = max(end, e)
			}
		}
		// a blood count at the first contact about heavy periods, tiredness
		// or a dementia diagnosis is that problem's, not methotrexate's
		// (catalogue first_contact_tests; forty-seventh review)
		// but a check-up of methotrexate's own condition is its monitoring,
		// whatever its count found (h63f: the 2-week count at a rheumatoid
		// arthritis check-up found iron deficiency anaemia, diagnosed there,
		// and was read as the anaemia's first contact)
		mtxFor := map[string]bool{}
		for _, rx := range r.rxOf[id] {
			if medKey(rx) == "methotrexate" {
				mtxFor[rx.ConditionID] = true
			}
		}
		but := map[string]bool{}
		for enc := range firstContact {
			if e := r.encs[enc]; e != nil && e.PatientID == id && !mtxFor[e.ReasonConditionID] {
				but[enc] = true
			}
		}
		// and a count taken by the hospital at an emergency (an A&E
		// attendance or a direct admission) is the emergency's work-up, not
		// the methotrexate monitoring the practice (or the rheumatology
		// clinic) takes: a delirium's bloods are an FBC, U&E, CRP and glucose
		// with no ALT (catalogue ae_tests, h73a), and the schedule does not
		// read them as a monitoring sample (sampleTaken wants every part);
		// only the monitoring taken in the practice or the clinic is paired
		// and spaced here (stop 73)
		for _, o := range r.obsOf[id] {
			if e := r.encs[o.EncounterID]; e != nil && (e.Setting == settingAE || e.Setting == settingInpatient) {
				but[o.EncounterID] = true
			}
		}
		egfr, wbc, alt := r.testDays(id, "egfr"), r.testDaysBut(id, "wbc", but), r.testDays(id, "alt")
		// ALTs may outnumber the white cell counts: a statin's own ALTs
		// (before it starts, at 3 and 12 months: nineteenth review); and a
		// count may stand alone outside methotrexate's time (a low one
		// repeated, lowwhitecount.go: merge of stop 67, two years before
		// it began), so each count while it runs is paired below
		if len(wbc) == 0 {
			t.Fatalf("patient %s on methotrexate: %d white cell counts and %d ALTs", id, len(wbc), len(alt))
		}
		for _, d := range wbc { // every full blood count on it comes with renal function and an ALT
			if d < s || d > end {
				// another reason's count: an unexplained low one repeated alone
				// (lowwhitecount.go; h58a: a DOAC's monitoring count of 3.4
				// three years before methotrexate)
				continue
			}
			if i := sort.Search(len(egfr), func(i int) bool { return egfr[i] >= d }); i == len(egfr) || egfr[i] != d {
				t.Fatalf("patient %s: white cell count on %s without an eGFR", id, d)
			}
			if i := sort.Search(len(alt), func(i int) bool { return alt[i] >= d }); i == len(alt) || alt[i] != d {
				t.Fatalf("patient %s: white cell count on %s without an ALT", id, d)
			}
		}
		// a start stopped within the seven weeks (a lung cancer decedent with
		// CKD 3B: the course ended after 4 weeks) has no tests left to take
		if s >= firsts[id]+365 && end >= s+49 {
			starts++
			n := 0
			for _, d := range wbc {
				if d > s && d <= s+49 {
					n++
				}
			}
			if n >= 3 {
				early++
			}
		}
		prev := models.Date(0)
		for _, d := range wbc {
			if d < s || d > end {
				continue
			}
			if prev != 0 {
				gaps++
				if d-prev > 91 {
					long++
					t.Logf("patient %s: methotrexate blood tests %s and %s", id, prev, d)
				}
			}
			prev = d
		}
	}
	enough(t, people, 20, "people on methotrexate")
	enough(t, gaps, 200, "intervals between methotrexate blood tests")
	t.Logf("%d people on methotrexate; %d of %d starts with 3 tests in 7 weeks; %d of %d intervals over 13 weeks", people, early, starts, long, gaps)
	if early < starts {
		t.Fatalf("%d of %d methotrexate starts have 3 blood tests in the first 7 weeks", early, starts)
	}
	if 100*long > gaps {
		t.Fatalf("%d of %d intervals between methotrexate blood tests are over 13 weeks (want under 1%%)", long, gaps)
	}
}

// TestPotassiumRisesWithKidneyFailureAndRAASBlockade: serum potassium is
// read from the person's state: higher with an eGFR below 30 taken from the
// same sample (CKD G4-G5, catalogue potassium rises_below) and while an ACE
// inhibitor, ARB or spironolactone runs (prescribing.yaml state_effects).
func TestPotassiumRisesWithKidneyFailureAndRAASBlockade(t *testing.T) {
	r := pathwayPopulation(t)
	ks, es := r.snomed("potassium"), r.snomed("egfr")
	var sum [2][2]float64 // [eGFR below 30][on a RAAS blocker or spironolactone]
	var n [2][2]int
	for enc, obs := range r.obsByEnc {
		var k, e float64
		for _, o := range obs {
			switch o.SnomedCode {
			case ks:
				k = *o.Value
			case es:
				e = *o.Value
			}
		}
		if k == 0 || e == 0 {
			continue
		}
		low, on := 0, 0
		if e < 30 {
			low = 1
		}
		day := r.encs[enc].StartTime.Date()
		for _, rx := range r.rxOf[r.encs[enc].PatientID] {
			if m := medKey(rx); (datasets.InClass(m, "raas_blocker") || m == "spironolactone") && rx.StartDate <= day && (rx.EndDate == models.NoDate || rx.EndDate >= day) {
				on = 1
			}
		}
		sum[low][on] += k
		n[low][on]++
		if k < 2.5 || k > 8 {
			t.Fatalf("potassium %.1f outside 2.5-8", k)
		}
	}
	mean := func(a, b int) float64 { return sum[a][b] / float64(n[a][b]) }
	enough(t, n[1][0]+n[1][1], 50, "potassium readings with an eGFR below 30")
	enough(t, n[0][0], 500, "potassium readings off RAAS blockade, eGFR 30 or more")
	enough(t, n[0][1], 500, "potassium readings on RAAS blockade, eGFR 30 or more")
	all := func(a int) float64 { return (sum[a][0] + sum[a][1]) / float64(n[a][0]+n[a][1]) }
	t.Logf("mean potassium: eGFR 30+ off %.2f (%d), on %.2f (%d); eGFR < 30 %.2f (%d)", mean(0, 0), n[0][0], mean(0, 1), n[0][1], all(1), n[1][0]+n[1][1])
	if m := mean(0, 0); m < 4.1 || m > 4.5 {
		t.Errorf("mean potassium off RAAS blockade %.2f, want about 4.3", m)
	}
	if d := mean(0, 1) - mean(0, 0); d < 0.1 {
		t.Errorf("potassium on RAAS blockade only %.2f above off it, want at least 0.1", d)
	}
	if d := all(1) - all(0); d < 0.15 {
		t.Errorf("potassium with eGFR below 30 only %.2f above eGFR 30 or more, want at least 0.15", d)
	}
}
