package dataset

import "errors"

// ErrRefused is matched (errors.Is) by every error for an output folder that
// cohortgen will not write: it is reported before anything is generated and
// nothing on disk was touched. The command line exits 2 on it.
var ErrRefused = errors.New("output folder refused")

// The kinds of refusal, each also matching ErrRefused.
var (
	// ErrNotEmpty: the folder holds a cohortgen dataset and --force was not
	// given.
	ErrNotEmpty = errors.New("output folder is not empty")
	// ErrNotDataset: the folder holds something other than a cohortgen
	// dataset as cohortgen wrote it, so not even --force replaces it.
	ErrNotDataset = errors.New("not a cohortgen dataset")
	// ErrUnsafe: the path is /, the home folder, the current folder or a
	// folder above it, a symbolic link or not a folder.
	ErrUnsafe = errors.New("unsafe output path")
	// ErrBusy: another run is writing the same folder.
	ErrBusy = errors.New("output folder in use")
)

// refusal is a one-line message that matches ErrRefused and its kind.
type refusal struct {
	kind error
	msg  string
}

func (r *refusal) Error() string { return r.msg }

func (r *refusal) Is(target error) bool { return target == ErrRefused || target == r.kind }

func refuse(kind error, msg string) error { return &refusal{kind: kind, msg: msg} }

// Refuse makes a one-line refusal of the given kind (one of the Err values
// above), for the other ways of writing a dataset (export/objectset).
func Refuse(kind error, msg string) error { return refuse(kind, msg) }
