package generator

import (
	"math"
	"slices"

	"github.com/code4health/cohortgen/models"
)

// alcoholLiverTests takes the liver function tests of alcohol dependence
// (catalogue alcohol liver_tests; brief h54c): from the onset of the
// person's dependence an ALT and a GGT at the first GP consultation (face
// to face) and then one at least every_days apart, each raised as heavy
// drinking raises it. Before, 32 of 37 people coded with alcohol dependence
// had no ALT and GGT was not modelled (generate -n 20000 -s 83). Since
// h56f the harmful use coded after a higher-risk drinker's AUDIT
// (harmfuldrinking.go) has them too. At the same consultations the drinking
// is asked again (liver_tests reassess: weekly units and AUDIT-C; h58d:
// only 5 of 21 dependent and 7 of 25 harmful drinkers were ever reassessed
// in the two years after the diagnosis, GP review rev57). Run once
// every contact is written, before the administrative calls that may give
// the results (admincalls.go); draws from a stream of its own.
func (w *worker) alcoholLiverTests(per *person) {
	ap := w.plan.alcohol
	if ap == nil || ap.a.LiverTests == nil {
		return
	}
	lt := ap.a.LiverTests
	onset := models.NoDate
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		if c := &w.b.Conditions[i]; w.alcoholDisorder(c.ConditionKey) && (onset == models.NoDate || c.OnsetDate < onset) {
			onset = c.OnsetDate
		}
	}
	if onset == models.NoDate {
		return
	}
	onset = max(onset, w.plan.Opts.HistoryStart()) // the contacts before the record's window are not written
	phone := w.plan.encTypes[encGPTelephone].Code
	seen := w.notBrought[:0] // scratch: the GP consultations from the onset, by index
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		// a screening programme's letter filed is seen by no clinician
		// (appendEncounter): no sample is taken at it
		if x := &w.b.Encounters[e]; x.Setting == settingGP && x.TypeCode != phone && x.PractitionerID != "" && x.StartTime.Date() >= onset {
			seen = append(seen, e)
		}
	}
	slices.SortFunc(seen, func(a, b int) int {
		return int(w.b.Encounters[a].StartTime - w.b.Encounters[b].StartTime)
	})
	s := per.stream(w.plan.Opts.Seed, purposeAlcoholLiver)
	rs := per.stream(w.plan.Opts.Seed, purposeAlcoholReassess) // its own: the tests' values did not move
	// the drinking is asked again only after the first AUDIT-C on the
	// record, where the full AUDIT was taken (harmfuldrinking.go): a
	// dependence written by a death's history before any is not reassessed
	// before it
	firstAudit := models.Timestamp(math.MaxInt64)
	audc := w.plan.obsCodes[w.plan.alcohol.audc].Snomed
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		if o := &w.b.Observations[k]; o.SnomedCode == audc && !o.ObservationID.IsZero() {
			firstAudit = min(firstAudit, o.EffectiveTime)
		}
	}
	next := onset
	for _, e := range seen {
		x := &w.b.Encounters[e]
		if d := x.StartTime.Date(); d < next {
			continue
		} else {
			next = d + models.Date(lt.EveryDays)
		}
		encID, t := x.EncounterID, x.StartTime.AddMinutes(6)
		for _, test := range lt.Tests {
			slot := w.plan.obsIndex[test.Observation]
			o := len(w.b.Observations)
			if !w.takenAt(per, encID, slot) { // one sample, one ALT: a statin's check at the same visit serves
				w.observe(per, encID, t, slot, &s)
			}
			raise := math.Max(0, s.NormalMS(test.Raise, test.RaiseSD)) // drawn whether or not a reading was written
			if o < len(w.b.Observations) {
				w.raiseResult(&w.b.Observations[o], slot, raise)
			}
			t = t.AddMinutes(1)
		}
		for _, slot := range w.plan.alcohol.reassess { // drinking asked again (h58d)
			if t <= firstAudit {
				break // units and AUDIT-C are asked together (TestAlcoholReadingsAgreeWithTheDrinking)
			}
			if !w.takenAt(per, encID, slot) {
				w.observe(per, encID, t, slot, &rs)
				t = t.AddMinutes(1)
			}
		}
	}
	w.notBrought = seen[:0]
}

// alcoholDisorder: key is the dependence or the harmful use coded
// (harmfuldrinking.go), whose liver tests are taken.
func (w *worker) alcoholDisorder(key string) bool {
	ap := w.plan.alcohol
	return key == ap.a.Dependence || ap.harmful != nil && key == ap.harmful.h.Condition.Key
}

// takenAt reports whether encounter encID already holds a live reading of
// slot's code. It reads the slot's rows from the person's reading index
// (readingindex.go), newest first, comparing the sequence numbers kept
// beside them before the ids, as measuredAt does: the scan of every
// observation of the record for each test of each contact was 1.9% of one
// worker's CPU (stop 64). A row whose id was withdrawn (frailty.go,
// admincalls.go) holds nothing.
func (w *worker) takenAt(per *person, encID string, slot int) bool {
	if rebuildContactIndexes { // a test's comparison with the scan (contactindex_test.go)
		return w.codeTakenAt(per, encID, w.plan.obsCodes[slot].Snomed)
	}
	rows := w.readingsOf(per, slot)
	encs, seqs := per.readings.encs[slot], per.readings.seqs[slot]
	k := rowSeq(encID)
	bySeq := k >= 0 && k <= math.MaxInt32 // otherwise no row id: the ids alone are compared
	for i := len(rows) - 1; i >= 0; i-- {
		if (!bySeq || seqs[i] == int32(k)) && sameRowID(encs[i], encID) && !w.b.Observations[rows[i]].ObservationID.IsZero() {
			return true
		}
	}
	return false
}

// codeTakenAt is takenAt for a code that has no observation slot: a scan of
// the person's observations. The ids are compared with sameRowID, last byte
// first: == on a person's encounter ids (24 bytes shared) was 1.4% of the
// CPU here (stop 59).
func (w *worker) codeTakenAt(per *person, encID, snomed string) bool {
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		if o := &w.b.Observations[k]; sameRowID(o.EncounterID, encID) && o.SnomedCode == snomed && !o.ObservationID.IsZero() {
			return true
		}
	}
	return false
}
