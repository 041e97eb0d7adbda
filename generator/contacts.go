package generator

import (
	"fmt"

	"github.com/code4health/cohortgen/datasets"
)

// contact is what a GP-practice appointment is for; datasets/workforce.yaml
// says which staff role sees the patient at each.
type contact int

const (
	contactGPConsultation contact = iota
	contactGPProblem
	contactGPTelephone
	contactGPHomeVisit
	contactChronicReview
	contactNurseReview  // the review of a condition practice nurses lead (workforce.yaml nurse_led_reviews)
	contactImmunisation // a vaccine given
	contactCervicalScreening
	contactPillCheck        // a contraception visit
	contactHealthCheck      // an adult's check-up with no problem: blood pressure, weight
	contactMonitoringBloods // a medicine's blood test between reviews
	contactStructuredReview // the clinical pharmacist's structured medication review (medicationreview.go)
	contactScreeningResult  // a screening programme's letter filed: seen by no one (programmes.go)
	contactHealthVisiting   // a Healthy Child Programme review by the health visitor (childhealth.go)
	contactMenopauseReview  // an HRT start or review (menopause.go)
	numContacts
)

// contactNames are the workforce.yaml contacts keys, in contact order.
var contactNames = [numContacts]string{"gp_consultation", "gp_problem", "gp_telephone", "gp_home_visit",
	"chronic_review", "nurse_review", "immunisation", "cervical_screening", "pill_check", "health_check", "monitoring_bloods",
	"structured_medication_review", "screening_result", "health_visiting", "menopause_review"}

// contactOf is the contact a GP-practice encounter kind is booked as unless
// its caller says what it is for.
func contactOf(kind encKind) contact {
	switch kind {
	case encGPProblem:
		return contactGPProblem
	case encGPTelephone:
		return contactGPTelephone
	case encGPHomeVisit:
		return contactGPHomeVisit
	case encChronicReview:
		return contactChronicReview
	case encImmunisation:
		return contactImmunisation
	case encCervicalScreening:
		return contactCervicalScreening
	}
	return contactGPConsultation
}

// roleShare is a staff role (its workforce.yaml staff index) and the
// cumulative share of a contact's appointments up to and including it.
type roleShare struct {
	role int
	upTo float64
}

// buildWorkforce reads the practice workforce: staff roles, who does each
// contact, which reviews nurses lead.
func (p *Plan) buildWorkforce() error {
	wf, err := datasets.PracticeWorkforce()
	if err != nil {
		return err
	}
	if wf.Staff[0].Role != RoleGP {
		return fmt.Errorf("workforce.yaml: the first staff role must be %s", RoleGP)
	}
	p.workforce = wf
	for ct, name := range contactNames {
		shares, ok := wf.Contacts[name]
		if !ok {
			return fmt.Errorf("workforce.yaml: contacts: missing %q", name)
		}
		cum := 0.0
		for r := range wf.Staff { // staff order: the draw does not depend on map order
			if v := shares[wf.Staff[r].Role]; v > 0 {
				cum += v
				p.contactRoles[ct] = append(p.contactRoles[ct], roleShare{role: r, upTo: cum})
			}
		}
	}
	if len(wf.Contacts) != int(numContacts) {
		return fmt.Errorf("workforce.yaml: contacts has %d keys, the engine books %d", len(wf.Contacts), numContacts)
	}
	for _, k := range wf.NurseLedReviews {
		if _, ok := p.Cat.Condition(k); !ok {
			return fmt.Errorf("workforce.yaml: nurse_led_reviews: unknown condition %q", k)
		}
	}
	p.practitioners, p.practicePractitioners = buildPractitioners(p)
	p.practiceStaff = staffIDsByPractice(p)
	p.prescribers = map[string]bool{}
	for _, g := range p.practitioners {
		if wf.Staff[wf.RoleIndex(g.Role)].Prescriber {
			p.prescribers[g.PractitionerID] = true
		}
	}
	return nil
}

// contactRole is the staff role (workforce.yaml staff index) that sees the
// patient at contact ct, chosen by the hash h (no stream draw).
func (p *Plan) contactRole(ct contact, h uint64) int {
	rs := p.contactRoles[ct]
	u := float64(h>>11) / (1 << 53)
	for _, r := range rs {
		if u < r.upTo {
			return r.role
		}
	}
	if len(rs) == 0 {
		return 0
	}
	return rs[len(rs)-1].role
}

// markNurseLed flags the conditions whose routine review practice nurses
// lead (workforce.yaml nurse_led_reviews, checked by buildWorkforce); it
// runs once the conditions are resolved.
func (p *Plan) markNurseLed() {
	for _, k := range p.workforce.NurseLedReviews {
		p.conds[p.condIndex[k]].nurseLed = true
	}
}

// reviewContact is the contact a routine review of condition c is: a
// nurse's review for the conditions practice nurses lead.
func (p *Plan) reviewContact(c *condPlan) contact {
	if c.nurseLed {
		return contactNurseReview
	}
	return contactChronicReview
}
