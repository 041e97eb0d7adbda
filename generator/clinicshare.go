package generator

// specialistFollowUp decides whether, and from when, a specialist clinic
// follows up the person's long-term condition (catalogue clinic,
// clinic_share, clinic_after_referral): background outpatient attendances
// may name it only from then. Every holder of a clinic condition was
// followed up before, so 79% of people with asthma and 72% with CKD
// attended clinic for it, most of them several times (30,000 patients,
// seed 5), where most asthma, COPD and CKD is cared for in general
// practice. The draw has a stream of its own, so no other draw moves.
func (g *worker) specialistFollowUp(per *person, hc *heldCondition) {
	c := hc.plan
	hc.clinicFrom = 0
	switch {
	case !c.Clinic:
		return
	case c.ClinicAfterReferral:
		return // set by the referral (care.go refer)
	case c.ClinicShare > 0:
		s := per.stream(g.plan.Opts.Seed, purposeClinicShare, uint64(c.idx))
		if !s.Bernoulli(c.ClinicShare) {
			return
		}
	}
	hc.clinicFrom = hc.onset
}
