//go:build !linux

package names

import "time"

// CPU times are not measured on this system.
func cpuTime() time.Duration   { return 0 }
func threadCPU() time.Duration { return 0 }
