package models

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"strings"
)

// ID is a record's id: a UUID held as two integers and written as the usual
// 36 characters (8-4-4-4-12 lower-case hex digits) only by the writers
// (Parquet, Arrow, FHIR, openEHR). The zero ID is no id: it is written as the
// empty string, which the tabular writers take for null in optional columns.
//
// The generator makes a patient's row ids from the patient's UUID, a table
// tag and a sequence number (generator/ids.go); carried as integers, a row id
// costs no memory of its own and the writers format it straight into their
// buffers. In the `parquet` tags an ID field is a string column.
//
// parquet-go's reflection (GenericReader, as audit and stats read the
// tables) does not read a string column into an ID: it leaves the field zero
// without an error. Neither reads these ids today; a reader that needs them
// must read the column as a string and ParseID it.
type ID struct {
	Hi, Lo uint64 // the UUID's first and last eight bytes, big-endian
}

// IDLen is the length of a formatted ID.
const IDLen = 36

// IDFromBytes returns the ID of a 16-byte UUID.
func IDFromBytes(b [16]byte) ID {
	return ID{Hi: binary.BigEndian.Uint64(b[:8]), Lo: binary.BigEndian.Uint64(b[8:])}
}

// IsZero reports whether id is the zero ID (no id).
func (id ID) IsZero() bool { return id == ID{} }

// hexPairs maps a byte to its two lower-case hex digits.
var hexPairs = func() (t [256][2]byte) {
	const digits = "0123456789abcdef"
	for i := range t {
		t[i] = [2]byte{digits[i>>4], digits[i&0xf]}
	}
	return
}()

// Put writes the formatted ID into b (the zero ID too: all zeros).
func (id ID) Put(b *[IDLen]byte) {
	for k := 0; k < 8; k++ {
		h := hexPairs[byte(id.Hi>>(56-8*k))]
		at := hexAt[k]
		b[at], b[at+1] = h[0], h[1]
		h = hexPairs[byte(id.Lo>>(56-8*k))]
		at = hexAt[8+k]
		b[at], b[at+1] = h[0], h[1]
	}
	b[8], b[13], b[18], b[23] = '-', '-', '-', '-'
}

// AppendFrom appends the formatted ID's characters from position from on
// (0 to IDLen), as AppendTo's output[from:] but writing only what is
// appended when that lies in the last group: the Parquet writer appends
// each id's difference from the id before, which a patient's row ids keep
// to their last few characters (generator/ids.go).
func (id ID) AppendFrom(dst []byte, from int) []byte {
	if from >= 24 { // the last group: the low 48 bits of Lo
		var b [12]byte
		for k := 0; k < 6; k++ {
			h := hexPairs[byte(id.Lo>>(40-8*k))]
			b[2*k], b[2*k+1] = h[0], h[1]
		}
		return append(dst, b[from-24:]...)
	}
	var b [IDLen]byte
	id.Put(&b)
	return append(dst, b[from:]...)
}

// hexAt is where each of the UUID's 16 bytes starts in the formatted ID.
var hexAt = [16]int{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34}

// AppendTo appends the formatted ID to dst; nothing for the zero ID.
func (id ID) AppendTo(dst []byte) []byte {
	if id.IsZero() {
		return dst
	}
	var b [IDLen]byte
	id.Put(&b)
	return append(dst, b[:]...)
}

// String returns the formatted ID; "" for the zero ID.
func (id ID) String() string {
	if id.IsZero() {
		return ""
	}
	var b [IDLen]byte
	id.Put(&b)
	return string(b[:])
}

// CommonPrefix returns the number of leading characters the formatted a and
// b share, from the integers (the zero ID is the empty string).
func CommonPrefix(a, b ID) int {
	if a.IsZero() || b.IsZero() {
		return 0
	}
	var nibbles int // leading hex digits in common
	if x := a.Hi ^ b.Hi; x != 0 {
		nibbles = bits.LeadingZeros64(x) / 4
	} else if x := a.Lo ^ b.Lo; x != 0 {
		nibbles = 16 + bits.LeadingZeros64(x)/4
	} else {
		return IDLen
	}
	// The dashes stand after hex digits 8, 12, 16 and 20, the same in both.
	n := nibbles
	for _, d := range [...]int{8, 12, 16, 20} {
		if nibbles >= d {
			n++
		}
	}
	return n
}

// Less orders IDs as their formatted strings order (the zero ID, "", first).
func (id ID) Less(o ID) bool {
	return id.Hi < o.Hi || (id.Hi == o.Hi && id.Lo < o.Lo)
}

// ParseID reads a formatted ID; "" is the zero ID.
func ParseID(s string) (ID, error) {
	if s == "" {
		return ID{}, nil
	}
	if len(s) != IDLen || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return ID{}, errors.New("models: not a UUID: " + s)
	}
	var v [2]uint64
	j := 0
	for i := 0; i < IDLen; i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			continue
		}
		d := strings.IndexByte("0123456789abcdef", s[i])
		if d < 0 {
			return ID{}, errors.New("models: not a lower-case UUID: " + s)
		}
		v[j/16] = v[j/16]<<4 | uint64(d)
		j++
	}
	return ID{Hi: v[0], Lo: v[1]}, nil
}

// MarshalText writes the formatted ID (empty for the zero ID), so JSON holds
// the same string a string field held.
func (id ID) MarshalText() ([]byte, error) { return id.AppendTo(nil), nil }

// UnmarshalText reads a formatted ID.
func (id *ID) UnmarshalText(b []byte) error {
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}
