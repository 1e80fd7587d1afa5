package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat's CPU times.
var clockTicks = func() float64 {
	out, err := exec.Command("getconf", "CLK_TCK").Output()
	if err != nil {
		return 100
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil || n <= 0 {
		return 100
	}
	return n
}()

// procStat is what we read of /proc/<pid>/stat: the parent and CPU times
// in ticks (own, and of waited-for children).
type procStat struct {
	ppid                         int
	utime, stime, cutime, cstime int64
}

func readStat(pid int) (procStat, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return procStat{}, err
	}
	s := string(b)
	// The command name may hold spaces and parentheses: fields start after
	// the last ')'.
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return procStat{}, fmt.Errorf("/proc/%d/stat: unexpected format", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 15 {
		return procStat{}, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	num := func(j int) int64 { n, _ := strconv.ParseInt(f[j], 10, 64); return n }
	// f[0] is field 3 (state): field k is f[k-3].
	return procStat{ppid: int(num(1)), utime: num(11), stime: num(12), cutime: num(13), cstime: num(14)}, nil
}

// cpuMillis returns a process's own CPU time (user + system) in ms.
func cpuMillis(pid int) float64 {
	st, err := readStat(pid)
	if err != nil {
		return 0
	}
	return float64(st.utime+st.stime) * 1000 / clockTicks
}

// postgresCPUMillis returns the CPU time of a PostgreSQL server: the
// postmaster, every live child (backends, background workers) and, through
// the postmaster's cutime/cstime, children that have exited since it
// started. A delta of two readings is the server's CPU in between, even
// when backends come and go.
func postgresCPUMillis(postmaster int) float64 {
	pm, err := readStat(postmaster)
	if err != nil {
		return 0
	}
	ticks := pm.utime + pm.stime + pm.cutime + pm.cstime
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == postmaster {
			continue
		}
		st, err := readStat(pid)
		if err != nil || st.ppid != postmaster {
			continue
		}
		ticks += st.utime + st.stime
	}
	return float64(ticks) * 1000 / clockTicks
}

// memKB reads a field of /proc/<pid>/status in kB (VmRSS, VmHWM).
func memKB(pid int, field string) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))
			n, _ := strconv.ParseInt(v, 10, 64)
			return n
		}
	}
	return 0
}

// machine describes the host for the report.
func machine() (cpus int, memMB int64, model, kernel string) {
	cpus = 0
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "processor") {
				cpus++
			}
			if v, ok := strings.CutPrefix(line, "model name"); ok && model == "" {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
			}
		}
	}
	if out, err := exec.Command("nproc").Output(); err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(out))); err == nil {
			cpus = n
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))
				n, _ := strconv.ParseInt(v, 10, 64)
				memMB = n / 1024
			}
		}
	}
	if out, err := exec.Command("uname", "-sr").Output(); err == nil {
		kernel = strings.TrimSpace(string(out))
	}
	return cpus, memMB, model, kernel
}

// machineCPUMillis returns the CPU time all processors spent busy (not
// idle or waiting for I/O) and stolen by the hypervisor, in ms, from the
// first line of /proc/stat.
func machineCPUMillis() (busy, steal float64) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 9 || f[0] != "cpu" {
		return 0, 0
	}
	var v [8]int64
	for i := range v {
		v[i], _ = strconv.ParseInt(f[i+1], 10, 64)
	}
	// user nice system idle iowait irq softirq steal
	busyTicks := v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
	return float64(busyTicks) * 1000 / clockTicks, float64(v[7]) * 1000 / clockTicks
}
