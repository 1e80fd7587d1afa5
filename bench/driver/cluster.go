package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// cluster is a private PostgreSQL server for one benchmark run, in a
// temporary directory, with pg_stat_statements preloaded. As root it runs
// as an unprivileged account (postgres refuses root), as scripts/db.sh and
// internal/pgtest do.
type cluster struct {
	bindir  string
	dir     string
	data    string
	logPath string
	port    int
	osUser  string
	uid     int
	gid     int
}

// settings of the benchmark cluster. Durability stays at PostgreSQL's
// defaults (fsync, synchronous_commit, full_page_writes on): a verdict
// acknowledged by any of the servers is on disk, as in production.
const clusterConf = `# Written by bench/driver: a private server for one benchmark run.
listen_addresses = '127.0.0.1'
port = %d
unix_socket_directories = ''
max_connections = 300
shared_buffers = 1GB
effective_cache_size = 4GB
work_mem = 8MB
maintenance_work_mem = 512MB
max_wal_size = 8GB
checkpoint_timeout = 30min
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.max = 10000
pg_stat_statements.track = top
pg_stat_statements.track_utility = on
pg_stat_statements.save = off
log_min_messages = warning
`

func findBinDir() (string, error) {
	var candidates []string
	if d := os.Getenv("VEREDICTO_PG_BINDIR"); d != "" {
		candidates = []string{d}
	} else {
		versioned, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
		sort.Slice(versioned, func(i, j int) bool { return major(versioned[i]) > major(versioned[j]) })
		candidates = append(candidates, versioned...)
		if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
			candidates = append(candidates, strings.TrimSpace(string(out)))
		}
		candidates = append(candidates, "/usr/local/pgsql/bin")
	}
	for _, d := range candidates {
		ok := true
		for _, p := range []string{"initdb", "pg_ctl", "postgres"} {
			if fi, err := os.Stat(filepath.Join(d, p)); err != nil || fi.Mode()&0o111 == 0 {
				ok = false
			}
		}
		if ok {
			return d, nil
		}
	}
	return "", fmt.Errorf("no PostgreSQL server binaries (initdb, pg_ctl, postgres) in %v; install postgresql-15 or set VEREDICTO_PG_BINDIR", candidates)
}

func major(bindir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bindir)))
	return n
}

func startCluster(ctx context.Context, keep string) (*cluster, error) {
	bindir, err := findBinDir()
	if err != nil {
		return nil, err
	}
	c := &cluster{bindir: bindir}
	if os.Geteuid() == 0 {
		if c.osUser, err = clusterUser(); err != nil {
			return nil, err
		}
		u, err := user.Lookup(c.osUser)
		if err != nil {
			return nil, err
		}
		c.uid, _ = strconv.Atoi(u.Uid)
		c.gid, _ = strconv.Atoi(u.Gid)
	}
	if keep != "" {
		c.dir = keep
		if err := os.MkdirAll(c.dir, 0o700); err != nil {
			return nil, err
		}
	} else if c.dir, err = os.MkdirTemp("", "veredicto-bench-pg-"); err != nil {
		return nil, err
	}
	if c.osUser != "" {
		if err := os.Chown(c.dir, c.uid, c.gid); err != nil {
			return nil, err
		}
		// Every directory above must let the server's account in.
		for d := filepath.Dir(c.dir); d != "/"; d = filepath.Dir(d) {
			fi, err := os.Stat(d)
			if err == nil && fi.Mode().Perm()&0o001 == 0 {
				_ = os.Chmod(d, fi.Mode().Perm()|0o001)
			}
		}
	}
	c.data = filepath.Join(c.dir, "data")
	c.logPath = filepath.Join(c.dir, "postgres.log")
	if _, err := os.Stat(filepath.Join(c.data, "PG_VERSION")); err == nil {
		_ = os.RemoveAll(c.data) // a kept directory from an earlier run: start afresh
	}
	if out, err := c.pg("initdb", "-D", c.data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
		"--no-locale", "--no-sync", "--no-instructions"); err != nil {
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	if c.port, err = freePort(); err != nil {
		return nil, err
	}
	if err := c.writeFile(filepath.Join(c.data, "bench.conf"), fmt.Sprintf(clusterConf, c.port)); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(filepath.Join(c.data, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return nil, err
	}
	_, err = f.WriteString("\ninclude = 'bench.conf'\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if out, err := c.pg("pg_ctl", "start", "-D", c.data, "-l", c.logPath, "-w", "-t", "120", "-s"); err != nil {
		logTail, _ := os.ReadFile(c.logPath)
		return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, logTail)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		db, err := sql.Open("postgres", c.dsn("postgres"))
		if err == nil {
			err = db.PingContext(ctx)
			_ = db.Close()
		}
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the benchmark cluster does not accept connections: %w", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	return c, nil
}

func (c *cluster) dsn(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// postmasterPID reads the server's process id from postmaster.pid.
func (c *cluster) postmasterPID() (int, error) {
	b, err := os.ReadFile(filepath.Join(c.data, "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strconv.Atoi(strings.TrimSpace(line))
}

func (c *cluster) version() string {
	out, err := exec.Command(filepath.Join(c.bindir, "postgres"), "--version").Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

func (c *cluster) stop(remove bool) {
	if c == nil || c.data == "" {
		return
	}
	_, _ = c.pg("pg_ctl", "stop", "-D", c.data, "-m", "fast", "-w", "-t", "60", "-s")
	if remove {
		_ = os.RemoveAll(c.dir)
	}
}

// pg runs a PostgreSQL program as the cluster's account.
func (c *cluster) pg(program string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bindir, program)
	var cmd *exec.Cmd
	if c.osUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.osUser, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "LC_ALL=C")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	return out.Bytes(), err
}

func (c *cluster) writeFile(path, content string) error {
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		return err
	}
	if c.osUser != "" {
		return os.Chown(path, c.uid, c.gid)
	}
	return nil
}

// clusterUser picks the account that runs the server when we are root:
// postgres if it exists, else veredicto-pg (created if missing), as
// scripts/db.sh does.
func clusterUser() (string, error) {
	if name := os.Getenv("VEREDICTO_PG_OS_USER"); name != "" {
		return name, nil
	}
	if _, err := user.Lookup("postgres"); err == nil {
		return "postgres", nil
	}
	const name = "veredicto-pg"
	if _, err := user.Lookup(name); err == nil {
		return name, nil
	}
	out, err := exec.Command("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
		"--shell", "/usr/sbin/nologin", name).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("creating system user %s to run PostgreSQL: %v\n%s", name, err, out)
	}
	return name, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
