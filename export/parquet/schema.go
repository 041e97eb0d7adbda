package parquet

import (
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"

	"github.com/code4health/cohortgen/export/internal/tabular"
)

// physicalType returns the Parquet physical type of a column kind.
func physicalType(k tabular.Kind) format.Type {
	switch k {
	case tabular.String, tabular.ID:
		return format.ByteArray
	case tabular.Int64, tabular.Timestamp:
		return format.Int64
	case tabular.Date:
		return format.Int32
	case tabular.Bool:
		return format.Boolean
	case tabular.Float64:
		return format.Double
	}
	panic("parquet: unknown column kind")
}

// schemaOf returns the file schema of a table: a root named after the record
// type and one leaf per column, with the logical types readers map to
// VARCHAR, DATE and TIMESTAMP WITH TIME ZONE (µs).
func schemaOf(l *tabular.Layout) []format.SchemaElement {
	elems := make([]format.SchemaElement, 0, len(l.Columns)+1)
	elems = append(elems, format.SchemaElement{
		Name:        l.Type.Name(),
		NumChildren: thrift.New(int32(len(l.Columns))),
	})
	for _, c := range l.Columns {
		e := format.SchemaElement{
			Type:           thrift.New(physicalType(c.Kind)),
			RepetitionType: thrift.New(format.Required),
			Name:           c.Name,
		}
		if c.Nullable {
			e.RepetitionType = thrift.New(format.Optional)
		}
		switch c.Kind {
		case tabular.String, tabular.ID:
			e.ConvertedType = thrift.New(deprecated.UTF8)
			e.LogicalType = format.LogicalType{Value: new(format.StringType)}
		case tabular.Date:
			e.ConvertedType = thrift.New(deprecated.Date)
			e.LogicalType = format.LogicalType{Value: new(format.DateType)}
		case tabular.Timestamp:
			e.ConvertedType = thrift.New(deprecated.TimestampMicros)
			e.LogicalType = format.LogicalType{Value: &format.TimestampType{
				IsAdjustedToUTC: true,
				Unit:            format.TimeUnit{Value: new(format.MicroSeconds)},
			}}
		}
		elems = append(elems, e)
	}
	return elems
}

// columnOrders says every column's min/max follow its type's order (unsigned
// bytes for strings). Without it, readers must ignore string statistics.
func columnOrders(n int) []format.ColumnOrder {
	orders := make([]format.ColumnOrder, n)
	for i := range orders {
		orders[i] = format.ColumnOrder{Value: new(format.TypeDefinedOrder)}
	}
	return orders
}
