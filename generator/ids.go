package generator

import (
	"strings"

	"github.com/code4health/cohortgen/distributions"
	"github.com/code4health/cohortgen/models"
)

// Ids. A patient's id is a random version-4 UUID drawn from the patient's id
// stream. Every row id of that patient (conditions, encounters,
// prescriptions, observations) keeps the patient's first 24 characters
// (which carry the version and variant, and 92 random bits) and ends in a
// table tag and a sequence number:
//
//	patient       3f0c5a1e-8b2d-4e71-a9c4-5d8e2b7f0a13
//	its encounter 3f0c5a1e-8b2d-4e71-a9c4-200000000007
//
// Row ids are therefore unique across a dataset, well-formed UUIDs (so they
// serve as FHIR urn:uuid fullUrls), cheap to make, compressible in columnar
// files, and tell a reader which patient a row belongs to.

const hexDigits = "0123456789abcdef"

// hexPairs maps a byte to its two lower-case hex digits.
var hexPairs = func() (t [256][2]byte) {
	for i := range t {
		t[i] = [2]byte{hexDigits[i>>4], hexDigits[i&0xf]}
	}
	return
}()

// Table tags: the first hex digit of a row id's last group.
const (
	tagCondition    = 1
	tagEncounter    = 2
	tagPrescription = 3
	tagObservation  = 4
	tagImmunisation = 5
	tagAllergy      = 6
	// Registrations take no sequence number: a patient's earlier one is
	// 0 and the current one 1, so both keep their ids at every as-of date
	// and no other row's id moves.
	tagRegistration = 7
)

// drawUUID draws a random (version 4, RFC 9562) UUID from the stream.
func drawUUID(s *distributions.Stream) models.ID {
	hi, lo := s.Uint64(), s.Uint64()
	hi = hi&^(0xf<<12) | 0x4<<12 // version 4
	lo = lo&^(0x3<<62) | 0x2<<62 // variant 10
	return models.ID{Hi: hi, Lo: lo}
}

// appendUUID draws a random UUID from the stream and formats it onto dst.
func appendUUID(dst []byte, s *distributions.Stream) []byte {
	return drawUUID(s).AppendTo(dst)
}

// idMaker mints one patient's ids. The tables whose own ids no other row
// refers to (observations, prescriptions, immunisations, allergies,
// registrations) take them as integers (models.ID, rowID): the patient's
// UUID with the tag and number in its last 48 bits, formatted only by the
// writers. The other ids are still strings, carved from arenas, one
// per table tag (patients' own ids under tag 0): strings.Builders that are
// only ever appended to and, when full, replaced by new ones, so earlier ids
// stay valid (sinks keep rows across batches, sink.PartWriter). A Builder
// grows without zeroing its memory, which a make([]byte) arena paid for on
// every block only to write over it.
//
// One arena per table because writers read ids table by table: the Parquet
// encoder reads every id it writes (the prefix it shares with the one
// before), and with all tables' ids interleaved in one arena each table's
// pass fetched cache lines that mostly held other tables' ids, so each line
// came from memory several times over.
type idMaker struct {
	pid    models.ID // the patient's id
	arenas [numTags]strings.Builder
	id     [uuidLen]byte // the id being written: the patient's prefix, then the row's tag and number
	seq    uint64
}

// numTags is one more than the highest table tag.
const numTags = tagRegistration + 1

const uuidLen = 36

// arenaBlock is the size of an arena's blocks, about 1,800 ids (twenty
// patients' encounters). Blocks of 256 KiB and 1 MiB (with a single arena)
// measured no faster and took 1.5-2.3 times the page faults: the collector
// hands large freed blocks back to the system and they fault in again.
const arenaBlock = 64 << 10

// add copies the id being written into the tag's arena and returns it.
func (m *idMaker) add(tag uint64) string {
	a := &m.arenas[tag]
	if a.Cap()-a.Len() < uuidLen {
		*a = strings.Builder{} // never reuse: the full block's ids are still in use
		a.Grow(arenaBlock)
	}
	a.Write(m.id[:])
	s := a.String()
	return s[len(s)-uuidLen:]
}

