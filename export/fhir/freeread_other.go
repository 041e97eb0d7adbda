//go:build !linux

package fhir

import "os"

// freeRead frees nothing here: the temporary file's pages go when it is
// removed, once appended (see freeread_linux.go).
func freeRead(*os.File, int64, int64) {}
