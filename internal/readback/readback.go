// Package readback reads a dataset's Parquet and Arrow tables back into one
// form that tests can compare, keeping NULL apart from the empty string
// and from 0.
//
// The project's claims (the union of shards equals the whole run, the first
// patients of a larger run equal a smaller run, Parquet holds what Arrow
// holds) are only as good as the comparison behind them. Reading Parquet
// into the model structs maps NULL to the zero value and hides a NULL
// written as an empty string; this package reads each value with its
// definition level.
package readback

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

// Column is one column of a table: a value or a null per row. Strings are
// in Str; integers, dates (days), timestamps (microseconds) and booleans
// (0 or 1) in Num; doubles in Float.
type Column struct {
	Name     string
	Kind     Kind
	Nullable bool // OPTIONAL in Parquet, nullable in Arrow
	Null     []bool
	Str      []string
	Num      []int64
	Float    []float64
}

// Kind is how a column's values are held.
type Kind uint8

// Column kinds.
const (
	String Kind = iota + 1
	Number
	Double
)

// Table is a table read back from one or more part files.
type Table struct {
	Name    string
	Columns []*Column
	Rows    int
}

// Column returns the column named name, or nil.
func (t *Table) Column(name string) *Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Value formats row i of c for messages: NULL, a quoted string or a number.
func (c *Column) Value(i int) string {
	switch {
	case c.Null[i]:
		return "NULL"
	case c.Kind == String:
		return strconv.Quote(c.Str[i])
	case c.Kind == Number:
		return strconv.FormatInt(c.Num[i], 10)
	}
	return strconv.FormatFloat(c.Float[i], 'g', -1, 64)
}

func (c *Column) appendNull() {
	c.Null = append(c.Null, true)
	switch c.Kind {
	case String:
		c.Str = append(c.Str, "")
	case Number:
		c.Num = append(c.Num, 0)
	case Double:
		c.Float = append(c.Float, 0)
	}
}

// equal reports whether row i of c equals row j of d, nulls included.
func (c *Column) equal(i int, d *Column, j int) bool {
	if c.Null[i] || d.Null[j] {
		return c.Null[i] == d.Null[j]
	}
	switch c.Kind {
	case String:
		return c.Str[i] == d.Str[j]
	case Number:
		return c.Num[i] == d.Num[j]
	}
	return c.Float[i] == d.Float[j]
}

// Append adds u's rows after t's. The columns must match by name and kind.
func (t *Table) Append(u *Table) error {
	if len(t.Columns) == 0 {
		t.Columns = make([]*Column, len(u.Columns))
		for i, c := range u.Columns {
			t.Columns[i] = &Column{Name: c.Name, Kind: c.Kind, Nullable: c.Nullable}
		}
	}
	if err := sameColumns(t, u); err != nil {
		return err
	}
	for i, c := range t.Columns {
		d := u.Columns[i]
		c.Null = append(c.Null, d.Null...)
		c.Str = append(c.Str, d.Str...)
		c.Num = append(c.Num, d.Num...)
		c.Float = append(c.Float, d.Float...)
	}
	t.Rows += u.Rows
	return nil
}

func sameColumns(t, u *Table) error {
	if len(t.Columns) != len(u.Columns) {
		return fmt.Errorf("%s: %d columns vs %d", t.Name, len(t.Columns), len(u.Columns))
	}
	for i, c := range t.Columns {
		d := u.Columns[i]
		if c.Name != d.Name || c.Kind != d.Kind || c.Nullable != d.Nullable {
			return fmt.Errorf("%s: column %d is %s (kind %d, nullable %v) vs %s (kind %d, nullable %v)",
				t.Name, i, c.Name, c.Kind, c.Nullable, d.Name, d.Kind, d.Nullable)
		}
	}
	return nil
}

// Filter returns the rows for which keep is true.
func (t *Table) Filter(keep func(row int) bool) *Table {
	out := &Table{Name: t.Name}
	for _, c := range t.Columns {
		out.Columns = append(out.Columns, &Column{Name: c.Name, Kind: c.Kind, Nullable: c.Nullable})
	}
	for r := 0; r < t.Rows; r++ {
		if !keep(r) {
			continue
		}
		for i, c := range t.Columns {
			d := out.Columns[i]
			d.Null = append(d.Null, c.Null[r])
			switch c.Kind {
			case String:
				d.Str = append(d.Str, c.Str[r])
			case Number:
				d.Num = append(d.Num, c.Num[r])
			case Double:
				d.Float = append(d.Float, c.Float[r])
			}
		}
		out.Rows++
	}
	return out
}

// Diff describes the first difference between a and b, row by row, or
// returns "" when they hold the same values and the same nulls.
func Diff(a, b *Table) string {
	if err := sameColumns(a, b); err != nil {
		return err.Error()
	}
	if a.Rows != b.Rows {
		return fmt.Sprintf("%s: %d rows vs %d", a.Name, a.Rows, b.Rows)
	}
	for r := 0; r < a.Rows; r++ {
		for i, c := range a.Columns {
			if d := b.Columns[i]; !c.equal(r, d, r) {
				return fmt.Sprintf("%s: row %d column %s: %s vs %s", a.Name, r, c.Name, c.Value(r), d.Value(r))
			}
		}
	}
	return ""
}

// ReadDataset reads the named tables of a dataset folder in one format.
func ReadDataset(dir, format string, tables []string) (map[string]*Table, error) {
	out := map[string]*Table{}
	for _, name := range tables {
		t, err := ReadDir(dir, format, name)
		if err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

// ReadDir reads every part file of a table in a dataset folder, in file
// name order: format is "parquet" or "arrow".
func ReadDir(dir, format, table string) (*Table, error) {
	read := ReadParquet
	if format == "arrow" {
		read = ReadArrow
	}
	files, err := filepath.Glob(filepath.Join(dir, format, table, "*."+format))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no %s files for %s", dir, format, table)
	}
	sort.Strings(files)
	all := &Table{Name: table}
	for _, f := range files {
		t, err := read(f)
		if err != nil {
			return nil, err
		}
		if err := all.Append(t); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
	}
	return all, nil
}

// tableName is the table a part file belongs to: its folder's name.
func tableName(path string) string { return filepath.Base(filepath.Dir(path)) }

func open(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, st.Size(), nil
}
