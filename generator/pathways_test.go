package generator

import (
	"sync"
	"testing"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// The pathway tests read one shared population: generating it is the cost.
var (
	pathwayOnce sync.Once
	pathwayPop  *realism
)

func pathwayPopulation(t *testing.T) *realism {
	pathwayOnce.Do(func() { pathwayPop = newRealism(t, 6000) })
	return pathwayPop
}

// medKey is the medicine a prescribed product belongs to.
func medKey(rx *models.Prescription) string {
	g, _ := datasets.RegimenByDMD(rx.DMDCode)
	return g.Medicine
}

// NICE NG136: in type 2 diabetes the first antihypertensive is an ACE
// inhibitor or ARB, whatever the age; a calcium-channel blocker alone only
// when a latest potassium above the start bar rules them out (catalogue
// hypertension if_ruled_out; twenty-fifth review), the visit's own sample
// included (brief h60a: a start reads the sample written beside it).
func TestDiabeticsStartAnACEInhibitorOrARB(t *testing.T) {
	r := pathwayPopulation(t)
	bar := raasStartBar(t)
	k := r.snomed("potassium")
	checked, ccb, barred := 0, 0, 0
	for id := range r.patients {
		dm := r.has(id, "type2_diabetes")
		if dm == nil {
			continue
		}
		first := models.NoDate
		for _, rx := range r.rxOf[id] {
			if datasets.InClass(medKey(rx), "antihypertensive") && (first == models.NoDate || rx.StartDate < first) {
				first = rx.StartDate
			}
		}
		// Treatment begun before the window is first issued at the window's
		// first review, within a year of its start: only later starts count.
		if first == models.NoDate || first < dm.OnsetDate || first < r.p.windowStart+400 {
			continue
		}
		checked++
		raas := false
		for _, rx := range r.rxOf[id] {
			raas = raas || (rx.StartDate == first && datasets.InClass(medKey(rx), "raas_blocker"))
		}
		if !raas && max(potassiumBefore(r.obsOf[id], k, first), potassiumOn(r.obsOf[id], k, first)) > bar {
			barred++ // the line's if_ruled_out: amlodipine
			continue
		}
		if !raas {
			ccb++
			t.Logf("%s: diabetes %s, first antihypertensive %s", id, dm.OnsetDate, first)
		}
	}
	if checked < 20 {
		t.Fatalf("only %d diabetics started an antihypertensive in the window", checked)
	}
	if ccb > 0 {
		t.Errorf("%d of %d diabetics started on an antihypertensive other than an ACE inhibitor or ARB", ccb, checked)
	}
	t.Logf("%d of %d started on another at a potassium above %.1f", barred, checked, bar)
}

// BNF: sitagliptin 100 mg at eGFR 45 or above, 50 mg at 30-44, 25 mg below
// 30, by the latest eGFR before each issue (prescribing.yaml renal bands).
func TestSitagliptinDoseFollowsRenalFunction(t *testing.T) {
	r := pathwayPopulation(t)
	egfr := r.snomed("egfr")
	dose := map[string]float64{"424345005": 45, "424513004": 30, "423962004": 0} // floor of each product
	issued, reduced, wrong := 0, 0, 0
	for id := range r.patients {
		for _, rx := range r.rxOf[id] {
			floor, ok := dose[rx.DMDCode]
			if !ok {
				continue
			}
			issued++
			if floor < 45 {
				reduced++
			}
			var latest *models.Observation
			for _, o := range r.values(id, egfr) {
				if d := o.EffectiveTime.Date(); d <= rx.StartDate && d > rx.StartDate-365 && (latest == nil || o.EffectiveTime > latest.EffectiveTime) {
					latest = o
				}
			}
			if latest != nil && *latest.Value < floor {
				wrong++
				t.Logf("%s: %s issued %s at eGFR %.0f", id, rx.Medication, rx.StartDate, *latest.Value)
			}
		}
	}
	if issued < 50 || reduced == 0 {
		t.Fatalf("%d sitagliptin issues, %d at a reduced dose: too few to judge", issued, reduced)
	}
	t.Logf("%d sitagliptin issues, %d at a reduced dose", issued, reduced)
	if wrong > 0 {
		t.Errorf("%d of %d sitagliptin issues above the renal dose", wrong, issued)
	}
}

// Kidney failure: dialysis starts after eGFR falls below its start level,
// is coded, and from then eGFR no longer drifts down; people who die soon
// after reaching the end stage without dialysis are on conservative care.
func TestKidneyFailureLeadsToDialysisOrConservativeCare(t *testing.T) {
	const n = 40000
	p := testPlan(t, n, nil)
	w, b := newPatientWorker(p)
	slot := p.slots.egfr
	dialysis, conservative := 0, 0
	for i := int64(0); i < n && (dialysis < 4 || conservative < 1); i++ {
		c0 := len(b.Conditions)
		if err := w.patient(i); err != nil {
			t.Fatal(err)
		}
		per := &w.per
		for k := range per.conds {
			hc := &per.conds[k]
			switch {
			case hc.replacement != 0:
				dialysis++
				at, later := w.usualLevel(per, slot, hc.replacement), w.usualLevel(per, slot, hc.replacement+3*365)
				if at >= hc.plan.EndStage.StartBelow || later != at {
					t.Errorf("patient %d: eGFR %.1f at dialysis, %.1f three years on (want below %v, unchanged)", i, at, later, hc.plan.EndStage.StartBelow)
				}
				coded := false
				for _, c := range b.Conditions[c0:] {
					coded = coded || (c.ConditionKey == hc.plan.EndStage.Key && c.OnsetDate >= hc.replacement)
				}
				if !coded && hc.replacement >= per.firstDay {
					t.Errorf("patient %d: dialysis from %s not on the problem list", i, hc.replacement)
				}
			case hc.conservative:
				conservative++
				if per.death == models.NoDate || per.death-hc.endStage > 3*366 {
					t.Errorf("patient %d: conservative care from %s but death %s", i, hc.endStage, per.death)
				}
			}
		}
		b.Reset(i + 1)
		w.values = w.values[:0]
	}
	if dialysis < 4 || conservative < 1 {
		t.Fatalf("%d on dialysis and %d on conservative care in %d patients", dialysis, conservative, n)
	}
}

// NICE TA236/NG185: after a myocardial infarction a P2Y12 inhibitor runs for
// 12 months with aspirin, or (on an anticoagulant) clopidogrel with the
// anticoagulant; after the year one antithrombotic goes on alone.
func TestDualAntiplateletTherapyAfterMyocardialInfarction(t *testing.T) {
	r := pathwayPopulation(t)
	running := func(id string, d models.Date) (aspirin, p2y12, oac, ticagrelor bool) {
		for _, rx := range r.rxOf[id] {
			if rx.StartDate <= d && (rx.EndDate == models.NoDate || d <= rx.EndDate) {
				k := medKey(rx)
				aspirin = aspirin || k == "aspirin"
				p2y12 = p2y12 || datasets.InClass(k, "p2y12_inhibitor")
				oac = oac || datasets.InClass(k, "anticoagulant")
				ticagrelor = ticagrelor || k == "ticagrelor"
			}
		}
		return
	}
	mis, dapt, withOAC, missing, after := 0, 0, 0, 0, 0
	for id, pt := range r.patients {
		mi := r.has(id, "chd_event")
		if mi == nil {
			continue
		}
		end := r.p.Opts.AsOf
		if pt.DeathDate != models.NoDate {
			end = pt.DeathDate
		}
		if end-mi.OnsetDate < 60 {
			continue
		}
		mis++
		// a month after the infarction
		aspirin, p2y12, oac, ticagrelor := running(id, mi.OnsetDate+30)
		switch {
		case p2y12 && oac:
			withOAC++
			if ticagrelor || aspirin {
				t.Errorf("%s: %s with an anticoagulant after the MI of %s", id, map[bool]string{true: "ticagrelor", false: "aspirin"}[ticagrelor], mi.OnsetDate)
			}
		case p2y12 && aspirin:
			dapt++
		default:
			missing++
			t.Logf("%s: MI %s, a month on aspirin %v, P2Y12 %v, anticoagulant %v", id, mi.OnsetDate, aspirin, p2y12, oac)
		}
		// thirteen months on: one antithrombotic, no ticagrelor
		if d := mi.OnsetDate + 396; d < end {
			after++
			if aspirin, p2y12, _, ticagrelor := running(id, d); (aspirin && p2y12) || ticagrelor {
				t.Errorf("%s: dual antiplatelet therapy (ticagrelor %v) still running 13 months after the MI of %s", id, ticagrelor, mi.OnsetDate)
			}
		}
	}
	t.Logf("%d myocardial infarctions: %d on aspirin with a P2Y12 inhibitor, %d on clopidogrel with an anticoagulant, %d neither; %d followed 13 months", mis, dapt, withOAC, missing, after)
	if mis < 20 || dapt < mis/2 || after < 10 {
		t.Fatalf("%d myocardial infarctions, %d given dual antiplatelet therapy, %d followed for 13 months", mis, dapt, after)
	}
	if missing > mis/5 {
		t.Errorf("%d of %d myocardial infarctions without dual antiplatelet therapy (or clopidogrel with an anticoagulant) a month on", missing, mis)
	}
}

// NICE NG31: in the last weeks of an expected death the GP stops the
// preventive medicines (statins, antiplatelets) at a medicines review;
// medicines for symptoms go on to the end.
func TestPreventiveMedicinesStopInTheLastWeeksOfLife(t *testing.T) {
	r := pathwayPopulation(t)
	active := func(rx *models.Prescription, d models.Date) bool {
		return rx.StartDate <= d && (rx.EndDate == models.NoDate || d <= rx.EndDate)
	}
	dying, stopped, other, late := 0, 0, 0, 0
	for id, pt := range r.patients {
		if pt.DeathDate == models.NoDate || pt.DeathDate-r.p.windowStart < 120 {
			continue
		}
		var before, atDeath, symptomatic bool
		// dual antiplatelet therapy runs its year after a heart attack (NG185)
		dapt := false
		for _, c := range r.condsOf[id] {
			dapt = dapt || (c.SnomedCode == "22298006" && pt.DeathDate-c.OnsetDate < 365)
		}
		for _, rx := range r.rxOf[id] {
			k := medKey(rx)
			switch {
			case dapt && (datasets.InClass(k, "p2y12_inhibitor") || k == "aspirin"):
			case datasets.Preventive(k) && active(rx, pt.DeathDate-60):
				before = true
				atDeath = atDeath || active(rx, pt.DeathDate)
			case !datasets.Preventive(k) && rx.EndDate != rx.StartDate+4 && active(rx, pt.DeathDate):
				symptomatic = true // a long-term medicine still issued at death
			}
		}
		if !before {
			continue
		}
		dying++
		// An expected death (a chronic condition's) has its medicines review;
		// a sudden one (a heart attack, sepsis) comes with the statin still running.
		if r.expectedDeath(id) {
			stopped++
			if atDeath {
				late++
				t.Errorf("%s: preventive medicine still issued at death on %s (%s)", id, pt.DeathDate, pt.CauseOfDeath)
			}
			if symptomatic {
				other++
			}
		}
	}
	t.Logf("%d people on a preventive medicine two months before death; %d expected deaths, %d of them still on another long-term medicine at death", dying, stopped, other)
	if stopped < 10 || other == 0 {
		t.Fatalf("%d expected deaths on a preventive medicine, %d on another medicine at death: too few to judge", stopped, other)
	}
}

// expectedDeath reports whether the patient's death was an expected one, as
// the record shows it: end-of-life care began (the palliative care register
// entry). A sudden death from a chronic condition (a cardiac arrest in
// coronary heart disease) has none.
func (r *realism) expectedDeath(id string) bool {
	reg := r.p.Cat.EndOfLife.Register.Key
	for _, c := range r.condsOf[id] {
		if c.ConditionKey == reg {
			return true
		}
	}
	return false
}

// NICE NG18: a child with type 1 diabetes is referred to the paediatric
// diabetes team on the day of diagnosis (admitted the same day, in diabetic
// ketoacidosis or not), starts insulin there, and is reviewed in its clinic,
// not at adult GP diabetes reviews. The team's reviews have no foot examination (NICE NG19).
func TestChildrenWithType1DiabetesAreUnderThePaediatricTeam(t *testing.T) {
	r := pathwayPopulation(t)
	review := r.p.encTypes[encChronicReview].Code
	diagnosed, clinics, gp, withDKA := 0, 0, 0, 0
	foot := r.snomed("foot_check")
	for id, pt := range r.patients {
		t1 := r.has(id, "type1_diabetes")
		if t1 == nil {
			continue
		}
		for _, o := range r.obsOf[id] {
			if o.SnomedCode == foot && models.YearsBetween(pt.BirthDate, o.EffectiveTime.Date()) < 18 {
				t.Errorf("%s: diabetic foot examination at age %d", id, models.YearsBetween(pt.BirthDate, o.EffectiveTime.Date()))
			}
		}
		for i := range r.b.Encounters {
			e := &r.b.Encounters[i]
			if e.PatientID != id || e.ReasonConditionID != t1.ConditionID || models.YearsBetween(pt.BirthDate, e.StartTime.Date()) >= 18 {
				continue
			}
			switch {
			case e.Setting == "outpatient":
				clinics++
			case e.TypeCode == review:
				gp++
				t.Errorf("%s: GP diabetes review on %s at age %d", id, e.StartTime.Date(), models.YearsBetween(pt.BirthDate, e.StartTime.Date()))
			}
		}
		if t1.OnsetDate < r.p.windowStart || models.YearsBetween(pt.BirthDate, t1.OnsetDate) >= 18 {
			continue
		}
		diagnosed++
		// Admitted the same day (ninth review: every child, in ketoacidosis or
		// not), insulin issued at the team's first clinic after discharge.
		referred, insulin := false, false
		dka := r.has(id, "type1_diabetes_event")
		for i := range r.b.Encounters {
			e := &r.b.Encounters[i]
			d := e.StartTime.Date()
			referred = referred || (e.PatientID == id && e.Setting == "inpatient" && (e.ReasonConditionID == t1.ConditionID ||
				(dka != nil && e.ReasonConditionID == dka.ConditionID)) && d >= t1.OnsetDate && d <= t1.OnsetDate+1)
		}
		insulinBy := t1.OnsetDate + 14
		if dka != nil {
			withDKA++
		}
		for _, rx := range r.rxOf[id] {
			insulin = insulin || (datasets.InClass(medKey(rx), "insulin") && rx.StartDate <= insulinBy)
		}
		if !referred || !insulin {
			t.Errorf("%s: type 1 diabetes at age %d on %s: admitted the same day %v, insulin within two weeks %v", id, models.YearsBetween(pt.BirthDate, t1.OnsetDate), t1.OnsetDate, referred, insulin)
		}
	}
	t.Logf("%d children diagnosed with type 1 diabetes in the window (%d in ketoacidosis); %d paediatric clinic attendances, %d GP reviews under 18", diagnosed, withDKA, clinics, gp)
	if diagnosed < 2 || clinics < 4*diagnosed {
		t.Fatalf("%d children diagnosed, %d clinic attendances: too few to judge", diagnosed, clinics)
	}
}

// potassiumOn is the highest potassium recorded on day d (0: none).
func potassiumOn(obs []*models.Observation, code string, d models.Date) float64 {
	high := 0.0
	for _, o := range obs {
		if o.SnomedCode == code && o.Value != nil && o.EffectiveTime.Date() == d {
			high = max(high, *o.Value)
		}
	}
	return high
}
