package dataset

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"os"
)

// owner identifies a run: the lock file beside the target and the record
// in its staging folder hold one, so a later run can tell whether the
// process that left them is gone.
type owner struct {
	PID   int    `json:"pid"`
	Host  string `json:"host"`
	Token string `json:"token"` // tells two records of the same process apart
}

func newOwner() owner {
	host, _ := os.Hostname()
	var b [8]byte
	_, _ = rand.Read(b[:])
	return owner{PID: os.Getpid(), Host: host, Token: hex.EncodeToString(b[:])}
}

func (o owner) bytes() []byte {
	b, _ := json.Marshal(o)
	return append(b, '\n')
}

// readOwner reads a record; ok is false when it is missing or unreadable.
func readOwner(path string) (o owner, ok bool) {
	b, err := os.ReadFile(path)
	if err != nil || json.Unmarshal(b, &o) != nil || o.PID <= 0 {
		return owner{}, false
	}
	return o, true
}

// gone reports whether the record's process has certainly ended: it ran on
// this host and no process has its PID. A process on another host, or one
// this platform cannot look up, is taken to be alive.
func (o owner) gone() bool {
	host, err := os.Hostname()
	return err == nil && o.Host == host && o.PID != os.Getpid() && !processAlive(o.PID)
}
