package generator

import (
	"fmt"
	"slices"

	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/models"
)

// alcoholMedsPlan is the catalogue's alcohol harmful medicines, resolved.
type alcoholMedsPlan struct {
	m          *datasets.AlcoholMeds
	thiamine   *medPlan
	withdrawal *medPlan // nil: no assisted withdrawal is written
	relapse    []*medPlan
	weights    []float64
	bmi        string // SNOMED code of the BMI read for malnourishment
}

// resolveAlcoholMeds looks up the medicines of a coded drinking disorder.
func (p *Plan) resolveAlcoholMeds(hp *harmfulPlan) error {
	am := hp.h.Medicines
	if am == nil {
		return nil
	}
	mp := &alcoholMedsPlan{m: am, thiamine: p.medPlans[am.Thiamine]}
	if mp.thiamine == nil {
		return fmt.Errorf("catalogue: alcohol medicines: thiamine %q has no prescribable product", am.Thiamine)
	}
	if am.Withdrawal != "" {
		if mp.withdrawal = p.medPlans[am.Withdrawal]; mp.withdrawal == nil {
			return fmt.Errorf("catalogue: alcohol medicines: withdrawal drug %q has no prescribable product", am.Withdrawal)
		}
	}
	for _, r := range am.Relapse {
		m := p.medPlans[r.Drug]
		if m == nil {
			return fmt.Errorf("catalogue: alcohol medicines: relapse drug %q has no prescribable product", r.Drug)
		}
		mp.relapse, mp.weights = append(mp.relapse, m), append(mp.weights, weightOf(r.Weight))
	}
	if slot, ok := p.obsIndex["bmi"]; ok {
		mp.bmi = p.obsCodes[slot].Snomed
	}
	hp.meds = mp
	return nil
}

// alcoholMedicines writes the medicines of the drinking disorder coded at a
// higher-risk drinker's full AUDIT (harmfulDrinking; brief h60g: NICE
// CG100, CG115): oral thiamine from that consultation for a share of
// dependent drinkers and for a harmful drinker who is underweight, and, for
// a share of those referred for dependence, acamprosate or naltrexone from
// the first GP consultation after the specialist service's assisted
// withdrawal. Each is one repeat authorisation for its days, cut at the
// record's last day. Before, no one coded with either disorder had any
// medicine for it. Draws come from a stream of its own, all taken up front.
func (w *worker) alcoholMedicines(per *person) {
	ap := w.plan.alcohol
	if ap == nil || ap.harmful == nil || ap.harmful.meds == nil || per.alcohol.category != higherRiskDrinker {
		return
	}
	hp, mp := ap.harmful, ap.harmful.meds
	am := mp.m
	audit := -1
	for k := per.obsFrom; k < len(w.b.Observations); k++ {
		if o := &w.b.Observations[k]; o.SnomedCode == hp.audit.Snomed && o.Value != nil && !o.ObservationID.IsZero() {
			audit = k
			break
		}
	}
	if audit < 0 {
		return
	}
	o := &w.b.Observations[audit]
	encID, d := o.EncounterID, o.EffectiveTime.Date()
	dependent := int(*o.Value) >= hp.h.AuditDependent[0]
	condID := w.drinkingDisorderRow(per, dependent)
	s := per.stream(w.plan.Opts.Seed, purposeAlcoholMedicines)
	uThiamine, uRelapse, uPick, uAfter := s.Float64(), s.Float64(), s.Float64(), s.Float64()
	if condID == "" || d > per.lastDay {
		return
	}
	thiamine := dependent && uThiamine < am.ThiamineShare
	if !dependent && mp.bmi != "" {
		if v, ok := w.latestRecorded(per, mp.bmi, d, 730); ok && v < am.ThiamineBMIBelow {
			thiamine = true
		}
	}
	if thiamine {
		w.alcoholIssue(per, mp.thiamine, encID, condID, d, am.ThiamineDays)
	}
	if !dependent {
		return
	}
	// a withdrawal the practice does not prescribe is the specialist
	// service's (its medicines are not on the practice record)
	withdrawn, ok := w.assistedWithdrawal(per, mp, condID, d)
	// acamprosate and naltrexone keep up an abstinence: for someone whose
	// treatment brought none, none is started (NICE CG115 1.3.6, after a
	// successful withdrawal; h74f: before, 12 of 30 people started on one
	// had a weekly-units reading over 14 during it or in the 6 months after)
	if uRelapse >= am.RelapseShare || !per.sober.ok {
		return
	}
	lo := d + models.Date(am.RelapseAfterDays[0])
	hi := d + models.Date(am.RelapseAfterDays[1])
	lo += models.Date(uAfter * float64(hi-lo) / 2) // the withdrawal's length varies (model)
	if ok {
		lo = max(lo, withdrawn+1) // only once the withdrawal is over (NICE CG115 1.3.6)
	}
	enc, v := w.firstConsultationIn(per, lo, hi)
	if enc == "" || per.inEndOfLifeCare(v) || w.holdsAny(per, am.NotWith, v) {
		return
	}
	egfr := w.latestEGFR(per, v)
	w.alcoholPick = w.alcoholPick[:0]
	for i, m := range mp.relapse {
		wt := mp.weights[i]
		if !w.allowed(per, m, v, egfr, -1) {
			wt = 0
		}
		w.alcoholPick = append(w.alcoholPick, wt)
	}
	days := am.RelapseDays
	if to := per.sober.to; to != models.NoDate {
		days = min(days, int(to-v)+1) // stopped when drinking resumes (NICE CG115 1.3.6, approx)
	}
	if k := pickWith(w.alcoholPick, uPick); k >= 0 && days > 0 {
		w.alcoholIssue(per, mp.relapse[k], enc, condID, v, days)
	}
}

