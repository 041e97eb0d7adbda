package parquet

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// TestDataPageHeaderMatchesThrift checks the hand-written data page header
// is byte for byte what thrift.Marshal writes for the same header, over the
// encodings a page uses and sizes and counts from zero to the largest.
func TestDataPageHeaderMatchesThrift(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sizes := []int32{0, 1, 63, 64, 127, 128, 8191, 8192, 1 << 20, math.MaxInt32}
	pick := func() int32 {
		if r.IntN(2) == 0 {
			return sizes[r.IntN(len(sizes))]
		}
		return r.Int32()
	}
	encs := []format.Encoding{format.Plain, format.RLEDictionary, format.DeltaBinaryPacked, format.DeltaLengthByteArray, format.DeltaByteArray}
	for range 5000 {
		u, c, n := pick(), pick(), pick()
		enc := encs[r.IntN(len(encs))]
		nulls := int64(pick())
		want, err := thrift.Marshal(&compact, &format.PageHeader{
			Type:                 format.DataPage,
			UncompressedPageSize: u,
			CompressedPageSize:   c,
			DataPageHeader: thrift.New(format.DataPageHeader{
				NumValues:               n,
				Encoding:                enc,
				DefinitionLevelEncoding: format.RLE,
				RepetitionLevelEncoding: format.RLE,
				Statistics:              format.Statistics{NullCount: nulls},
			}),
		})
		if err != nil {
			t.Fatal(err)
		}
		got := appendDataPageHeader([]byte("x"), u, c, n, enc, nulls)
		if !bytes.Equal(got[1:], want) || got[0] != 'x' {
			t.Fatalf("header(%d, %d, %d, %v, %d) = %x, want %x", u, c, n, enc, nulls, got, want)
		}
	}
}
