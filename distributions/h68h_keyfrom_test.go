package distributions

import "testing"

// TestKeyFromContinuesKey checks that hashing a key's first parts once and
// the rest from it (KeyFrom, StreamFrom) gives Key's and NewStream's values.
func TestKeyFromContinuesKey(t *testing.T) {
	parts := []uint64{83, 19999, 41, 2024, 0, 1 << 63}
	for cut := 0; cut <= len(parts); cut++ {
		if got, want := KeyFrom(Key(parts[:cut]...), parts[cut:]...), Key(parts...); got != want {
			t.Fatalf("cut at %d: KeyFrom %x, Key %x", cut, got, want)
		}
		a, b := StreamFrom(Key(parts[:cut]...), parts[cut:]...), NewStream(parts...)
		if a.Uint64() != b.Uint64() {
			t.Fatalf("cut at %d: StreamFrom draws differ from NewStream's", cut)
		}
	}
}
