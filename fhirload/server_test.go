package fhirload

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// fakeServer is a small FHIR transaction endpoint for tests. It applies PUT
// entries to an in-memory store and is strict where real servers are: every
// literal reference must resolve (to a stored resource or one in the same
// transaction), every urn:uuid reference to an entry of the transaction,
// and a failing transaction stores nothing.
type fakeServer struct {
	t  *testing.T
	mu sync.Mutex
	// store holds "Type/id" -> resource JSON.
	store map[string]json.RawMessage
	// fault, if set, is called with the 1-based POST number and may answer
	// instead of the server (status, Retry-After header, outcome text).
	fault func(n int64, body []byte) (int, string, string)
	posts atomic.Int64
	srv   *httptest.Server
	// auth, if set, decides whether a request's credentials are accepted;
	// refused requests get 401 and are not counted in posts.
	auth func(r *http.Request) bool
	// down makes the server drop every connection without an answer, as a
	// stopped server behind a still-open port would.
	down atomic.Bool
	// log lists every stored "Type/id" in the order they were written.
	log []string
}

func newFakeServer(t *testing.T) *fakeServer {
	f := &fakeServer{t: t, store: map[string]json.RawMessage{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.handle))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeServer) url() string { return f.srv.URL + "/fhir" }

func (f *fakeServer) count(typ string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for k := range f.store {
		if strings.HasPrefix(k, typ+"/") {
			n++
		}
	}
	return n
}

func writeOutcome(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "application/fhir+json")
	w.WriteHeader(status)
	b, _ := json.Marshal(map[string]any{"resourceType": "OperationOutcome",
		"issue": []any{map[string]any{"severity": "error", "code": "invalid", "diagnostics": text}}})
	w.Write(b)
}

func collectRefs(v any, out *[]string) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && k == "reference" {
				*out = append(*out, s)
			} else {
				collectRefs(x, out)
			}
		}
	case []any:
		for _, x := range v {
			collectRefs(x, out)
		}
	}
}

// capabilityR4 is the /metadata of a server that takes transactions and
// creates by PUT.
const capabilityR4 = `{"resourceType":"CapabilityStatement","fhirVersion":"4.0.1","software":{"name":"fake"},` +
	`"rest":[{"mode":"server","interaction":[{"code":"transaction"},{"code":"batch"}]}]}`

func (f *fakeServer) handle(w http.ResponseWriter, r *http.Request) {
	if f.down.Load() {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	if f.auth != nil && !f.auth(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="fhir"`)
		// Some servers echo what they refused; the loader must not print it.
		writeOutcome(w, http.StatusUnauthorized, "bearer token not accepted: "+r.Header.Get("Authorization"))
		return
	}
	if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/metadata") {
		w.Header().Set("Content-Type", "application/fhir+json")
		io.WriteString(w, capabilityR4)
		return
	}
	if r.Method == http.MethodGet {
		typ := strings.TrimPrefix(r.URL.Path, "/fhir/")
		if r.URL.Query().Get("_summary") != "count" {
			writeOutcome(w, 400, "only _summary=count searches")
			return
		}
		fmt.Fprintf(w, `{"resourceType":"Bundle","type":"searchset","total":%d}`, f.count(typ))
		return
	}
	body, _ := io.ReadAll(r.Body)
	n := f.posts.Add(1)
	if f.fault != nil {
		if status, ra, text := f.fault(n, body); status != 0 {
			if ra != "" {
				w.Header().Set("Retry-After", ra)
			}
			writeOutcome(w, status, text)
			return
		}
	}
	if r.Header.Get("Content-Type") != "application/fhir+json" {
		writeOutcome(w, 415, "want application/fhir+json")
		return
	}
	var b struct {
		ResourceType string `json:"resourceType"`
		Type         string `json:"type"`
		Entry        []struct {
			FullURL  string         `json:"fullUrl"`
			Resource map[string]any `json:"resource"`
			Request  struct{ Method, URL string }
		} `json:"entry"`
	}
	if err := json.Unmarshal(body, &b); err != nil || b.ResourceType != "Bundle" || b.Type != "transaction" {
		writeOutcome(w, 400, fmt.Sprintf("not a transaction Bundle (%v)", err))
		return
	}
	full := map[string]string{} // fullUrl -> Type/id
	batch := map[string]json.RawMessage{}
	for i, e := range b.Entry {
		typ, _ := e.Resource["resourceType"].(string)
		id, _ := e.Resource["id"].(string)
		if e.Request.Method != "PUT" || e.Request.URL != typ+"/"+id {
			writeOutcome(w, 400, fmt.Sprintf("entry %d: %s %s for %s/%s", i, e.Request.Method, e.Request.URL, typ, id))
			return
		}
		if e.FullURL != "" {
			full[e.FullURL] = typ + "/" + id
		}
		raw, _ := json.Marshal(e.Resource)
		batch[typ+"/"+id] = raw
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, e := range b.Entry {
		var refs []string
		collectRefs(e.Resource, &refs)
		for _, ref := range refs {
			target := ref
			if strings.HasPrefix(ref, "urn:uuid:") {
				if target = full[ref]; target == "" {
					writeOutcome(w, 400, fmt.Sprintf("entry %d: %s is not in the transaction", i, ref))
					return
				}
			}
			if _, ok := batch[target]; !ok {
				if _, ok := f.store[target]; !ok {
					writeOutcome(w, 400, fmt.Sprintf("entry %d: reference %s: resource not found (referential integrity)", i, ref))
					return
				}
			}
		}
	}
	var resp strings.Builder
	resp.WriteString(`{"resourceType":"Bundle","type":"transaction-response","entry":[`)
	for i, e := range b.Entry {
		key := e.Request.URL
		status := "201 Created"
		if _, ok := f.store[key]; ok {
			status = "200 OK"
		}
		f.store[key] = batch[key]
		f.log = append(f.log, key)
		if i > 0 {
			resp.WriteString(",")
		}
		fmt.Fprintf(&resp, `{"response":{"status":%q,"location":"%s/_history/1"}}`, status, key)
	}
	resp.WriteString("]}")
	w.Header().Set("Content-Type", "application/fhir+json")
	io.WriteString(w, resp.String())
}
