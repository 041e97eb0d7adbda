// Command peakrss runs a command and prints its peak resident set size, so
// benchmarks can record memory beside speed:
//
//	go run ./benchmarks/peakrss -- bin/cohortgen generate -n 100000 -o /tmp/x --force
package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	args := os.Args[1:]
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: peakrss -- COMMAND [ARGS...]")
		os.Exit(2)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "peakrss:", err)
		os.Exit(1)
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	fmt.Printf("peak RSS %.1f MB, wall %.2f s, user %.2f s, sys %.2f s\n",
		float64(ru.Maxrss)/1024, took.Seconds(),
		time.Duration(ru.Utime.Nano()).Seconds(), time.Duration(ru.Stime.Nano()).Seconds())
	if err != nil {
		os.Exit(1)
	}
}
