package fhir

import (
	"io"
	"sync"
)

// pipeBuffers is how many buffers a pipe owns: one being written while the
// next waits is enough to keep its goroutine busy; more only holds memory.
const pipeBuffers = 2

// bufCap is the capacity of an NDJSON buffer: a writer flushes once a buffer
// holds flushSize bytes, after the patient that crossed it.
const bufCap = flushSize + flushSize/4

// pipe writes full buffers to w on a goroutine of its own, in the order they
// are handed over. A final file's writer hashes every byte and copies it
// into the kernel's pages; done by the encoding goroutine, that work left
// the second core idle in a one-part run and unbalanced a two-part one. The
// buffers are exchanged, not copied: Swap takes a full buffer and returns
// an empty one from the pipe's own few, so memory stays bounded and a
// producer that outpaces the writer waits for it.
//
// One goroutine at a time may call Swap (the sink's order of parts already
// ensures it); Close waits for every buffer handed over to be written.
type pipe struct {
	w    io.Writer
	full chan []byte
	free chan []byte
	made int // buffers allocated so far, up to pipeBuffers
	done chan struct{}

	mu  sync.Mutex
	err error // the first write error; later buffers are dropped
}

func newPipe(w io.Writer) *pipe {
	p := &pipe{w: w, full: make(chan []byte, pipeBuffers), free: make(chan []byte, pipeBuffers+1), done: make(chan struct{})}
	go p.run()
	return p
}

func (p *pipe) run() {
	defer close(p.done)
	for b := range p.full {
		if p.error() == nil {
			if _, err := p.w.Write(b); err != nil {
				p.mu.Lock()
				p.err = err
				p.mu.Unlock()
			}
		}
		p.free <- b[:0]
	}
}

func (p *pipe) error() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}

// Swap hands b over to be written and returns an empty buffer. An empty b
// is kept. The error is that of an earlier write: once a write has failed,
// nothing more is written.
func (p *pipe) Swap(b []byte) ([]byte, error) {
	if err := p.error(); err != nil {
		return b[:0], err
	}
	if len(b) == 0 {
		return b, nil
	}
	p.full <- b
	select {
	case e := <-p.free:
		return e, nil
	default:
	}
	if p.made < pipeBuffers {
		p.made++
		return make([]byte, 0, bufCap), nil
	}
	return <-p.free, nil
}

// Close waits until every buffer handed over is written and returns the
// first write error. Closing twice is a no-op.
func (p *pipe) Close() error {
	select {
	case <-p.done:
	default:
		close(p.full)
		<-p.done
	}
	return p.error()
}
