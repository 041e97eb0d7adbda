package datasets

import (
	"fmt"
	"regexp"
	"slices"
	"sync"
)

var (
	ruleID     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	snomedLike = regexp.MustCompile(`^[1-9][0-9]{5,17}$`)
	// icd10Code is an ICD-10 code or its leading characters: a chapter's
	// letter alone (C: every malignant neoplasm), or a letter, two digits
	// and optionally a dot and one or two more characters.
	icd10Code       = regexp.MustCompile(`^[A-Z]([0-9]{2}(\.[0-9A-Z]{1,2})?)?$`)
	admissionMethod = regexp.MustCompile(`^[0-9A-Z]{2}$`)
	// The settings of encounters (models.Encounter.Setting) and the dose
	// forms of regimens (Regimen.Form).
	ruleSettings = map[string]bool{"gp": true, "ae": true, "inpatient": true, "outpatient": true}
	ruleForms    = map[string]bool{"solid": true, "dispersible": true, "liquid": true, "inhaler": true, "injection": true, "other": true}
)

// ruleConditionKeys is every condition key a record can carry: catalogue
// conditions, the onset events coded on their own (chd_event, a myocardial
// infarction), acute episodes, presentations, the palliative care register,
// a quit attempt's problem, shingles and postherpetic neuralgia, a DVT or PE, the presenting problem of an urgent referral
// that finds no cancer and the histories causes of death need.
var ruleConditionKeys = sync.OnceValues(func() (map[string]bool, error) {
	cat, err := LoadCatalogue()
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for i := range cat.Conditions {
		out[cat.Conditions[i].Key] = true
		if k := cat.Conditions[i].EventKey(); k != "" { // the acute event's own row
			out[k] = true
		}
	}
	for _, a := range cat.Acute {
		out[a.Key] = true
	}
	if z := cat.HerpesZoster; z != nil { // shingles and its postherpetic neuralgia
		out[z.Key], out[z.PHN.Key] = true, true
	}
	rx, err := LoadPrescribing()
	if err != nil {
		return nil, err
	}
	for _, r := range rx.ResultStops { // a result's problem: hyperkalaemia
		if r.Problem != nil {
			out[r.Problem.Key] = true
		}
	}
	for _, pr := range cat.Presentations {
		out[pr.Key] = true
	}
	an, err := LoadAnaemia()
	if err != nil {
		return nil, err
	}
	out[an.LowHaemoglobin.Problem.Key] = true // a low haemoglobin's problem: iron deficiency anaemia
	routes, err := CancerRouteData()
	if err != nil {
		return nil, err
	}
	for _, r := range routes.NotCancer.Referrals { // a referral's presenting problem (iron deficiency anaemia)
		out[r.Symptom] = true
	}
	if e := cat.EndOfLife; e != nil {
		out[e.Register.Key] = true
	}
	if q := cat.Smoking.QuitSupport; q != nil { // a supported quit attempt's problem
		out[q.Indication.Key] = true
	}
	pg, err := PregnancyModel()
	if err != nil {
		return nil, err
	}
	// pregnancy.yaml: a pregnancy, a miscarriage
	out[pg.Problem.Key], out[pg.Miscarriage.Key] = true, true
	if pg.RaisedBP.Problem.Key != "" { // a raised antenatal blood pressure's problem: gestational hypertension
		out[pg.RaisedBP.Problem.Key] = true
	}
	if pe := pg.RaisedBP.PreEclampsia; pe != nil { // and with proteinuria, pre-eclampsia
		out[pe.Problem.Key] = true
	}
	if g := pg.GDM; g != nil { // gestational diabetes diagnosed on the OGTT (h66e)
		out[g.Problem.Key] = true
	}
	if h := cat.Alcohol.Harmful; h != nil { // harmful drinking coded after a full AUDIT
		out[h.Condition.Key] = true
	}
	if v := cat.VTE; v != nil { // a deep vein thrombosis, a pulmonary embolism
		out[v.DVT.Key], out[v.PE.Key] = true, true
	}
	for _, bc := range cat.BackgroundCauses {
		for _, h := range []*CauseHistory{bc.History, bc.Diagnosed} {
			if h != nil {
				out[h.Key] = true
			}
		}
		if cc := bc.FromBirth; cc != nil {
			out[cc.Key] = true
		}
		if bc.Snomed != "" { // the cause's own row (a pneumonia, a prematurity)
			out[bc.RowKey()] = true
		}
	}
	return out, nil
})

