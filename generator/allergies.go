package generator

import (
	"github.com/code4health/cohortgen/datasets"
	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// allergyPlan is one allergies.yaml entry resolved for the run.
type allergyPlan struct {
	*datasets.AllergyModel
	lifetime  [2]float64 // probability of ever having the entry, by sex index
	reactions *distributions.Alias
}

// heldAllergy is an entry on the patient's allergy list.
type heldAllergy struct {
	plan  int // index into Plan.allergies
	onset models.Date
}

func (p *Plan) buildAllergies() error {
	a, err := datasets.LoadAllergies()
	if err != nil {
		return err
	}
	p.confirmedShare = a.ConfirmedShare / 100
	for i := range a.Allergies {
		m := &a.Allergies[i]
		ap := allergyPlan{AllergyModel: m}
		w := make([]float64, len(m.Reactions))
		for k, r := range m.Reactions {
			w[k] = r.Weight
		}
		ap.reactions = distributions.NewAlias(w)
		life := m.Lifetime / 100
		if m.AdultPrevalence > 0 {
			life = p.lifetimeFor(m, m.AdultPrevalence/100)
		}
		ap.lifetime = sexShares(life, m.FemaleRatio)
		p.allergies = append(p.allergies, ap)
		// Every medicine the entry rules out learns it here, so that
		// prescribing asks one short list per decision.
		p.eachMedPlan(func(key string, mp *medPlan) {
			if m.Avoids(key) {
				mp.allergens = append(mp.allergens, i)
			}
		})
	}
	return nil
}

// sexShares splits a population share into female and male chances whose
// ratio is ratio and whose mean (equal sexes) is share.
func sexShares(share, ratio float64) [2]float64 {
	male := 2 * share / (1 + ratio)
	var out [2]float64
	out[sexIndex("female")] = min(1, male*ratio)
	out[sexIndex("male")] = min(1, male)
	return out
}

// lifetimeFor is the lifetime chance that gives adults (18+, weighted by the
// ONS population) the prevalence wanted, given onset ages uniform in
// [OnsetMin, OnsetMax].
func (p *Plan) lifetimeFor(m *datasets.AllergyModel, adult float64) float64 {
	var num, den float64
	for sx := 0; sx < 2; sx++ {
		for age := 18; age <= maxAge; age++ {
			den += p.pop[sx][age]
			num += p.pop[sx][age] * onsetShare(m, age)
		}
	}
	return min(1, adult*den/num)
}

// onsetShare is the share of eventual holders who have the entry at an age.
func onsetShare(m *datasets.AllergyModel, age int) float64 {
	switch {
	case age < m.OnsetMin:
		return 0
	case age >= m.OnsetMax:
		return 1
	}
	return float64(age-m.OnsetMin+1) / float64(m.OnsetMax-m.OnsetMin+1)
}

// drawAllergies fills the patient's allergy list: each entry by its chance
// for the person's sex, with an onset age in its range, recorded only if the
// onset falls before the last day.
func (w *worker) drawAllergies(per *person) {
	p := w.plan
	s := per.stream(p.Opts.Seed, purposeAllergies)
	per.allergies = per.allergies[:0]
	for i := range p.allergies {
		ap := &p.allergies[i]
		have := s.Bernoulli(ap.lifetime[per.sex])
		onsetAge := ap.OnsetMin + s.IntN(ap.OnsetMax-ap.OnsetMin+1)
		day := per.birth + models.Date(float64(onsetAge)*365.25) + models.Date(s.IntN(365))
		r := &ap.Reactions[ap.reactions.Sample(&s)]
		confirmed := s.Bernoulli(p.confirmedShare)
		if !have || day > per.lastDay || day < per.birth {
			continue
		}
		per.allergies = append(per.allergies, heldAllergy{plan: i, onset: day})
		verification := "unconfirmed"
		if confirmed {
			verification = "confirmed"
		}
		w.b.Allergies = append(w.b.Allergies, models.Allergy{
			AllergyID:          w.ids.rowID(tagAllergy),
			PatientID:          per.id,
			AllergyKey:         ap.Key,
			SnomedCode:         ap.Snomed,
			Description:        ap.Description,
			Type:               ap.Type,
			Category:           ap.Category,
			Criticality:        r.Criticality,
			VerificationStatus: verification,
			ReactionCode:       r.Code,
			ReactionDisplay:    r.Display,
			ReactionSeverity:   r.Severity,
			OnsetDate:          day,
		})
	}
}

// allergic reports whether an entry on the patient's list, recorded on or
// before d, rules the medicine out.
func allergic(per *person, m *medPlan, d models.Date) bool {
	for _, ai := range m.allergens {
		for _, h := range per.allergies {
			if h.plan == ai && h.onset <= d {
				return true
			}
		}
	}
	return false
}
