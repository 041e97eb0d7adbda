package dataset

import (
	"fmt"
	"os"
	"path/filepath"
)

// checkNotPrecious refuses a target that is /, the home folder, the current
// folder or a folder above it. Replacing any of them would delete far more
// than a dataset, and writing into the current folder would pull it from
// under the shell. Folders are compared by identity (os.SameFile), so
// "..", a path through a symbolic link or a bind mount is caught too.
func checkNotPrecious(target string) error {
	info, err := os.Stat(target)
	if err != nil {
		return nil // it does not exist (or cannot be seen), so it is none of them
	}
	same := func(path string) bool {
		other, err := os.Stat(path)
		return err == nil && os.SameFile(info, other)
	}
	no := func(why string) error {
		return refuse(ErrUnsafe, fmt.Sprintf("refusing to write the dataset to %s: %s; nothing was touched (give a new folder, such as %s)",
			target, why, filepath.Join(target, "cohortgen-out")))
	}
	if same(string(filepath.Separator)) {
		return no("it is the root folder")
	}
	if home, err := os.UserHomeDir(); err == nil && same(home) {
		return no("it is your home folder")
	}
	wd, err := os.Getwd()
	if err != nil {
		return nil
	}
	if same(wd) {
		return no("it is the current folder")
	}
	for d := filepath.Dir(wd); ; d = filepath.Dir(d) {
		if same(d) {
			return no("it contains the current folder")
		}
		if filepath.Dir(d) == d {
			return nil
		}
	}
}

// checkNotLink refuses a target that is a symbolic link, dangling or not.
// cohortgen replaces a dataset by renaming folders, which would replace the
// link itself and leave the folder it points at behind; following it
// instead would write somewhere the command line does not name. Either
// surprises, so a link is refused and the user names the folder itself.
func checkNotLink(target string) error {
	info, err := os.Lstat(target)
	if err != nil || info.Mode()&os.ModeSymlink == 0 {
		return nil
	}
	to, _ := os.Readlink(target)
	if _, err := os.Stat(target); err != nil {
		return refuse(ErrUnsafe, fmt.Sprintf("%s is a symbolic link to %s, which does not exist; give a real folder instead; nothing was touched", target, to))
	}
	return refuse(ErrUnsafe, fmt.Sprintf("%s is a symbolic link (to %s); give the folder itself, cohortgen does not write through links; nothing was touched", target, to))
}
