package parquet

import (
	"fmt"
	"sync"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"
	pqcompress "github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/format"
)

// Compression names accepted in Options.Compression.
const (
	CompressionSnappy = "snappy" // snappy with s2's fast encoder (the default)
	CompressionZstd   = "zstd"   // zstd, fastest level, 256 KiB window: smaller files, slower
	CompressionNone   = "none"
)

// fastSnappy writes standard snappy blocks with s2's fast encoder.
// parquet-go's own Snappy codec uses s2.EncodeSnappyBetter, which writes
// files a little smaller at a much higher cost (SHOOTOUT.md, measured with the row writer).
type fastSnappy struct{}

func (fastSnappy) String() string                            { return "SNAPPY" }
func (fastSnappy) CompressionCodec() format.CompressionCodec { return format.Snappy }
func (fastSnappy) Encode(dst, src []byte) ([]byte, error) {
	return s2.EncodeSnappy(dst, src), nil
}
func (fastSnappy) Decode(dst, src []byte) ([]byte, error) {
	n, err := s2.DecodedLen(src)
	if err != nil {
		return dst[:0], err
	}
	if cap(dst) < n {
		dst = make([]byte, n)
	}
	return s2.Decode(dst[:n], src)
}

// zstdWindow is the zstd window. Data pages are at most PageBufferSize
// (256 KiB) uncompressed, so a bigger window finds nothing more; parquet-go's
// own codec uses the library default (8 MiB at this level), which costs 16 MB
// of match history per pooled encoder.
const zstdWindow = 256 << 10

// fastZstd compresses pages with zstd's fastest level and a small window.
type fastZstd struct {
	level    zstd.EncoderLevel
	encoders sync.Pool // *zstd.Encoder
	decoders sync.Pool // *zstd.Decoder
}

func (*fastZstd) String() string                            { return "ZSTD" }
func (*fastZstd) CompressionCodec() format.CompressionCodec { return format.Zstd }

func (c *fastZstd) Encode(dst, src []byte) ([]byte, error) {
	enc, _ := c.encoders.Get().(*zstd.Encoder)
	if enc == nil {
		var err error
		enc, err = zstd.NewWriter(nil,
			zstd.WithEncoderLevel(c.level),
			zstd.WithEncoderConcurrency(1),
			zstd.WithWindowSize(zstdWindow),
			zstd.WithLowerEncoderMem(true),
			zstd.WithEncoderCRC(false))
		if err != nil {
			return dst[:0], err
		}
	}
	dst = enc.EncodeAll(src, dst[:0])
	c.encoders.Put(enc)
	return dst, nil
}

func (c *fastZstd) Decode(dst, src []byte) ([]byte, error) {
	dec, _ := c.decoders.Get().(*zstd.Decoder)
	if dec == nil {
		var err error
		if dec, err = zstd.NewReader(nil, zstd.WithDecoderConcurrency(1)); err != nil {
			return dst[:0], err
		}
	}
	dst, err := dec.DecodeAll(src, dst[:0])
	c.decoders.Put(dec)
	return dst, err
}

var (
	zstdFastest = &fastZstd{level: zstd.SpeedFastest}
	snappyFast  = fastSnappy{}
)

func codecOf(name string) (pqcompress.Codec, error) {
	switch name {
	case "", CompressionSnappy:
		return snappyFast, nil
	case CompressionZstd:
		return zstdFastest, nil
	case CompressionNone:
		return nil, nil
	}
	return nil, fmt.Errorf("parquet: unknown compression %q (want zstd, snappy or none)", name)
}

// CheckCompression reports whether name is a compression Options accepts,
// so that a command line can refuse a bad value before anything is written.
func CheckCompression(name string) error {
	_, err := codecOf(name)
	return err
}
