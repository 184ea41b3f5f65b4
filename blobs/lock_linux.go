package blobs

import (
	"os"
	"path/filepath"
	"syscall"
)

// lockFolder takes a shared lock on dir/jisr.lock for the life of the
// store, and reports whether this process is alone with the folder (it
// could take the lock exclusively first).
func lockFolder(dir string) (*os.File, bool) {
	f, err := os.OpenFile(filepath.Join(dir, "jisr.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, false
	}
	alone := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) == nil
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
		f.Close()
		return nil, false
	}
	return f, alone
}
