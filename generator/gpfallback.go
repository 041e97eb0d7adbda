package generator

// seenFirstAtGP reports whether presentation pi may be opened as a new
// problem at a GP contact of a person of this age: one the catalogue gives a
// GP weight in the age band. When nothing a GP sees fits the person (a
// frequent attender's recent episodes rule every draw out), a GP contact
// falls back on an acute problem drawn by emergency weights; without this
// check that was a sepsis, a hip fracture or an overdose written as a
// surgery visit the person went home from (fiftieth review: 36 sepsis
// episodes at -n 20000 -s 5, mostly children under 7, none sent to
// hospital, no antibiotic). NICE NG51: a person with suspected sepsis and
// high-risk criteria is sent to emergency care, not followed up at the
// practice.
func (w *worker) seenFirstAtGP(per *person, pi, age int) bool {
	wt := w.plan.presentations[pi].weights[per.sex][presGP]
	return wt != nil && wt[w.plan.Cat.BandOf(age)] > 0
}
