package generator

// testsByProblem is an episode test list split by problem, each part in the
// list's order. episodeTests reads the part for a contact's problem with one
// lookup; before, it compared every entry's problem with the contact's twice
// per contact (earlierOnsets, anyTestApplies), about 4% of the generator's
// CPU (stop 54). An entry of another problem never applies (appliesAfter
// compares the problem first, readsFerritin goes through it), so a part gives
// what the whole list gave, in the same order and with the same draws.
type testsByProblem map[string][]episodeTestPlan

// splitByProblem splits list by problem.
func splitByProblem(list []episodeTestPlan) testsByProblem {
	out := testsByProblem{}
	for _, tp := range list {
		out[tp.problem] = append(out[tp.problem], tp)
	}
	return out
}