// patient draws the patient's UUID from the stream and makes it the prefix
// of the patient's row ids.
func (m *idMaker) patient(s *distributions.Stream) string {
	m.pid = drawUUID(s)
	m.pid.Put(&m.id)
	m.seq = 0
	return m.add(0)
}

// rowID returns the next row id with the table tag, as integers: the same
// id row would format.
func (m *idMaker) rowID(tag uint64) models.ID {
	m.seq++
	return m.numberedID(tag, m.seq-1)
}

// numberedID returns the row id with the table tag and sequence number n,
// as integers: the patient's id with its last 12 hex digits replaced.
func (m *idMaker) numberedID(tag, n uint64) models.ID {
	const low48 = 1<<48 - 1
	return models.ID{Hi: m.pid.Hi, Lo: m.pid.Lo&^low48 | (tag<<44|n)&low48}
}

// reservedID is a row id taken before its row is written, with its sequence
// number (which picks, for instance, a GP encounter's practitioner).
type reservedID struct {
	id  string
	seq uint64
}

// reserve takes the next row id of the table tag for a row written later.
func (m *idMaker) reserve(tag uint64) reservedID {
	seq := m.seq
	return reservedID{m.row(tag), seq}
}

// take takes the next row id's sequence number, its id formatted later
// (numbered) if the row is kept.
func (m *idMaker) take() uint64 {
	m.seq++
	return m.seq - 1
}

// row returns the next row id with the table tag.
func (m *idMaker) row(tag uint64) string {
	m.seq++
	return m.numbered(tag, m.seq-1)
}

// numbered returns the row id with the table tag and sequence number n: the
// patient's first 24 characters (already in m.id), then 12 hex digits.
func (m *idMaker) numbered(tag, n uint64) string {
	v := tag<<44 | n
	for k := uuidLen - 2; k >= 24; k -= 2 { // two digits at a time
		h := hexPairs[v&0xff]
		m.id[k], m.id[k+1] = h[0], h[1]
		v >>= 8
	}
	return m.add(tag)
}

// sameRowID reports whether a and b are the same id. A person's row ids share
// their first 24 characters, so the last one is compared first: most
// comparisons then end there instead of after 24 equal bytes. The scans of a
// person's rows for an encounter or condition id use it (stop 57: == on those
// ids was 4% of the CPU, in memeqbody).
func sameRowID(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	if n := len(a); n > 0 && a[n-1] != b[n-1] {
		return false
	}
	return a == b
}

// sameCode reports whether two codes are the same: sameRowID's compare, last
// byte first, since two SNOMED CT codes of one length mostly differ in their
// last digit (a check digit) and == compares the whole string first
// (memeqbody; stop 63: 0.8% of the CPU in readingsOf alone).
func sameCode(a, b string) bool { return sameRowID(a, b) }

// hasRowID reports whether ids holds id, compared by sameRowID (slices.Contains
// compares the shared 24 bytes first: 0.5% of the CPU in ladderContacts, stop 59).
func hasRowID(ids []string, id string) bool {
	for _, x := range ids {
		if sameRowID(x, id) {
			return true
		}
	}
	return false
}

// rowSeq is the sequence number of a row id made by idMaker.row (the last
// 11 hex digits); -1 for any other string.
func rowSeq(id string) int {
	if len(id) != uuidLen {
		return -1
	}
	n, bad := 0, uint8(0)
	for i := uuidLen - 11; i < uuidLen; i++ {
		v := hexValues[id[i]]
		bad |= v
		n = n<<4 | int(v&0xf)
	}
	if bad&0x80 != 0 {
		return -1
	}
	return n
}

// hexValues maps a lower-case hex digit to its value and any other byte to
// 0xff, so rowSeq reads a digit without branching.
var hexValues = func() (t [256]uint8) {
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < 16; i++ {
		t[hexDigits[i]] = uint8(i)
	}
	return
}()
