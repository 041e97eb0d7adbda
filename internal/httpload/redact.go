package httpload

import (
	"io"
	"strings"
	"sync"
)

// Redactor replaces secrets (tokens, client secrets, header values) in
// anything a loader prints or returns. Tokens fetched during the load are
// added as they arrive. A nil *Redactor redacts nothing.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string
}

// Add registers a secret. Very short values are ignored: hiding every "a"
// in the output would make it unreadable and protect nothing.
func (r *Redactor) Add(s string) {
	if r == nil || len(s) < 4 {
		return
	}
	r.mu.Lock()
	r.secrets = append(r.secrets, s)
	r.mu.Unlock()
}

// Redact returns s with every registered secret replaced by [redacted].
func (r *Redactor) Redact(s string) string {
	if r == nil {
		return s
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, sec := range r.secrets {
		s = strings.ReplaceAll(s, sec, "[redacted]")
	}
	return s
}

// Writer wraps w so that everything written through it is redacted. Every
// message is written with one Fprintf, so a secret is never split across
// two writes.
func (r *Redactor) Writer(w io.Writer) io.Writer { return &redactWriter{r, w} }

type redactWriter struct {
	r *Redactor
	w io.Writer
}

func (w *redactWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(w.w, w.r.Redact(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Err returns err with its message redacted, keeping it unwrappable for
// errors.Is and errors.As.
func (r *Redactor) Err(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if red := r.Redact(msg); red != msg {
		return &redactedError{msg: red, err: err}
	}
	return err
}

type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }
