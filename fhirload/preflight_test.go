package fhirload

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPreflight: each way a server can be wrong for the load is one clear
// error before any transaction is posted and before a checkpoint is made.
func TestPreflight(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, 21, 3)
	capWith := func(rest string) string {
		return `{"resourceType":"CapabilityStatement","fhirVersion":"4.0.1","rest":[` + rest + `]}`
	}
	cases := []struct {
		name     string
		metadata string // what [srv]/fhir/r4/metadata answers
		path     string // the --server path
		want     []string
	}{
		{"base without /r4", capabilityR4, "/fhir", []string{"/fhir answered 404 at /metadata", "/fhir/r4", "try --server http://"}},
		{"host root", capabilityR4, "", []string{"answered 404 at /metadata", "usually ends in", "try --server"}},
		{"web page", capabilityR4, "/ui", []string{"not a FHIR CapabilityStatement", "text/html"}},
		{"STU3", `{"resourceType":"CapabilityStatement","fhirVersion":"3.0.2"}`, "/fhir/r4", []string{"FHIR 3.0.2", "STU3", "R4"}},
		{"no transactions", capWith(`{"mode":"server","interaction":[{"code":"batch"}]}`), "/fhir/r4", []string{"does not support transaction", "batch"}},
		{"no update-create", capWith(`{"mode":"server","interaction":[{"code":"transaction"}],"resource":[` +
			`{"type":"Patient","updateCreate":false,"interaction":[{"code":"update"}]},{"type":"Organization"},{"type":"Practitioner"},` +
			`{"type":"Condition"},{"type":"Encounter"},{"type":"MedicationRequest"},{"type":"Observation"},{"type":"AllergyIntolerance"},{"type":"Immunization"}]}`), "/fhir/r4", []string{"does not allow PUT to create Patient"}},
		{"type missing", capWith(`{"mode":"server","resource":[{"type":"Patient"}]}`), "/fhir/r4", []string{"does not support", "Observation"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var posts int
			mux := http.NewServeMux()
			mux.HandleFunc("GET /fhir/r4/metadata", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/fhir+json")
				io.WriteString(w, c.metadata)
			})
			mux.HandleFunc("GET /ui/metadata", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				io.WriteString(w, "<html><body>Welcome</body></html>")
			})
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost {
					posts++
				}
				http.NotFound(w, r)
			})
			srv := httptest.NewServer(mux)
			defer srv.Close()
			start := time.Now()
			_, err := Run(context.Background(), quietOpts(srv.URL+c.path, dir), io.Discard, io.Discard)
			if !errors.Is(err, ErrPreflight) {
				t.Fatalf("err = %v, want a preflight error", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("not one line: %q", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q does not say %q", err, w)
				}
			}
			if posts != 0 {
				t.Errorf("%d posts after a failed preflight", posts)
			}
			if _, err := os.Stat(filepath.Join(dir, StateFile)); err == nil {
				t.Error("a failed preflight wrote a checkpoint")
			}
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

// TestClosedPortFailsAtOnce: nothing listening is one line, not minutes
// of retries.
func TestClosedPortFailsAtOnce(t *testing.T) {
	dir := t.TempDir()
	writeSample(t, dir, 22, 3)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var errb bytes.Buffer
	start := time.Now()
	_, err = Run(context.Background(), quietOpts("http://"+addr+"/fhir", dir), io.Discard, &errb)
	if !errors.Is(err, ErrPreflight) || !strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), addr) {
		t.Errorf("err = %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("took %v to find nothing listening", took)
	}
}