// ruleChecker resolves the names a rule uses, collecting warnings.
type ruleChecker struct {
	pending  map[string]bool
	conds    map[string]bool
	warnings []string
}

func (s *RuleSet) check() ([]string, error) {
	conds, err := ruleConditionKeys()
	if err != nil {
		return nil, err
	}
	c := &ruleChecker{pending: map[string]bool{}, conds: conds}
	for _, p := range s.PendingClasses {
		if knownClasses()[p.Class] {
			c.warnings = append(c.warnings, fmt.Sprintf("pending class %q now has medicines in medicine_classes.csv: remove it from pending_classes", p.Class))
		}
		c.pending[p.Class] = true
	}
	seen := map[string]bool{}
	for i := range s.Rules {
		r := &s.Rules[i]
		if !ruleID.MatchString(r.ID) || seen[r.ID] {
			return nil, fmt.Errorf("rule %d: id %q is empty, repeated or not lower-case-with-hyphens", i+1, r.ID)
		}
		seen[r.ID] = true
		if err := c.rule(r); err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.ID, err)
		}
	}
	return c.warnings, nil
}

func (c *ruleChecker) rule(r *Rule) error {
	switch {
	case r.Title == "" || r.Kind == "":
		return fmt.Errorf("needs a title and a kind")
	case r.Severity != "hard" && r.Severity != "audit":
		return fmt.Errorf("severity %q: want hard or audit", r.Severity)
	case r.Source.Ref == "" || r.Source.Says == "":
		return fmt.Errorf("source needs ref (the guideline or formulary) and says (what it says)")
	case !status(r.Source.Status):
		return fmt.Errorf("source status %q: want verified or approx", r.Source.Status)
	}
	if r.Ref != nil {
		if r.Severity == "hard" {
			return fmt.Errorf("a hard rule has no reference rate (it must never happen)")
		}
		if r.Ref.Percent < 0 || r.Ref.Percent > 100 || r.Ref.Source == "" || !status(r.Ref.Status) {
			return fmt.Errorf("reference needs a percent in 0..100, a source and a status (verified or approx)")
		}
	}
	for _, d := range append(r.Drugs, deref(r.Drug, r.On)...) {
		if err := c.drugs(r.ID, d); err != nil {
			return err
		}
	}
	for _, cs := range append(r.Conditions, deref(r.Condition, r.Unless)...) {
		if err := c.conditions(cs); err != nil {
			return err
		}
	}
	if a := r.Allergy; a != nil {
		if err := allergiesKnown(a.Keys); err != nil {
			return err
		}
	}
	for _, o := range deref(r.Observation, r.Where) {
		if err := observationKnown(o.Key, o.Value); err != nil {
			return err
		}
	}
	for _, k := range append(append(r.Observations[:len(r.Observations):len(r.Observations)], r.PrecededBy...), r.FollowedBy...) {
		if err := observationKnown(k, ""); err != nil {
			return err
		}
	}
	if p := r.Pair; p != nil {
		if err := observationKnown(p.First, ""); err != nil {
			return err
		}
		if err := observationKnown(p.Second, ""); err != nil {
			return err
		}
	}
	for _, s := range append(r.Settings[:len(r.Settings):len(r.Settings)], r.ContactSettings...) {
		if !ruleSettings[s] {
			return fmt.Errorf("unknown encounter setting %q (gp, ae, inpatient, outpatient)", s)
		}
	}
	for _, code := range r.Causes {
		if !icd10Code.MatchString(code) {
			return fmt.Errorf("cause %q is not an ICD-10 code or its leading characters (e.g. R54, K70, I25.9)", code)
		}
	}
	for _, m := range r.AdmissionMethods {
		if !admissionMethod.MatchString(m) {
			return fmt.Errorf("admission method %q is not a two-digit NHS admission method code (e.g. 11, 21)", m)
		}
	}
	for _, code := range r.EncounterTypes {
		if !snomedLike.MatchString(code) {
			return fmt.Errorf("encounter type %q is not a SNOMED CT id", code)
		}
	}
	for _, code := range r.UnlessRecorded {
		if !untreatedCodes()[code] {
			return fmt.Errorf("unless_recorded %q is not a reason for no treatment in the catalogue (conditions' untreated reasons, also_prescribe and treatment line not_taken, referrals declined, lifestyle_first codes, cvd_risk's statin declined, or prescribing.yaml slow_heart reasons)", code)
		}
	}
	for _, code := range r.Recorded {
		if r.Kind == "recorded_beside_drug" { // a reason for no treatment beside the drug (h68b)
			if !untreatedCodes()[code] {
				return fmt.Errorf("recorded %q is not a reason for no treatment in the catalogue (as unless_recorded)", code)
			}
			continue
		}
		if r.Kind == "recorded_beside_dose" { // a vaccine declined beside a dose (h74h)
			if !slices.ContainsFunc(ObservationCodes(), func(c ObservationCode) bool { return c.Snomed == code }) {
				return fmt.Errorf("recorded %q is not an observation_codes.csv code", code)
			}
			continue
		}
		if r.Kind == "observation_result" {
			if !testResultCode(code) {
				return fmt.Errorf("recorded %q is not a coded result in test_results.yaml", code)
			}
			continue
		}
		if !recordedContraindication(code) {
			return fmt.Errorf("recorded %q is not a prescribing.yaml recorded_contraindications code (the generator bars its classes)", code)
		}
	}
	return nil
}

// recordedContraindication reports whether code is one of prescribing.yaml's
// recorded_contraindications, which the generator applies.
func recordedContraindication(code string) bool {
	p, err := LoadPrescribing()
	if err != nil {
		return false
	}
	for _, rc := range p.RecordedContraindications {
		if rc.Snomed == code {
			return true
		}
	}
	return false
}

// untreatedCodes is every coded reason for no treatment the catalogue's
// conditions name (untreated.reasons): one definition, which the generator
// writes and the audit excuses.
var untreatedCodes = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	if cat, err := LoadCatalogue(); err == nil {
		for i := range cat.Conditions {
			if u := cat.Conditions[i].Untreated; u != nil {
				for _, r := range u.Reasons {
					out[r.Snomed] = true
				}
			}
			// a treatment line not reached by its chance (twentieth review)
			for _, line := range cat.Conditions[i].Treatment {
				for _, r := range line.NotTaken {
					out[r.Snomed] = true
				}
			}
			// a co-prescription not taken (eighteenth review: a statin in CVD)
			for _, a := range cat.Conditions[i].AlsoPrescribe {
				for _, r := range a.NotTaken {
					out[r.Snomed] = true
				}
			}
			// ULT declined after recurrent gout flares (issue 9)
			if t := cat.Conditions[i].CareTarget; t != nil && t.FlaresStart != nil && t.FlaresStart.Declined != nil {
				out[t.FlaresStart.Declined.Snomed] = true
			}
			// a fragility fracture's assessment with no treatment (issue 9)
			if af := cat.Conditions[i].AfterFracture; af != nil {
				for _, f := range af.Fractures {
					if nt := f.NotTreated; nt != nil {
						for _, r := range nt.Reasons {
							out[r.Snomed] = true
						}
						if nt.Renal != nil {
							out[nt.Renal.Snomed] = true
						}
					}
				}
			}
			// a referral the person declined (an ACR of 70 or more, brief h55e)
			for _, r := range cat.Conditions[i].Referral {
				if d := r.Declined; d != nil {
					if o, ok := ObservationByKey(d.Recorded); ok {
						out[o.Snomed] = true
					}
				}
			}
			// the advice coded while a drug waits for it (fifteenth review)
			if lf := cat.Conditions[i].LifestyleFirst; lf != nil {
				if o, ok := ObservationByKey(lf.Code); ok {
					out[o.Snomed] = true
				}
			}
		}
	}
	if cat, err := LoadCatalogue(); err == nil && cat.CVDRisk != nil {
		out[cat.CVDRisk.Statin.DeclinedCode] = true // the primary-prevention statin declined
	}
	if p, err := LoadPrescribing(); err == nil {
		for _, r := range p.SlowHeart {
			out[r.Reason.Snomed] = true // a beta-blocker stopped for a slow heart (Bradycardia)
		}
		for _, dc := range p.DeclinedClasses {
			out[dc.Snomed] = true // a class declined (brief h69b)
		}
	}
	return out
})