// assistedWithdrawal writes the chlordiazepoxide of a community assisted
// withdrawal for a share of people referred for dependence on day d
// (catalogue alcohol harmful medicines withdrawal; brief h61f: NICE CG115
// 1.3.5, CG100 1.1.2): one acute issue of a reducing course of 7-10 days at
// the first GP consultation 1-12 weeks after the referral, with oral
// thiamine beside it when none runs (CG100 1.1.3: before and during the
// withdrawal). Not with decompensated alcoholic cirrhosis (not_with: an
// inpatient withdrawal, not modelled), nor near the end of life, nor when
// the prescribing rules bar it (an opioid running). It returns the
// course's last day and whether a withdrawal was given; with no
// withdrawal medicine in the catalogue, (d, true). Draws from a stream of its own, both up
// front: before, no one had an assisted withdrawal.
func (w *worker) assistedWithdrawal(per *person, mp *alcoholMedsPlan, condID string, d models.Date) (models.Date, bool) {
	am, m := mp.m, mp.withdrawal
	if m == nil {
		return d, true
	}
	s := per.stream(w.plan.Opts.Seed, purposeAlcoholWithdrawal)
	take := s.Bernoulli(am.WithdrawalShare)
	days := am.WithdrawalDays[0] + s.IntN(am.WithdrawalDays[1]-am.WithdrawalDays[0]+1)
	if !take || !per.sober.ok { // a withdrawal is the start of an abstinence (h74f)
		return models.NoDate, false
	}
	enc, v := w.firstConsultationIn(per, d+models.Date(am.WithdrawalAfterDays[0]), d+models.Date(am.WithdrawalAfterDays[1]))
	if enc == "" || per.sober.to != models.NoDate && v > per.sober.to || per.inEndOfLifeCare(v) || w.holdsAny(per, am.NotWith, v) {
		return models.NoDate, false
	}
	reg := m.regimen(per.ageOn(v), 0)
	if reg == nil || !w.allowed(per, m, v, w.latestEGFR(per, v), -1) {
		return models.NoDate, false
	}
	end := w.cutAtRulingStart(per, m, v, min(v+models.Date(days)-1, per.lastDay))
	if end < v {
		return models.NoDate, false
	}
	if !w.issuedRunning(per, mp.thiamine, v) {
		w.alcoholIssue(per, mp.thiamine, enc, condID, v, am.ThiamineDays)
	}
	w.issue(per, enc, condID, reg, v, end, models.PrescriptionAcute)
	return end, true
}

