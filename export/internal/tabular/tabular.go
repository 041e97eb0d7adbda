// Package tabular reads the `parquet` struct tags of the model records once
// per type and turns them into a column layout that the exporters share: the
// column names, kinds and nullability, the Arrow schema, and the field offsets
// that let Builder copy records into Arrow columns without reflection per row.
//
// The tags are the schema (see package models): a field is a column named by
// the first tag element; `optional` makes it nullable, null when the field
// holds its zero value; a pointer field is nullable, null when nil. The
// supported field types are string, int64, bool, models.Date (tag `date`),
// models.Timestamp (tag `timestamp(microsecond:utc)`), models.ID (a string
// column; the zero ID is null) and *float64; a struct field tagged `,inline`
// contributes its own columns in place.
package tabular

import (
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/code4health/cohortgen/models"
)

// Kind is the storage kind of a column.
type Kind uint8

// Column kinds.
const (
	String    Kind = iota + 1 // string -> BYTE_ARRAY (STRING) / utf8
	Int64                     // int64 -> INT64 / int64
	Bool                      // bool -> BOOLEAN / bool
	Date                      // models.Date -> INT32 (DATE) / date32
	Timestamp                 // models.Timestamp -> INT64 (TIMESTAMP(MICROS,UTC)) / timestamp[us, UTC]
	Float64                   // *float64 -> DOUBLE / float64, nil is null
	ID                        // models.ID -> BYTE_ARRAY (STRING) / utf8, formatted by the writer
)

