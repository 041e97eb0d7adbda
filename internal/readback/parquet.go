package readback

import (
	"errors"
	"fmt"
	"io"

	pq "github.com/parquet-go/parquet-go"
)

// ReadParquet reads a flat Parquet file value by value: a value whose
// definition level says null is a null, whatever bytes it carries.
func ReadParquet(path string) (*Table, error) {
	f, size, err := open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pf, err := pq.OpenFile(f, size)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	t := &Table{Name: tableName(path)}
	for _, field := range pf.Schema().Fields() {
		if !field.Leaf() || field.Repeated() {
			return nil, fmt.Errorf("%s: column %s is not a flat column", path, field.Name())
		}
		c := &Column{Name: field.Name(), Nullable: field.Optional()}
		switch field.Type().Kind() {
		case pq.ByteArray:
			c.Kind = String
		case pq.Int32, pq.Int64, pq.Boolean:
			c.Kind = Number
		case pq.Double:
			c.Kind = Double
		default:
			return nil, fmt.Errorf("%s: column %s has physical type %v", path, c.Name, field.Type().Kind())
		}
		t.Columns = append(t.Columns, c)
	}
	buf := make([]pq.Row, 256)
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		for {
			n, err := rows.ReadRows(buf)
			for _, row := range buf[:n] {
				if len(row) != len(t.Columns) {
					rows.Close()
					return nil, fmt.Errorf("%s: row %d has %d values for %d columns", path, t.Rows, len(row), len(t.Columns))
				}
				for _, v := range row {
					appendValue(t.Columns[v.Column()], v)
				}
				t.Rows++
			}
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("%s: %w", path, err)
			}
		}
		rows.Close()
	}
	return t, nil
}

func appendValue(c *Column, v pq.Value) {
	if v.IsNull() {
		c.appendNull()
		return
	}
	c.Null = append(c.Null, false)
	switch v.Kind() {
	case pq.ByteArray:
		c.Str = append(c.Str, string(v.ByteArray()))
	case pq.Int32:
		c.Num = append(c.Num, int64(v.Int32()))
	case pq.Int64:
		c.Num = append(c.Num, v.Int64())
	case pq.Boolean:
		c.Num = append(c.Num, b2i(v.Boolean()))
	case pq.Double:
		c.Float = append(c.Float, v.Double())
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
