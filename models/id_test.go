package models

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// randomIDs draws ids in runs that share their leading digits (as a
// patient's row ids do), with the zero ID and repeats among them.
func randomIDs(r *rand.Rand, n int) []ID {
	out := make([]ID, 0, n)
	for len(out) < n {
		switch k := r.IntN(6); {
		case k == 0:
			out = append(out, ID{})
		case k == 1 && len(out) > 0:
			out = append(out, out[len(out)-1])
		default:
			base := ID{Hi: r.Uint64(), Lo: r.Uint64()}
			for range 1 + r.IntN(5) {
				bits := r.IntN(129) // how many low bits differ
				id := base
				switch {
				case bits > 64:
					id.Hi ^= r.Uint64() & (1<<(bits-64) - 1)
					id.Lo = r.Uint64()
				case bits > 0:
					id.Lo ^= r.Uint64() & (1<<bits - 1)
				}
				out = append(out, id)
			}
		}
	}
	return out[:n]
}

func TestIDFormatsAsUUID(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, id := range randomIDs(r, 5000) {
		want := ""
		if !id.IsZero() {
			want = fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", id.Hi>>32, id.Hi>>16&0xffff, id.Hi&0xffff, id.Lo>>48, id.Lo&(1<<48-1))
		}
		if got := id.String(); got != want {
			t.Fatalf("%#v: String %q, want %q", id, got, want)
		}
		if got := string(id.AppendTo([]byte("x"))); got != "x"+want {
			t.Fatalf("%#v: AppendTo %q, want %q", id, got, "x"+want)
		}
		back, err := ParseID(want)
		if err != nil || back != id {
			t.Fatalf("ParseID(%q) = %#v, %v; want %#v", want, back, err, id)
		}
		js, err := json.Marshal(struct{ ID ID }{id})
		if err != nil || string(js) != `{"ID":"`+want+`"}` {
			t.Fatalf("json %s, %v; want the string %q", js, err, want)
		}
		var v struct{ ID ID }
		if err := json.Unmarshal(js, &v); err != nil || v.ID != id {
			t.Fatalf("json back %#v, %v; want %#v", v.ID, err, id)
		}
	}
	for _, bad := range []string{"x", strings.Repeat("0", 36), "0000000-00000-0000-0000-000000000000", "0000000A-0000-0000-0000-000000000000"} {
		if _, err := ParseID(bad); err == nil {
			t.Errorf("ParseID(%q): no error", bad)
		}
	}
}

// TestCommonPrefixAndOrderMatchStrings checks the integer shortcuts the
// writers take against the formatted strings.
func TestCommonPrefixAndOrderMatchStrings(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	ids := randomIDs(r, 20000)
	for i := 1; i < len(ids); i++ {
		a, b := ids[i-1], ids[i]
		sa, sb := a.String(), b.String()
		p := 0
		for p < len(sa) && p < len(sb) && sa[p] == sb[p] {
			p++
		}
		if got := CommonPrefix(a, b); got != p {
			t.Fatalf("CommonPrefix(%q, %q) = %d, want %d", sa, sb, got, p)
		}
		if a.Less(b) != (sa < sb) {
			t.Fatalf("%q.Less(%q) = %v", sa, sb, a.Less(b))
		}
	}
}

// TestAppendFromIsTheFormattedTail checks AppendFrom against the formatted
// id's tail at every position, on ids that differ in their last digits only
// (the Parquet writer's common case) and anywhere.
func TestAppendFromIsTheFormattedTail(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, id := range randomIDs(r, 2000) {
		if id.IsZero() {
			continue
		}
		full := id.String()
		for from := 0; from <= IDLen; from++ {
			got := string(id.AppendFrom([]byte("x"), from))
			if want := "x" + full[from:]; got != want {
				t.Fatalf("%s.AppendFrom(%d) = %q, want %q", full, from, got, want)
			}
		}
	}
}
