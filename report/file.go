package report

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Marker is in every report's head: a file that has it is a report this
// command wrote, and may be replaced; any other file is left alone.
const Marker = `<meta name="generator" content="cohortgen report">`

// ErrNotOurs is returned when the output path holds something that is not
// a cohortgen report.
var ErrNotOurs = errors.New("exists and is not a cohortgen report; choose another -o or remove it")

// WriteFile writes the report to path through a temporary file in the same
// folder, renamed into place only when complete: an interrupted run leaves
// either the earlier report or none, never half of one.
func (d *Data) WriteFile(path string) error {
	if err := replaceable(path); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := d.Write(&buf); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// replaceable: path does not exist, or is an earlier report.
func replaceable(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return fmt.Errorf("%s: is a folder; -o takes a file name", path)
	}
	head := make([]byte, 1024)
	n, _ := io.ReadFull(f, head)
	if !bytes.Contains(head[:n], []byte(Marker)) {
		return fmt.Errorf("%s: %w", path, ErrNotOurs)
	}
	return nil
}
