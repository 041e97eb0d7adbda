// Package models holds cohortgen's domain records: one plain struct per output
// table. The structs carry `parquet` tags, and those tags are the schema: every
// exporter derives its column names, types and nullability from them.
//
// Conventions:
//   - dates are Date (days since 1970-01-01) and times are Timestamp
//     (microseconds since the Unix epoch, UTC);
//   - a field tagged `optional` is null when it holds its zero value, so a
//     nullable date never holds 1970-01-01 and a nullable string is never "";
//   - a nullable number whose zero is meaningful (an observation value of 0)
//     is a pointer;
//   - an id is an ID (a UUID held as two integers, formatted by the writers)
//     or, for the ids not converted yet, its formatted string; both are
//     string columns.
//
// The package does no I/O and holds no randomness.
package models
