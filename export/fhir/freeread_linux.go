package fhir

import (
	"os"
	"syscall"
)

// Flags of fallocate(2): deallocate the range, keep the file's size.
const (
	fallocKeepSize  = 0x01
	fallocPunchHole = 0x02
)

// freeRead gives back the pages of a temporary file's range once it has
// been read, so appending a part does not hold its bytes twice (in the
// temporary file and in the final one). Best effort: a file system without
// hole punching keeps the pages until the file is removed, as before.
func freeRead(f *os.File, off, n int64) {
	syscall.Fallocate(int(f.Fd()), fallocPunchHole|fallocKeepSize, off, n)
}
