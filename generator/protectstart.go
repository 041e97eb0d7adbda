package generator

import "github.com/code4health/cohortgen/models"

// Not declined on the day the drugs start (h72e, issue 9): a GP review
// found "Drug declined by patient" coded at the review that started the
// condition's drugs (metformin started at the diabetes diagnosis, the
// decline beside it being the SGLT2 inhibitor offered for an ACR over 3 at
// the same visit: 26 of 93 such codes on the day a medicine was first
// issued, generate -n 20000 -s 83), which reads as declining the medicine
// just started. NICE NG28 (2022 update) starts the SGLT2 inhibitor once
// metformin is tolerated, and NICE TA775 adds dapagliflozin to an optimised
// ACE inhibitor or ARB: a protecting medicine is offered at a later
// review, not at the one that starts one of the condition's drugs.

// startedFor reports whether a course of condition ci started on day d.
func startedFor(per *person, ci int, d models.Date) bool {
	for k := range per.courses {
		if c := &per.courses[k]; c.cond == ci && c.start == d {
			return true
		}
	}
	return false
}
