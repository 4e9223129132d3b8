package perf

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

// Args are "--name value" arguments, as our Java mains take them (dev.quicperf.adapter.Args):
// every flag known, every flag with a value, errors that name the flag and what it should look
// like, because a person reads them in a cell's log.
type Args struct {
	program string
	values  map[string]string
}

// ParseArgs reads argv (without the program name) against the known flag names.
func ParseArgs(program string, argv []string, known ...string) (*Args, error) {
	isKnown := map[string]bool{}
	for _, k := range known {
		isKnown[k] = true
	}
	values := map[string]string{}
	for i := 0; i < len(argv); i++ {
		flag := argv[i]
		name := strings.TrimPrefix(flag, "--")
		if !strings.HasPrefix(flag, "--") || !isKnown[name] {
			names := make([]string, 0, len(known))
			for _, k := range known {
				names = append(names, "--"+k)
			}
			sort.Strings(names)
			return nil, fmt.Errorf("%s: unknown argument '%s'; expected one of [%s]", program, flag,
				strings.Join(names, ", "))
		}
		if i+1 >= len(argv) {
			return nil, fmt.Errorf("%s: %s needs a value", program, flag)
		}
		i++
		values[name] = argv[i]
	}
	return &Args{program: program, values: values}, nil
}

// Has says whether the flag was given.
func (a *Args) Has(name string) bool {
	_, ok := a.values[name]
	return ok
}

// String is a required flag's value.
func (a *Args) String(name string) (string, error) {
	v, ok := a.values[name]
	if !ok {
		return "", fmt.Errorf("%s: missing --%s", a.program, name)
	}
	return v, nil
}

// StringOr is the flag's value, or def when it was not given.
func (a *Args) StringOr(name, def string) string {
	if v, ok := a.values[name]; ok {
		return v
	}
	return def
}

// Int64 is a required whole-number flag of at least min.
func (a *Args) Int64(name string, min int64) (int64, error) {
	v, err := a.String(name)
	if err != nil {
		return 0, err
	}
	return a.parseInt64(name, v, min)
}

// Int64Or is Int64 with a default for a flag not given.
func (a *Args) Int64Or(name string, min, def int64) (int64, error) {
	v, ok := a.values[name]
	if !ok {
		return def, nil
	}
	return a.parseInt64(name, v, min)
}

func (a *Args) parseInt64(name, v string, min int64) (int64, error) {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: --%s must be a whole number, got '%s'", a.program, name, v)
	}
	if n < min {
		return 0, fmt.Errorf("%s: --%s must be >= %d, got %d", a.program, name, min, n)
	}
	return n, nil
}

// Port is a required UDP port, 0 (pick one) to 65535.
func (a *Args) Port(name string) (int, error) {
	n, err := a.Int64(name, 0)
	if err != nil {
		return 0, err
	}
	if n > math.MaxUint16 {
		return 0, fmt.Errorf("%s: --%s must be a port from 0 to 65535, got %d", a.program, name, n)
	}
	return int(n), nil
}

// ReadableFile is a required flag naming a file this process can read.
func (a *Args) ReadableFile(name string) (string, error) {
	path, err := a.String(name)
	if err != nil {
		return "", err
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s: --%s %s is not a readable file: %v", a.program, name, path, err)
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || info.IsDir() {
		return "", fmt.Errorf("%s: --%s %s is not a readable file", a.program, name, path)
	}
	return path, nil
}

// ProcessCPUNanos is the CPU time this process has used so far, user plus system, all threads
// (getrusage RUSAGE_SELF).
func ProcessCPUNanos() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
