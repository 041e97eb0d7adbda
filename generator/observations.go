package generator

import (
	"math"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// observe records the observation in slot at time t. A numeric value is the
// population mean for the patient's age and sex, plus the patient's own
// persistent offset, plus the effects of conditions held and drugs started by
// then (and any drift since diagnosis), plus visit-to-visit noise.
func (w *worker) observe(per *person, encID string, t models.Timestamp, slot int, s *distributions.Stream) {
	p := w.plan
	code := &p.obsCodes[slot]
	m := p.obsModels[slot]
	if !w.observable(per, slot, t) {
		return
	}
	o := w.observation(per, encID, t, code)
	if m == nil {
		cp := &p.coded[slot]
		var v int
		if slot == p.slots.smoking {
			// Smoking status is read from the person's smoking history.
			v = p.smokingValue[per.smoking.recordedOn(t.Date(), p.Cat.Smoking.ExCodedAfterDays)]
		} else {
			// Other coded findings are fixed per person: the baseline
			// slot holds the index of the person's value.
			if !per.hasBase[slot] {
				b := per.stream(p.Opts.Seed, purposeObservationBaseline, uint64(slot))
				per.baseline[slot] = float64(cp.pick.Sample(&b))
				per.hasBase[slot] = true
			}
			v = int(per.baseline[slot])
		}
		o.ValueCode, o.ValueDisplay = cp.values[v].Code, cp.values[v].Display
		w.b.Observations = append(w.b.Observations, o)
		w.referCoded(per, encID, t, slot, v) // codedrefer.go: an abnormal foot check to the podiatrist
		if slot == p.slots.smoking && v == p.smokingValue[currentSmoker] {
			w.cessationAdvice(per, encID, t)
		}
		return
	}
	v := w.numericValue(per, slot, t, s)
	v = w.lateCount(per, slot, v, t.Date())
	// not against a start already written (startedceiling.go)
	v = w.startedCeiling(per, slot, v, t.Date())
	if g := p.gradeCodes[slot]; g != nil { // coded by its grade (graded.go)
		gc := &g[int(v-p.obsModels[slot].Min)]
		o.SnomedCode, o.Description = gc.Snomed, gc.Term
	}
	w.noteRetest(per, slot, t.Date())
	if slot == p.slots.egfr {
		per.egfrSeen = append(per.egfrSeen, egfrReading{day: t.Date(), value: v})
		w.renalStopOn(per, v, t.Date()) // whatever the visit: the prescriber reads the result (methotrexate below 30)
	}
	w.seeSlowHeart(per, slot, v)
	o.Value = w.value(v)
	o.Unit = code.Unit
	w.b.Observations = append(w.b.Observations, o)
	if len(p.panelSlots[slot]) > 0 { // the rest of the profile from the same sample (lipidpanel.go)
		w.observePanel(per, encID, t, slot, s)
	}
	if rs := p.stopOf[slot]; rs != nil {
		w.actOnResult(per, rs, encID, t, v) // a potassium of 6.0 or more stops RAAS blockers (resultstop.go)
	}
	if slot == p.anaemia.slot {
		w.answerLowHaemoglobin(per, encID, t, v) // iron for a low haemoglobin (anaemia.go)
	}
	if slot == p.anaemia.ferritinSlot {
		w.treatLowFerritin(per, encID, t, v) // iron for empty stores beside a normal count (ironstores.go)
	}
	if slot == p.lowWhite.slot {
		w.repeatLowWhiteCount(per, encID, t, v) // lowwhitecount.go
	}
	if slot == p.newLowEGFR.slot {
		w.repeatNewLowEGFR(per, encID, t, v) // newlowegfr.go
	}
	if slot == p.highTG.slot {
		w.answerHighTriglycerides(per, t, v) // hightriglycerides.go
	}
	if slot < len(p.bandSlots) && p.bandSlots[slot] {
		w.repeatPastBand(per, encID, slot, t, v) // bandrepeat.go: an HbA1c of 48 or more in non-diabetic hyperglycaemia
	}
	if p.alcohol != nil && slot == p.alcohol.audc {
		w.briefIntervention(per, encID, t, v) // alcohol.go
	}
}

// observable reports whether observation slot may be recorded for the
// person at t: an adult's reading of an adult, one the cohort has had, not
// too close to a diagnosis or to the last HbA1c, pack-years of a smoker.
func (w *worker) observable(per *person, slot int, t models.Timestamp) bool {
	m := w.plan.obsModels[slot]
	switch {
	case m != nil && m.AdultOnly && t.Date() < per.adultOn && !w.anyAge:
		return false
	case m != nil && m.FromAge > 0 && per.ageOn(t.Date()) < m.FromAge && !w.anyAge:
		return false // a peak flow under 5
	case per.cohort.notRecorded(slot, t.Date()): // a test the cohort has not had (absent.go)
		return false
	case w.tooCloseToDiagnosis(per, slot, t.Date()): // repeated weeks apart (confirm.go)
		return false
	case w.retestTooSoon(per, slot, t.Date()): // HbA1c within 60 days of another (retest.go)
		return false
	case m != nil && m.DerivedFrom == "smoking" && per.smoking.statusOn(t.Date()) == neverSmoked:
		return false // pack-years are recorded for smokers and ex-smokers only
	case slot == w.plan.slots.smoking && per.ageOn(t.Date()) < w.plan.Cat.Smoking.StatusFromAge:
		return false // a child's review does not ask (QOF counts 15 and over; h56g)
	}
	return true
}

// drawNotTaken makes the draws of a numeric reading of slot at t that is
// not taken after all, as observe would have: the stream stays where it
// was, so no later draw moves (an HbA1c drawn for with no reason for it:
// opportunistichba1c.go).
func (w *worker) drawNotTaken(per *person, slot int, t models.Timestamp, s *distributions.Stream) {
	if w.plan.obsModels[slot] != nil && w.observable(per, slot, t) {
		w.numericValue(per, slot, t, s)
	}
}

// wastedShare is the share of the usual level left on day by the wasting
// before an expected death: all of it until the wasting begins (Days
// before, or at a recent diagnosis: datasets.Wasting.From), then less in
// proportion, down to 1 - Percent/100 on the day of death.
func wastedShare(per *person, day models.Date) float64 {
	wa := per.wasting
	from := per.wastingFrom
	if day <= from {
		return 1
	}
	return 1 - wa.Percent/100*float64(min(day, per.death)-from)/float64(per.death-from)
}

// numericValue is the value of numeric observation slot for the patient at
// time t. Values are cached per slot and time, so two observations recorded
// together (BMI and the weight derived from it) agree.
func (w *worker) numericValue(per *person, slot int, t models.Timestamp, s *distributions.Stream) float64 {
	if per.lastAt[slot] == t && per.hasLast[slot] {
		return per.lastVal[slot]
	}
	p := w.plan
	m := p.obsModels[slot]
	var v float64
	if m.DerivedFrom == "smoking" {
		v = per.smoking.packYears(t.Date())
	} else if m.DerivedFrom == "alcohol" {
		v = w.alcoholValue(per, slot) // alcohol.go
	} else if m.Quotient != nil { // FVC = FEV1 / (FEV1/FVC ratio) (spirometry.go)
		v = w.quotientValue(per, slot, t, s)
	} else if e := m.FromEGFR; e != nil { // creatinine from the eGFR state (creatinine.go)
		egfr := w.numericValue(per, p.obsIndex[e.Observation], t, s)
		v = e.Creatinine(egfr, float64(per.ageOn(t.Date())), per.sex == sexIndex("male"))
	} else if m.Difference != nil { // non-HDL = total - HDL (lipidpanel.go)
		v = w.differenceValue(per, slot, t, s)
	} else if m.Graded != nil {
		v = w.gradedValue(per, slot, t.Date(), s) // graded.go
	} else if m.DerivedFrom != "" { // weight = BMI x height^2
		h := w.height(per)
		v = w.numericValue(per, p.slots.bmi, t, s) * h * h
	} else {
		day := levelDay(per, slot, t.Date())
		usual := w.treatedLevel(per, slot, day, w.wellLevel(per, slot, day)+medicineEffects(p.Opts.Seed, per, slot, day)+w.shortfallMove(per, slot, day))
		// wider in the very old (old_age_noise)
		noise := m.NoiseAt(per.ageOn(day))
		if r := m.RisesBelow; r != nil { // potassium as the kidneys fail: higher, and less steady
			below := max(0, r.Below-w.usualLevel(per, p.obsIndex[r.Observation], day))
			usual += r.PerUnit * below
			noise += r.NoisePerUnit * below
		}
		usual = keepUndiagnosed(per, p.obsLimits[slot], usual, m.Noise, day)
		lc := w.levelCourse(per, slot, day) // heart failure's ejection fraction on treatment, a repeat's noise (levelcourse.go)
		usual += lc.lift
		noise = math.Hypot(noise, lc.noise)
		if per.wasting != nil && slot == per.wastingSlot { // after the cap, which reflects what is above it
			usual *= wastedShare(per, day)
		}
		usual += w.shiftOn(per, slot, day)
		usual -= w.pregnancyBPFall(per, slot, day)                                      // the fall of mid-pregnancy (pregnancybp.go)
		usual = w.gestationalPressure(per, slot, day, usual)                            // new hypertension of pregnancy (pregnancyhtn.go)
		usual += w.ironRise(per, slot, day)                                             // a low haemoglobin's iron (anaemia.go)
		usual += w.storesRise(per, slot, day)                                           // iron for empty stores refills them (ironstores.go)
		usual += w.deficiencyEffect(per, slot, day)                                     // iron deficiency, until iron corrects it (irondeficiency.go)
		if sh := m.ChildShare.At(float64(t.Date()-per.birth)/365.25, per.sex); sh < 1 { // a child's peak flow grows
			usual, noise = usual*sh, noise*sh // (before the soft floor, which then holds for children too)
		}
		if slot == p.slots.egfr && usual < per.egfrFloor {
			usual = per.egfrFloor + (per.egfrFloor-usual)*0.2
		}
		if m.SoftMin {
			usual = softFloor(usual, m.Min, softMinBands*m.Noise)
		}
		var own distributions.Stream // a reading's own stream, on the stack
		rs := w.readingStream(per, m, t, s, &own)
		if ownStream(m) { // the lipid profile's HDL and triglycerides (lipidpanel.go)
			own = w.ownReadingStream(per, slot, t)
			rs = &own
		}
		v = usual + rs.NormalMS(0, noise)
		v = lc.keepSide(v, usual, p.obsScale[slot])
		if m.SoftMin && v < m.Min {
			v = m.Min + (m.Min - v)
		}
		if lim := per.egfrFloor - 2*m.Noise; slot == p.slots.egfr && per.egfrFloor > 0 && v < lim {
			v = lim + (lim - v) // a forced drug's renal limit holds for every reading
		}
		if slot == p.slots.diastolic {
			v = w.coupleDiastolic(per, v, t, s)
		}
		if m.DrugRatio != nil { // total cholesterol: the sum of its panel's parts (panelreading.go)
			v = w.panelTotal(per, slot, t, day, v, s)
		}
		v = w.resultCeiling(per, slot, v, t.Date())
		if m.LogScale {
			v = math.Exp(v)
		}
	}
	v = math.Min(m.Max, math.Max(m.Min, v))
	v = math.Round(v*p.obsScale[slot]) / p.obsScale[slot]
	if w.diagnosing != nil {
		v = w.diagnosingReading(slot, v)
	}
	per.lastVal[slot], per.lastAt[slot], per.hasLast[slot] = v, t, true
	return v
}

// keepUndiagnosed keeps a person's usual level on the healthy side of the
// diagnostic threshold of every condition they do not have on the day, by
// two visit-to-visit spreads (an excess is mirrored back across that cap),
// so that only the odd reading crosses it. While a condition is developing
// towards its diagnosis there is no cap, so the level rises smoothly into the
// diagnosis instead of jumping at it. A threshold
// does not apply to someone with a condition that rules its own condition out
// and supersedes it (diabetes supersedes non-diabetic hyperglycaemia; not the
// reverse: supersedes.go).
func keepUndiagnosed(per *person, limits []obsLimit, usual, noise float64, day models.Date) float64 {
	for _, l := range limits {
		f, held := conditionProgress(per, l, day)
		if held {
			continue
		}
		if f > 0 {
			continue // developing: the level rises freely into the diagnosis
		}
		// Reflect an excess back across the cap, compressed, rather than
		// clamp it, so values spread just below the cap instead of piling on
		// it, and a very old person's eGFR does not bounce far above it.
		if limit := l.value - 2*noise; l.upper && usual > limit {
			usual = limit - (usual-limit)*reflectShare
		} else if limit := l.value + 2*noise; !l.upper && usual < limit {
			usual = limit + (limit-usual)*reflectShare
		}
	}
	return usual
}

// softFloor keeps x above lo: unchanged down to lo+band, then approaching lo
// ever more slowly (smooth where the two meet).
func softFloor(x, lo, band float64) float64 {
	if x >= lo+band || band <= 0 {
		return x
	}
	return lo + band*math.Exp((x-lo-band)/band)
}

// softMinBands is how many visit-to-visit spreads above a soft minimum the
// usual level starts to slow down (model).
const softMinBands = 2

// reflectShare is how much of an excess over a diagnostic cap is mirrored
// back below it (model).
const reflectShare = 0.35

// conditionProgress reports how far the condition of limit l is developing
// on the day (0..1) and whether the person holds it, or a condition that
// excludes it and supersedes its threshold (supersedes.go), by then.
func conditionProgress(per *person, l obsLimit, day models.Date) (float64, bool) {
	ci := l.cond
	f := 0.0
	for k := range per.conds {
		hc := &per.conds[k]
		if hc.plan.idx == ci {
			if day >= hc.onset {
				return 1, true
			}
			f = developing(hc, day)
			continue
		}
		if hc.onset > day {
			// one that rules this condition out, developing towards its own
			// diagnosis, lifts the cap too: diabetes rises through the range
			// of non-diabetic hyperglycaemia (HbA1c 42-47) to its diagnosis
			// instead of being held below 42 until the day it jumps to 60 or
			// 75 (fourteenth review)
			if g := developing(hc, day); g > 0 && slices.Contains(hc.plan.excludes, ci) && supersedes(hc.plan, l) {
				f = max(f, g)
			}
			continue
		}
		if slices.Contains(hc.plan.excludes, ci) && supersedes(hc.plan, l) {
			return 1, true
		}
	}
	return f, false
}

// coupleDiastolic keeps a diastolic reading physiological against the
// systolic taken with it: the pulse pressure (systolic minus diastolic) is
// at least minPulsePressure, an excess being mirrored below that line,
// compressed (reflectShare) as a diagnostic cap's is. Mirrored whole, a
// young woman's low systolic (95) pushed her usual diastolic (78) down to
// 62 and, at 85, to 42: 4-5% of readings at 18-22 were below 50 mmHg,
// where surveys put the mean near 70 with a spread of about 9-10
// (eleventh review).
func (w *worker) coupleDiastolic(per *person, dia float64, t models.Timestamp, s *distributions.Stream) float64 {
	p := w.plan
	sys := w.numericValue(per, p.slots.systolic, t, s)
	if limit := sys - minPulsePressure; dia > limit {
		dia = limit - (dia-limit)*reflectShare
	}
	return dia
}

// minPulsePressure: resting clinic pulse pressure is rarely below 25 mmHg in
// adults (normal ~40; approx), so readings keep at least this gap.
const minPulsePressure = 25

// height is the adult's height in metres, fixed per person.
func (w *worker) height(per *person) float64 {
	if per.heightM == 0 {
		b := per.stream(w.plan.Opts.Seed, purposeObservationBaseline, 0x686569676874)
		mean := 1.62
		if per.sex == 1 {
			mean = 1.76
		}
		per.heightM = b.TruncNormal(mean, 0.07, 1.4, 2.05)
	}
	return per.heightM
}

// observation is a new observation row of the code at an encounter, with
// no value yet.
func (w *worker) observation(per *person, encID string, t models.Timestamp, code *datasets.ObservationCode) models.Observation {
	return models.Observation{
		ObservationID: w.ids.rowID(tagObservation),
		PatientID:     per.id,
		EncounterID:   encID,
		SnomedCode:    code.Snomed,
		LoincCode:     code.Loinc,
		Description:   code.Term,
		EffectiveTime: t,
	}
}
