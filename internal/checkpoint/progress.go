package checkpoint

import "time"

// Record is the done-set as the checkpoint files store it. Loaders embed it
// last in their own JSON struct, so its fields keep the place and spelling
// existing files have: a file written before this package still resumes.
//
// Units load roughly in order, so most of the done-set is a prefix: storing
// the prefix as one number keeps the file small however large the load.
type Record struct {
	DoneBelow int       `json:"done_below"`     // units 0..DoneBelow-1 are all done
	Done      []int     `json:"done,omitempty"` // the others done, ascending
	Complete  bool      `json:"complete"`
	Updated   time.Time `json:"updated"`
}

// Progress is the set of units done, by index, out of a fixed number.
// It is not safe for concurrent use.
type Progress struct {
	done []bool
	n    int
}

// NewProgress returns an empty set of n units.
func NewProgress(n int) *Progress { return &Progress{done: make([]bool, n)} }

// Len is the number of units.
func (p *Progress) Len() int { return len(p.done) }

// Count is the number of units done.
func (p *Progress) Count() int { return p.n }

// Done reports whether unit i is done.
func (p *Progress) Done(i int) bool { return p.done[i] }

// Mark records unit i as done and reports whether it was not already.
func (p *Progress) Mark(i int) bool {
	if p.done[i] {
		return false
	}
	p.done[i] = true
	p.n++
	return true
}

// FirstNotDone is the lowest unit not done, or -1 when all are.
func (p *Progress) FirstNotDone() int {
	for i, d := range p.done {
		if !d {
			return i
		}
	}
	return -1
}

// Record encodes the set, stamped with the current time.
func (p *Progress) Record() Record {
	r := Record{Complete: p.n == len(p.done), Updated: time.Now().UTC()}
	for r.DoneBelow < len(p.done) && p.done[r.DoneBelow] {
		r.DoneBelow++
	}
	for i := r.DoneBelow; i < len(p.done); i++ {
		if p.done[i] {
			r.Done = append(r.Done, i)
		}
	}
	return r
}

// Restore marks the units a saved Record lists. Indexes out of range are
// ignored: the caller has already checked, by its fingerprint, that the
// record is for these units, and a bad index must not panic a resume.
func (p *Progress) Restore(r Record) {
	for i := 0; i < r.DoneBelow && i < len(p.done); i++ {
		p.Mark(i)
	}
	for _, i := range r.Done {
		if i >= 0 && i < len(p.done) {
			p.Mark(i)
		}
	}
}