// allergiesKnown checks an allergy set's keys against allergies.yaml.
func allergiesKnown(keys []string) error {
	if len(keys) == 0 {
		return fmt.Errorf("an allergy set needs keys (as in allergies.yaml)")
	}
	a, err := LoadAllergies()
	if err != nil {
		return err
	}
	for _, k := range keys {
		if !slices.ContainsFunc(a.Allergies, func(m AllergyModel) bool { return m.Key == k }) {
			return fmt.Errorf("unknown allergy %q (keys as in allergies.yaml, e.g. penicillin)", k)
		}
	}
	return nil
}

func status(s string) bool { return s == "verified" || s == "approx" }

func deref[T any](ps ...*T) []T {
	var out []T
	for _, p := range ps {
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

func (c *ruleChecker) drugs(id string, d DrugSet) error {
	if len(d.Medicines)+len(d.Classes)+len(d.Products)+len(d.Forms) == 0 {
		return fmt.Errorf("a drug set needs medicines, classes, products or forms")
	}
	for _, m := range d.Medicines {
		if _, ok := MedicineByKey(m); !ok {
			return fmt.Errorf("unknown medicine %q (keys as in medicines.csv, e.g. co_codamol)", m)
		}
	}
	for _, cl := range d.Classes {
		switch {
		case knownClasses()[cl]:
		case c.pending[cl]:
			c.warnings = append(c.warnings, fmt.Sprintf("rule %s: class %q has no medicine yet, so it matches no prescription", id, cl))
		default:
			return fmt.Errorf("unknown medicine class %q (see medicine_classes.csv, or declare it under pending_classes)", cl)
		}
	}
	for _, p := range d.Products {
		if _, ok := RegimenByDMD(p); !ok {
			return fmt.Errorf("unknown product %q (a dm+d VMP id of medicines.csv or regimens.csv)", p)
		}
	}
	for _, f := range d.Forms {
		if !ruleForms[f] {
			return fmt.Errorf("unknown dose form %q (solid, liquid, inhaler, injection, other)", f)
		}
	}
	if len(d.Doses) > 0 && len(d.Medicines)+len(d.Products) == 0 {
		return fmt.Errorf("doses narrow medicines or products: name them")
	}
	return nil
}

func (c *ruleChecker) conditions(cs ConditionSet) error {
	if len(cs.Keys) == 0 {
		return fmt.Errorf("a condition set needs keys")
	}
	for _, k := range cs.Keys {
		if !c.conds[k] {
			return fmt.Errorf("unknown condition %q (keys as in catalogue.yaml)", k)
		}
	}
	for _, code := range cs.Codes {
		if !snomedLike.MatchString(code) {
			return fmt.Errorf("condition code %q is not a SNOMED CT id", code)
		}
	}
	return nil
}

func observationKnown(key, value string) error {
	if _, ok := ObservationByKey(key); !ok {
		return fmt.Errorf("unknown observation %q (keys as in observation_codes.csv)", key)
	}
	if value == "" {
		return nil
	}
	if o, ok := ObservationByKey(value); !ok || o.Snomed == "" {
		return fmt.Errorf("unknown coded value %q (a finding key of observation_codes.csv, e.g. never_smoked)", value)
	}
	return nil
}
