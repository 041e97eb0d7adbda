package readback

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ReadArrow reads an Arrow IPC file, nulls from the validity bitmaps.
func ReadArrow(path string) (*Table, error) {
	f, _, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := ipc.NewFileReader(f, ipc.WithAllocator(memory.DefaultAllocator))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer r.Close()
	t := &Table{Name: tableName(path)}
	for _, field := range r.Schema().Fields() {
		c := &Column{Name: field.Name, Nullable: field.Nullable}
		switch field.Type.ID() {
		case arrow.STRING:
			c.Kind = String
		case arrow.INT64, arrow.BOOL, arrow.DATE32, arrow.TIMESTAMP:
			c.Kind = Number
		case arrow.FLOAT64:
			c.Kind = Double
		default:
			return nil, fmt.Errorf("%s: column %s has type %v", path, c.Name, field.Type)
		}
		t.Columns = append(t.Columns, c)
	}
	for i := 0; i < r.NumRecords(); i++ {
		rec, err := r.RecordBatch(i)
		if err != nil {
			return nil, fmt.Errorf("%s: record batch %d: %w", path, i, err)
		}
		for ci, c := range t.Columns {
			if err := appendArray(c, rec.Column(ci)); err != nil {
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
		t.Rows += int(rec.NumRows())
	}
	return t, nil
}

func appendArray(c *Column, a arrow.Array) error {
	for j := 0; j < a.Len(); j++ {
		if a.IsNull(j) {
			c.appendNull()
			continue
		}
		c.Null = append(c.Null, false)
		switch a := a.(type) {
		case *array.String:
			c.Str = append(c.Str, strings.Clone(a.Value(j))) // Value aliases the record's buffer
		case *array.Int64:
			c.Num = append(c.Num, a.Value(j))
		case *array.Boolean:
			c.Num = append(c.Num, b2i(a.Value(j)))
		case *array.Date32:
			c.Num = append(c.Num, int64(a.Value(j)))
		case *array.Timestamp:
			c.Num = append(c.Num, int64(a.Value(j)))
		case *array.Float64:
			c.Float = append(c.Float, a.Value(j))
		default:
			return fmt.Errorf("column %s is a %T", c.Name, a)
		}
	}
	return nil
}
