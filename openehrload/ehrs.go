package openehrload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// loadEHRs loads every EHR not yet done, Concurrency at a time. A refusal
// of the credentials, or MaxFailures failed EHRs, cancels the rest with
// that cause (as the breaker does when the server is gone).
func (l *loader) loadEHRs(ctx context.Context, cancel context.CancelCauseFunc, root string, ehrs []ehr, st *state, stderr io.Writer) error {
	jobs := make(chan int)
	var wg sync.WaitGroup
	var firstErr error
	var mu sync.Mutex
	failures := 0
	for range l.opt.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				err := l.loadEHR(ctx, root, ehrs[i])
				mu.Lock()
				if err == nil {
					st.markDone(i)
					st.maybeSave()
				} else if ctx.Err() == nil {
					failures++
					l.add(func(s *Summary) { s.EHRsFailed++ })
					fmt.Fprintf(stderr, "EHR %s: %v\n", ehrs[i].ID, err)
					switch {
					case firstErr != nil:
					case errors.Is(err, ErrAuth):
						firstErr = err // every other EHR would be refused the same way
						cancel(err)
					case failures >= l.opt.MaxFailures:
						firstErr = fmt.Errorf("stopped after %d failed EHRs (last: %w)", failures, err)
						cancel(firstErr)
					}
				}
				mu.Unlock()
			}
		}()
	}
	last := time.Now()
feed:
	for i := range ehrs {
		if st.isDone(i) {
			l.add(func(s *Summary) { s.EHRsSkipped++ })
			continue
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
		if time.Since(last) > 2*time.Second {
			last = time.Now()
			mu.Lock()
			fmt.Fprintf(stderr, "loaded %d of %d EHRs\n", st.doneCount(), len(ehrs))
			mu.Unlock()
		}
	}
	close(jobs)
	wg.Wait()
	return firstErr
}

// loadEHR creates one EHR and posts its compositions.
func (l *loader) loadEHR(ctx context.Context, root string, e ehr) error {
	comps, err := compositionsOf(root, e)
	if err != nil {
		return err
	}
	status, err := l.do(ctx, http.MethodPut, "/ehr/"+e.ID, "application/json", e.Status, http.StatusCreated, http.StatusOK, http.StatusNoContent, http.StatusConflict)
	if err != nil {
		return err
	}
	existed := status == http.StatusConflict
	if existed {
		l.add(func(s *Summary) { s.EHRsPresent++ })
	} else {
		l.add(func(s *Summary) { s.EHRsCreated++ })
	}
	for _, c := range comps {
		uuid, body, err := compositionUID(c, l.opt.SystemID)
		if err != nil {
			return fmt.Errorf("%s: %w", e.File, err)
		}
		if existed {
			// 200: there; 204: there and deleted (left deleted); 404: absent.
			st, err := l.do(ctx, http.MethodGet, "/ehr/"+e.ID+"/composition/"+uuid, "", nil, http.StatusOK, http.StatusNoContent, http.StatusNotFound)
			if err != nil {
				return err
			}
			if st != http.StatusNotFound {
				l.add(func(s *Summary) { s.CompositionsPresent++ })
				continue
			}
		}
		st, err := l.do(ctx, http.MethodPost, "/ehr/"+e.ID+"/composition", "application/json", body, http.StatusCreated, http.StatusOK, http.StatusNoContent, http.StatusConflict)
		if err != nil {
			return fmt.Errorf("composition %s: %w", uuid, err)
		}
		if st == http.StatusConflict {
			l.add(func(s *Summary) { s.CompositionsPresent++ })
		} else {
			l.add(func(s *Summary) { s.CompositionsCreated++ })
		}
	}
	return nil
}
