package checkpoint

import (
	"encoding/json"
	"os"
	"path/filepath"
)

// WriteJSON writes v to path as indented JSON, atomically: to a temporary
// file in the same folder, synced, then renamed over path. A crash or a
// full disk mid-write leaves the previous checkpoint whole, never a torn
// one that would refuse to resume.
func WriteJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(append(data, '\n'))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
