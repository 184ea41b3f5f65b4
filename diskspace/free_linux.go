package diskspace

import "syscall"

// FSFree returns the bytes of the file system of dir that an unprivileged
// process may still use.
func FSFree(dir string) (int64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return -1, err
	}
	return int64(st.Bavail) * int64(st.Bsize), nil
}
