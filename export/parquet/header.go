package parquet

import (
	"encoding/binary"

	"github.com/parquet-go/parquet-go/format"
)

// appendDataPageHeader appends a data page's header (a format.PageHeader of
// type DATA_PAGE with its DataPageHeader: RLE levels and the null count as
// the only statistic) in Thrift's compact protocol: the bytes
// thrift.Marshal writes for the same header (TestDataPageHeaderMatchesThrift),
// without its reflection, which cost about 5 µs a page, once per column per
// page.
func appendDataPageHeader(dst []byte, uncompressed, compressed, numValues int32, enc format.Encoding, nulls int64) []byte {
	const (
		i32    = 5  // compact protocol field types
		i64    = 6  //
		strct  = 12 //
		field1 = 1 << 4
	)
	dst = append(dst, field1|i32) // 1: type
	dst = appendZigzag(dst, int64(format.DataPage))
	dst = append(dst, field1|i32) // 2: uncompressed_page_size
	dst = appendZigzag(dst, int64(uncompressed))
	dst = append(dst, field1|i32) // 3: compressed_page_size
	dst = appendZigzag(dst, int64(compressed))
	dst = append(dst, 2<<4|strct) // 5: data_page_header
	dst = append(dst, field1|i32) //   1: num_values
	dst = appendZigzag(dst, int64(numValues))
	dst = append(dst, field1|i32) //   2: encoding
	dst = appendZigzag(dst, int64(enc))
	dst = append(dst, field1|i32) //   3: definition_level_encoding
	dst = appendZigzag(dst, int64(format.RLE))
	dst = append(dst, field1|i32) //   4: repetition_level_encoding
	dst = appendZigzag(dst, int64(format.RLE))
	dst = append(dst, field1|strct) // 5: statistics
	dst = append(dst, 3<<4|i64)     //     3: null_count
	dst = appendZigzag(dst, nulls)
	return append(dst, 0, 0, 0) // the ends of statistics, data_page_header and the page header
}

// appendZigzag appends x as the compact protocol writes an integer: zigzag,
// then a varint.
func appendZigzag(dst []byte, x int64) []byte {
	return binary.AppendUvarint(dst, uint64(x<<1^x>>63))
}
