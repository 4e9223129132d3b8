// A test tool, not part of any measurement: --offset O --length L writes the response bytes at
// stream offsets [O, O+L) on stdout, through the same perf.WritePattern the server answers with.
// The Java tests compare its output with dev.quicperf.adapter.PayloadPattern, which proves the Go
// pattern is the Java one; the Go client verifying the Go server proves only that they agree.
package main

import (
	"fmt"
	"os"

	"dev.quicperf/quicgo/perf"
)

const program = "quic-go-pattern"

func main() {
	args, err := perf.ParseArgs(program, os.Args[1:], "offset", "length")
	var offset, length int64
	if err == nil {
		offset, err = args.Int64("offset", 0)
	}
	if err == nil {
		length, err = args.Int64("length", 0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if _, err := perf.WritePattern(os.Stdout, uint64(offset), uint64(length)); err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", program, err)
		os.Exit(1)
	}
}
