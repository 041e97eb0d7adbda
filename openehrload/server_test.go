package openehrload_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// testServer implements the openEHR REST API calls the loader makes, as the
// specification (ITS-REST 1.0.x) describes them, with EHRbase's extra rule
// that a composition's uid must carry the server's system id:
//
//	GET  /definition/template/adl1.4            200, [{"template_id": …}]
//	POST /definition/template/adl1.4            201; 409 if the template exists
//	PUT  /ehr/{ehr_id}                          201; 409 if the EHR exists
//	GET  /ehr/{ehr_id}/composition/{uuid}       200; 404 if absent
//	POST /ehr/{ehr_id}/composition              201; 404 no EHR; 400 unknown template
//	                                            or bad JSON; 412 foreign system id;
//	                                            409 uid already used
//
// failEvery > 0 answers every failEvery-th request 503 with Retry-After: 0
// before doing anything. With token set, every request must carry
// "Authorization: Bearer <token>" or is answered 401 with a body that
// echoes what was sent (as some servers do). With down set, the server
// drops every connection without an answer, as a stopped server behind a
// kept-alive connection would.
type testServer struct {
	systemID  string
	failEvery int
	token     string
	down      atomic.Bool
	seen      atomic.Int64 // requests seen, down or not

	mu        sync.Mutex
	requests  int
	failed    int
	templates map[string]bool
	ehrs      map[string]string            // ehr_id → EHR_STATUS subject id
	comps     map[string]map[string]string // ehr_id → uuid → template id
	posts     int                          // compositions stored
}

func newTestServer(t *testing.T, systemID string, failEvery int) (*testServer, string) {
	s := &testServer{systemID: systemID, failEvery: failEvery, templates: map[string]bool{},
		ehrs: map[string]string{}, comps: map[string]map[string]string{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv.URL + "/ehrbase/rest/openehr/v1"
}

// writes is the number of templates, EHRs and compositions stored.
func (s *testServer) writes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.templates) + len(s.ehrs) + s.posts
}

var (
	templateIDRe = regexp.MustCompile(`<template_id>\s*<value>([^<]+)</value>`)
	ehrPath      = regexp.MustCompile(`^/ehr/([0-9a-f-]{36})$`)
	compPath     = regexp.MustCompile(`^/ehr/([0-9a-f-]{36})/composition(?:/([0-9a-f-]{36}))?$`)
)

func (s *testServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.seen.Add(1)
	if s.down.Load() {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.token != "" && r.Header.Get("Authorization") != "Bearer "+s.token {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		json.NewEncoder(w).Encode(map[string]string{"error": "Unauthorized", "message": "not accepted: " + r.Header.Get("Authorization")})
		return
	}
	s.requests++
	if s.failEvery > 0 && s.requests%s.failEvery == 0 {
		s.failed++
		w.Header().Set("Retry-After", "0")
		http.Error(w, "injected failure", http.StatusServiceUnavailable)
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, "/ehrbase/rest/openehr/v1")
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	switch {
	case path == "/definition/template/adl1.4" && r.Method == http.MethodGet:
		list := []map[string]string{}
		for id := range s.templates {
			list = append(list, map[string]string{"template_id": id})
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(list)
	case path == "/definition/template/adl1.4" && r.Method == http.MethodPost:
		m := templateIDRe.FindSubmatch(body)
		if m == nil || r.Header.Get("Content-Type") != "application/xml" {
			http.Error(w, "not an OPT", http.StatusBadRequest)
			return
		}
		if s.templates[string(m[1])] {
			http.Error(w, "template exists", http.StatusConflict)
			return
		}
		s.templates[string(m[1])] = true
		w.WriteHeader(http.StatusCreated)
	case ehrPath.MatchString(path) && r.Method == http.MethodPut:
		id := ehrPath.FindStringSubmatch(path)[1]
		var st struct {
			Type    string `json:"_type"`
			Subject struct {
				Ref struct {
					ID struct {
						Value string `json:"value"`
					} `json:"id"`
				} `json:"external_ref"`
			} `json:"subject"`
		}
		if json.Unmarshal(body, &st) != nil || st.Type != "EHR_STATUS" {
			http.Error(w, "not an EHR_STATUS", http.StatusBadRequest)
			return
		}
		if _, ok := s.ehrs[id]; ok {
			http.Error(w, "EHR exists", http.StatusConflict)
			return
		}
		s.ehrs[id] = st.Subject.Ref.ID.Value
		s.comps[id] = map[string]string{}
		w.WriteHeader(http.StatusCreated)
	case compPath.MatchString(path):
		m := compPath.FindStringSubmatch(path)
		comps, ok := s.comps[m[1]]
		if !ok {
			http.Error(w, "no such EHR", http.StatusNotFound)
			return
		}
		switch {
		case r.Method == http.MethodGet && m[2] != "":
			if _, ok := comps[m[2]]; !ok {
				http.Error(w, "no such composition", http.StatusNotFound)
				return
			}
			w.WriteHeader(http.StatusOK)
		case r.Method == http.MethodPost && m[2] == "":
			var c struct {
				Type string `json:"_type"`
				UID  struct {
					Value string `json:"value"`
				} `json:"uid"`
				Details struct {
					Template struct {
						Value string `json:"value"`
					} `json:"template_id"`
				} `json:"archetype_details"`
			}
			if json.Unmarshal(body, &c) != nil || c.Type != "COMPOSITION" {
				http.Error(w, "not a composition", http.StatusBadRequest)
				return
			}
			if !s.templates[c.Details.Template.Value] {
				http.Error(w, "unknown template", http.StatusBadRequest)
				return
			}
			parts := strings.Split(c.UID.Value, "::")
			if len(parts) != 3 || parts[1] != s.systemID {
				http.Error(w, "Mismatch of creating_system_id", http.StatusPreconditionFailed)
				return
			}
			if _, dup := comps[parts[0]]; dup {
				http.Error(w, "uid in use", http.StatusConflict)
				return
			}
			comps[parts[0]] = c.Details.Template.Value
			s.posts++
			w.WriteHeader(http.StatusCreated)
		default:
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		}
	default:
		http.NotFound(w, r)
	}
}

func (s *testServer) counts() (ehrs, comps, posts int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.comps {
		comps += len(c)
	}
	return len(s.ehrs), comps, s.posts
}
