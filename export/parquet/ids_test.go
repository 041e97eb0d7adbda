package parquet

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/code4health/cohortgen/models"
)

// idRows draws n strings of the shapes neighbourBounds must order: runs that
// share long prefixes and rise, fall or repeat (the same Go string, or an
// equal copy), values that are prefixes of their neighbours, short and empty
// strings, and bytes above 0x7f (strings compare as unsigned bytes).
func idRows(r *rand.Rand, n int) []string {
	alphabet := []string{"a", "b", "z", "\x00", "\xff", "0", "9"}
	word := func(k int) string {
		var sb strings.Builder
		for range k {
			sb.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		return sb.String()
	}
	out := make([]string, 0, n)
	for len(out) < n {
		switch k := r.IntN(8); {
		case k == 0 && len(out) > 0:
			out = append(out, out[len(out)-1]) // the same string
		case k == 1 && len(out) > 0:
			out = append(out, strings.Clone(out[len(out)-1])) // an equal copy
		case k == 2 && len(out) > 0:
			prev := out[len(out)-1]
			out = append(out, prev[:r.IntN(len(prev)+1)]) // a prefix of the one before
		case k == 3 && len(out) > 0:
			out = append(out, out[len(out)-1]+word(1+r.IntN(3))) // longer
		default:
			base := word(r.IntN(12))
			for range 1 + r.IntN(6) {
				out = append(out, base+word(r.IntN(4))) // a run sharing base
			}
		}
	}
	return out[:n]
}

// TestPrefixedStringsBoundsAndValues feeds id-like strings through the id
// column's page and checks the page's bounds against a plain minimum and
// maximum, and that prefix lengths and rests rebuild every value.
func TestPrefixedStringsBoundsAndValues(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 5))
	var b prefixedStrings
	for trial := range 2000 {
		rows := idRows(r, 1+r.IntN(40))
		b.reset()
		b.appendRows(unsafe.Pointer(unsafe.SliceData(rows)), unsafe.Sizeof(""), len(rows), nil)
		lo, hi, ok := b.bounds(nil, nil)
		if !ok || string(lo) != slices.Min(rows) || string(hi) != slices.Max(rows) {
			t.Fatalf("trial %d: bounds %q..%q (ok %v), rows %q have %q..%q", trial, lo, hi, ok, rows, slices.Min(rows), slices.Max(rows))
		}
		prev, data := "", b.data
		for i, want := range rows {
			p, k := int(b.prefix[i]), int(b.suffix[i])
			got := prev[:p] + string(data[:k])
			data = data[k:]
			if got != want {
				t.Fatalf("trial %d row %d: rebuilt %q, want %q", trial, i, got, want)
			}
			prev = got
		}
	}
}

// TestIDValuesMatchStrings writes ids held as integers (idValues) and the
// same ids formatted (prefixedStrings) and expects the same page bytes,
// bounds and nulls, in a required and a nullable column: the integer path
// must not change a byte of the files.
func TestIDValuesMatchStrings(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 6))
	for trial := range 500 {
		n := 1 + r.IntN(60)
		ids := make([]models.ID, 0, n)
		for len(ids) < n {
			switch k := r.IntN(8); {
			case k == 0:
				ids = append(ids, models.ID{})
			case k == 1 && len(ids) > 0:
				ids = append(ids, ids[len(ids)-1])
			default: // a patient's rows: the patient's id, its last 48 bits replaced
				p := models.ID{Hi: r.Uint64(), Lo: r.Uint64()}
				for range 1 + r.IntN(8) {
					ids = append(ids, models.ID{Hi: p.Hi, Lo: p.Lo&^(1<<48-1) | r.Uint64N(1<<48)})
				}
			}
		}
		ids = ids[:n]
		strs := make([]string, n)
		for i, id := range ids {
			strs[i] = id.String()
		}
		for _, nullable := range []bool{false, true} {
			want := prefixedStrings{nullable: nullable}
			got := idValues{nullable: nullable}
			wantDefs, gotDefs := make([]uint8, n), make([]uint8, n)
			wn := want.appendRows(unsafe.Pointer(unsafe.SliceData(strs)), unsafe.Sizeof(""), n, wantDefs)
			gn := got.appendRows(unsafe.Pointer(unsafe.SliceData(ids)), unsafe.Sizeof(models.ID{}), n, gotDefs)
			if wn != gn || !slices.Equal(wantDefs, gotDefs) {
				t.Fatalf("trial %d nullable %v: %d nulls %v, want %d %v", trial, nullable, gn, gotDefs, wn, wantDefs)
			}
			if w, g := want.encode(nil), got.encode(nil); !slices.Equal(w, g) {
				t.Fatalf("trial %d nullable %v: page %q, want %q (ids %q)", trial, nullable, g, w, strs)
			}
			wlo, whi, wok := want.bounds(nil, nil)
			glo, ghi, gok := got.bounds(nil, nil)
			if wok != gok || string(wlo) != string(glo) || string(whi) != string(ghi) {
				t.Fatalf("trial %d nullable %v: bounds %q..%q %v, want %q..%q %v", trial, nullable, glo, ghi, gok, wlo, whi, wok)
			}
		}
	}
}
