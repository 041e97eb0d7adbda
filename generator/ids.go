package generator

import "github.com/code4health/cohortgen/distributions"

const hexDigits = "0123456789abcdef"

// hexPairs maps a byte to its two lower-case hex digits.
var hexPairs = func() (t [256][2]byte) {
	for i := range t {
		t[i] = [2]byte{hexDigits[i>>4], hexDigits[i&0xf]}
	}
	return
}()

// newUUID draws a random (version 4, RFC 9562) UUID from the stream and
// formats it into dst, returning the extended slice.
func appendUUID(dst []byte, s *distributions.Stream) []byte {
	hi, lo := s.Uint64(), s.Uint64()
	hi = hi&^(0xf<<12) | 0x4<<12 // version 4
	lo = lo&^(0x3<<62) | 0x2<<62 // variant 10
	var b [16]byte
	for k := 0; k < 8; k++ {
		b[k] = byte(hi >> (56 - 8*k))
		b[8+k] = byte(lo >> (56 - 8*k))
	}
	var out [36]byte
	j := 0
	for k, v := range b {
		if k == 4 || k == 6 || k == 8 || k == 10 {
			out[j] = '-'
			j++
		}
		h := hexPairs[v]
		out[j], out[j+1] = h[0], h[1]
		j += 2
	}
	return append(dst, out[:]...)
}

// idMaker mints a patient's record ids from the patient's id stream. The ids
// are carved from one shared byte arena per batch, so minting allocates only
// when the arena fills.
type idMaker struct {
	s     distributions.Stream
	arena *[]byte
}

func (m *idMaker) next() string {
	const n = 36
	buf := *m.arena
	if cap(buf)-len(buf) < n {
		buf = make([]byte, 0, 64<<10)
	}
	start := len(buf)
	buf = appendUUID(buf, &m.s)
	*m.arena = buf
	return bytesToString(buf[start : start+n])
}