func (k Kind) String() string {
	switch k {
	case String:
		return "string"
	case Int64:
		return "int64"
	case Bool:
		return "bool"
	case Date:
		return "date"
	case Timestamp:
		return "timestamp"
	case Float64:
		return "float64"
	case ID:
		return "id"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Column is one column of a table.
type Column struct {
	Name     string // column name, from the tag
	Field    string // Go field name (Outer.Inner for an inline struct's field)
	Tag      string // the field's full `parquet` tag
	Kind     Kind
	Nullable bool    // `optional` tag or pointer field
	Offset   uintptr // field offset in the struct
}

// Layout is the column layout of a record type.
type Layout struct {
	Type    reflect.Type
	Size    uintptr // struct size (stride of a []T)
	Columns []Column
	Schema  *arrow.Schema
}

var (
	dateType      = reflect.TypeFor[models.Date]()
	timestampType = reflect.TypeFor[models.Timestamp]()
	idType        = reflect.TypeFor[models.ID]()
	layouts       sync.Map // reflect.Type -> *Layout
)

// Of returns the layout of T, building it the first time. It panics if T's
// tags do not follow the models conventions: that is a programming error,
// caught by the exporters' tests.
func Of[T any]() *Layout {
	t := reflect.TypeFor[T]()
	if l, ok := layouts.Load(t); ok {
		return l.(*Layout)
	}
	l, err := layoutOf(t)
	if err != nil {
		panic(err)
	}
	actual, _ := layouts.LoadOrStore(t, l)
	return actual.(*Layout)
}

func layoutOf(t reflect.Type) (*Layout, error) {
	if t.Kind() != reflect.Struct {
		return nil, fmt.Errorf("tabular: %v is not a struct", t)
	}
	l := &Layout{Type: t, Size: t.Size()}
	fields := make([]arrow.Field, 0, t.NumField())
	seen := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag, ok := f.Tag.Lookup("parquet")
		if !f.IsExported() || tag == "-" {
			continue
		}
		if !ok {
			return nil, fmt.Errorf("tabular: %v.%s has no parquet tag", t, f.Name)
		}
		if tag == ",inline" { // a struct whose columns follow in place (models.Changed)
			inner, err := layoutOf(f.Type)
			if err != nil {
				return nil, err
			}
			for _, c := range inner.Columns {
				if seen[c.Name] {
					return nil, fmt.Errorf("tabular: %v has two columns named %q", t, c.Name)
				}
				seen[c.Name] = true
				c.Field, c.Offset = f.Name+"."+c.Field, f.Offset+c.Offset
				l.Columns = append(l.Columns, c)
			}
			fields = append(fields, inner.Schema.Fields()...)
			continue
		}
		parts := strings.Split(tag, ",")
		c := Column{Name: parts[0], Field: f.Name, Tag: tag, Offset: f.Offset}
		if c.Name == "" {
			return nil, fmt.Errorf("tabular: %v.%s has an empty column name", t, f.Name)
		}
		if seen[c.Name] {
			return nil, fmt.Errorf("tabular: %v has two columns named %q", t, c.Name)
		}
		seen[c.Name] = true
		var isDate, isTimestamp bool
		for _, opt := range parts[1:] {
			switch opt {
			case "optional":
				c.Nullable = true
			case "date":
				isDate = true
			case "timestamp(microsecond:utc)":
				isTimestamp = true
			default:
				return nil, fmt.Errorf("tabular: %v.%s: unsupported tag option %q", t, f.Name, opt)
			}
		}
		switch ft := f.Type; {
		case ft == dateType:
			c.Kind = Date
		case ft == timestampType:
			c.Kind = Timestamp
		case ft == idType:
			c.Kind = ID
		case ft.Kind() == reflect.String:
			c.Kind = String
		case ft.Kind() == reflect.Int64:
			c.Kind = Int64
		case ft.Kind() == reflect.Bool:
			c.Kind = Bool
		case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Float64:
			c.Kind = Float64
			c.Nullable = true
		default:
			return nil, fmt.Errorf("tabular: %v.%s: unsupported field type %v", t, f.Name, ft)
		}
		if isDate != (c.Kind == Date) {
			return nil, fmt.Errorf("tabular: %v.%s: the date tag must go with models.Date fields", t, f.Name)
		}
		if isTimestamp != (c.Kind == Timestamp) {
			return nil, fmt.Errorf("tabular: %v.%s: the timestamp(microsecond:utc) tag must go with models.Timestamp fields", t, f.Name)
		}
		if (c.Kind == Bool || c.Kind == Int64) && c.Nullable {
			// false and 0 are meaningful values; an optional one would lose them.
			return nil, fmt.Errorf("tabular: %v.%s: optional %v columns are not supported", t, f.Name, c.Kind)
		}
		l.Columns = append(l.Columns, c)
		fields = append(fields, arrow.Field{Name: c.Name, Type: c.Kind.ArrowType(), Nullable: c.Nullable})
	}
	if len(l.Columns) == 0 {
		return nil, fmt.Errorf("tabular: %v has no columns", t)
	}
	l.Schema = arrow.NewSchema(fields, nil)
	return l, nil
}

// ArrowType returns the Arrow type of the kind.
func (k Kind) ArrowType() arrow.DataType {
	switch k {
	case String, ID:
		return arrow.BinaryTypes.String
	case Int64:
		return arrow.PrimitiveTypes.Int64
	case Bool:
		return arrow.FixedWidthTypes.Boolean
	case Date:
		return arrow.FixedWidthTypes.Date32
	case Timestamp:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}
	case Float64:
		return arrow.PrimitiveTypes.Float64
	}
	panic("tabular: unknown kind")
}

// Column returns the column named name, or nil.
func (l *Layout) Column(name string) *Column {
	for i := range l.Columns {
		if l.Columns[i].Name == name {
			return &l.Columns[i]
		}
	}
	return nil
}

// Values returns the column values of row, a T, by reflection (slow; for
// tests and checks): nil for a null, else a string (an ID formatted), int64, bool, int32 (a
// Date's days), int64 (a Timestamp's microseconds) or float64.
func (l *Layout) Values(row any) []any {
	v := reflect.ValueOf(row)
	if v.Type() != l.Type {
		panic(fmt.Sprintf("tabular: Values of a %v with the layout of %v", v.Type(), l.Type))
	}
	out := make([]any, len(l.Columns))
	for i, c := range l.Columns {
		f := v
		for _, name := range strings.Split(c.Field, ".") {
			f = f.FieldByName(name)
		}
		switch c.Kind {
		case String:
			out[i] = f.String()
		case ID:
			out[i] = f.Interface().(models.ID).String()
		case Int64, Timestamp:
			out[i] = f.Int()
		case Bool:
			out[i] = f.Bool()
		case Date:
			out[i] = int32(f.Int())
		case Float64:
			if f.IsNil() {
				out[i] = nil
			} else {
				out[i] = f.Elem().Float()
			}
		}
		if c.Nullable && out[i] != nil && f.IsZero() {
			out[i] = nil
		}
	}
	return out
}