// issuedRunning reports whether a written prescription of medicine m runs
// on day d.
func (w *worker) issuedRunning(per *person, m *medPlan, d models.Date) bool {
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.StartDate <= d && (rx.EndDate == models.NoDate || rx.EndDate >= d) && w.rxPlan(rx) == m {
			return true
		}
	}
	return false
}

// alcoholIssue writes one repeat authorisation of medicine m made at
// encounter encID on day d for days, when a regimen suits the person's age
// and the prescribing rules allow it.
func (w *worker) alcoholIssue(per *person, m *medPlan, encID, condID string, d models.Date, days int) {
	reg := m.regimen(per.ageOn(d), 0)
	if reg == nil || !w.allowed(per, m, d, w.latestEGFR(per, d), -1) {
		return
	}
	end := w.cutAtRulingStart(per, m, d, min(d+models.Date(days)-1, per.lastDay))
	if end < d {
		return
	}
	w.issue(per, encID, condID, reg, d, end, models.PrescriptionRepeat)
}

// cutAtRulingStart is the last day of medicine m's course from d to end,
// ended the day before a prescription of a class that rules it out starts
// (prescribing.yaml class_running), or d-1 when one already runs on d.
// These courses are written once every contact is written, so the usual
// stop at the ruling class's start (classswitch.go) never saw them: on
// the merged tree of stop 60 an opioid started four months into a
// naltrexone repeat ran beside it (1 of 14 naltrexone issues, generate -n
// 20000 -s 11).
func (w *worker) cutAtRulingStart(per *person, m *medPlan, d, end models.Date) models.Date {
	if len(m.contraCls) == 0 {
		return end
	}
	for i := per.rxFrom; i < len(w.b.Prescriptions); i++ {
		rx := &w.b.Prescriptions[i]
		if rx.StartDate > end || rx.EndDate != models.NoDate && rx.EndDate < d {
			continue
		}
		o := w.rxPlan(rx)
		if o == nil || !slices.ContainsFunc(m.contraCls, o.inClass) {
			continue
		}
		end = max(rx.StartDate, d) - 1
	}
	return end
}

// drinkingDisorderRow is the id of the person's coded drinking disorder:
// the dependence when dependent, else the harmful use.
func (w *worker) drinkingDisorderRow(per *person, dependent bool) string {
	ap := w.plan.alcohol
	key := ap.harmful.h.Condition.Key
	if dependent {
		key = ap.a.Dependence
	}
	for i := per.condFrom; i < len(w.b.Conditions); i++ {
		if c := &w.b.Conditions[i]; c.ConditionKey == key {
			return c.ConditionID
		}
	}
	return ""
}

// firstConsultationIn is the first face-to-face GP consultation with a
// clinician from day lo to day hi, and its day ("" when none).
func (w *worker) firstConsultationIn(per *person, lo, hi models.Date) (string, models.Date) {
	phone := w.plan.encTypes[encGPTelephone].Code
	best := -1
	for e := per.encFrom; e < len(w.b.Encounters); e++ {
		x := &w.b.Encounters[e]
		day := x.StartTime.Date()
		if x.Setting != settingGP || x.TypeCode == phone || x.PractitionerID == "" || day < lo || day > hi {
			continue
		}
		if best < 0 || x.StartTime < w.b.Encounters[best].StartTime {
			best = e
		}
	}
	if best < 0 {
		return "", models.NoDate
	}
	return w.b.Encounters[best].EncounterID, w.b.Encounters[best].StartTime.Date()
}

// pickWith draws an index by weight with the uniform u (-1 when all are
// zero).
func pickWith(weights []float64, u float64) int {
	total := 0.0
	for _, x := range weights {
		total += x
	}
	if total <= 0 {
		return -1
	}
	u *= total
	for i, x := range weights {
		if u < x {
			return i
		}
		u -= x
	}
	return len(weights) - 1
}
