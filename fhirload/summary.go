package fhirload

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/code4health/cohortgen/internal/httpload"
)

// printSummary writes the end of a load to w: counts, rate, shared
// resources, retries by cause and every failure.
func (l *loader) printSummary(w io.Writer) {
	s := &l.sum
	fmt.Fprintf(w, "loaded %s from %s into %s: %d units loaded, %d skipped (already done), %d failed, of %d; %d entries; %d requests, %d retries; %s\n",
		s.Format, l.opt.Dir, l.opt.Server, s.Done, s.Skipped, s.Failed, s.Units, s.Entries(), s.Requests, s.Retries, s.Elapsed.Round(time.Millisecond))
	types := make([]string, 0, len(s.Types))
	for t := range s.Types {
		types = append(types, t)
	}
	sort.Slice(types, func(i, j int) bool {
		if ri, rj := typeRank(types[i]), typeRank(types[j]); ri != rj {
			return ri < rj
		}
		return types[i] < types[j]
	})
	if len(types) > 0 {
		fmt.Fprintf(w, "%-20s %10s %10s %10s\n", "resourceType", "created", "updated", "failed")
		for _, t := range types {
			c := s.Types[t]
			fmt.Fprintf(w, "%-20s %10d %10d %10d\n", t, c.Created, c.Updated, c.Failed)
		}
	}
	if secs := s.Elapsed.Seconds(); secs > 0 && s.Entries() > 0 {
		fmt.Fprintf(w, "rate: %.0f resources/s\n", float64(s.Entries())/secs)
	}
	if len(s.Shared) > 0 {
		var parts []string
		for _, t := range sortedKeys(boolKeys(s.Shared)) {
			parts = append(parts, fmt.Sprintf("%d %s", s.Shared[t], t))
		}
		fmt.Fprintf(w, "shared resources, loaded once each before the patients' data and taken out of their Bundles: %s\n", strings.Join(parts, ", "))
	}
	httpload.WriteCauses(w, s.RetryCauses)
	if len(s.Errors) > 0 {
		fmt.Fprintf(w, "failures (%d):\n", len(s.Errors))
		for _, e := range s.Errors {
			fmt.Fprintf(w, "  %s\n", e)
		}
	}
}

func boolKeys(m map[string]int) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
