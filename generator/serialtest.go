package generator

import (
	"math"

	"github.com/code4health/cohortgen/models"
)

// Serial troponin (brief h50d). A&E measured one high-sensitivity troponin
// per chest pain attendance, so a raised value was never repeated: 595
// attendances on -n 20000 -s 11, every heart attack among them. NICE DG40
// 1.2: early rule-out strategies take a sample at initial assessment and a
// second 30 minutes to 3 hours later, against the 99th percentile; NICE
// CG95 diagnoses a myocardial infarction on a rise with a value above it.
// A first result above the catalogue's serial_test level is repeated in
// the same attendance. The second value is read from the person's state,
// not measured afresh: a heart attack's troponin rises (the diagnosis, and
// the admission that follows it), anyone else's raised level is stable (a
// chronically raised troponin: kidney disease, heart failure, age), so the
// pair never reads as an infarction.

// serialSample writes the second sample of A&E test tp whose first result
// is observation o, when that result is above the serial level: hours
// later, in the attendance (held open until the result is back when it
// would have ended sooner) or in the stay it leads to. Its draws come from
// a stream of its own keyed by the first sample's time.
func (w *worker) serialSample(per *person, tp *episodeTestPlan, o int) {
	st := w.plan.Cat.SerialTest
	first := w.b.Observations[o]
	if first.Value == nil || *first.Value <= st.Above {
		return
	}
	enc := w.encounterByID(per, first.EncounterID)
	if enc == nil || enc.Setting != settingAE {
		return
	}
	s := per.stream(w.plan.Opts.Seed, purposeSerialTest, uint64(first.EffectiveTime))
	lo, hi := st.Hours[0]*60, st.Hours[1]*60
	t := first.EffectiveTime.AddMinutes(int(math.Round(lo + s.Float64()*(hi-lo))))
	change := math.Max(-st.StableMax, math.Min(st.StableMax, s.NormalMS(0, st.StableSD)))
	rise := math.Max(st.MinRise, s.NormalMS(st.Rise, st.RiseSD)) // drawn whatever follows: two draws a sample
	if tp.raise > 0 {
		change = rise // a heart attack: the troponin rises between the samples
	}
	if per.death != models.NoDate && t.Date() > per.death {
		return
	}
	encID := enc.EncounterID
	if back := t.AddMinutes(serialReportMinutes); back > enc.EndTime {
		stay := w.stayFrom(per, enc.EndTime)
		switch {
		case stay == nil:
			enc.EndTime = back // not admitted: kept in A&E for the result
		case t > enc.EndTime && t < stay.EndTime:
			encID = stay.EncounterID // admitted before it was taken: taken on the ward
		case t > enc.EndTime:
			return // a stay shorter than the wait: nowhere to take it
		}
	}
	row := w.observation(per, encID, t, &w.plan.obsCodes[tp.slot])
	row.Value, row.Unit = w.value(*first.Value), first.Unit
	w.raiseResult(&row, tp.slot, change)
	w.b.Observations = append(w.b.Observations, row)
}

// serialReportMinutes: a person waiting for the second troponin stays in
// A&E until its result is back, about half an hour after the sample (model).
const serialReportMinutes = 30

// encounterByID is the person's encounter row with id (nil: none).
func (w *worker) encounterByID(per *person, id string) *models.Encounter {
	if e := w.encounterRow(per, id); e >= 0 {
		return &w.b.Encounters[e]
	}
	return nil
}

// encounterRow is the row of the person's encounter id, -1 when none.
func (w *worker) encounterRow(per *person, id string) int {
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		if sameRowID(w.b.Encounters[e].EncounterID, id) {
			return e
		}
	}
	return -1
}

// stayFrom is the person's inpatient stay that starts when an A&E
// attendance ends at t (an admission through A&E; nil: none).
func (w *worker) stayFrom(per *person, t models.Timestamp) *models.Encounter {
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		if enc := &w.b.Encounters[e]; enc.Setting == settingInpatient && enc.StartTime == t {
			return enc
		}
	}
	return nil
}
