#!/bin/sh
# Side-by-side benchmark: `jisr names rank` against PostgreSQL pg_trgm with a
# GIN index, on the same generated corpus and the same queries.
#
#   scripts/pgtrgm-bench/run.sh [NAMES] [QUERIES]     (default 1000000 2000)
#
# SKIP_PG=1 runs the jisr half only; PORT (default 54329) is PostgreSQL's.
#
# It builds jisr, generates the corpus with names/namegen (gen.go), runs jisr,
# starts a throwaway PostgreSQL cluster from the machine's binaries in a
# temporary directory (listening on 127.0.0.1 only, no Unix socket; run as
# the postgres user when started as root), loads both corpora, builds the GIN
# trigram indexes, runs every query, scores both with eval.go, and stops the
# cluster and removes the directory at the end, also on error or interrupt.
#
# Two corpora: corpus-ar (names in Arabic script; the queries are Latin
# spellings, the cross-script case jisr is for) and corpus-lat (the most
# common Latin spelling of the same names; the queries are other Latin
# spellings, the case pg_trgm can do at all).
set -eu

N=${1:-1000000}
Q=${2:-2000}
PORT=${PORT:-54329}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
WORK=$(mktemp -d /tmp/pgtrgm-bench.XXXXXX)
chmod 755 "$WORK"

as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- sh -c "$1"
	else
		sh -c "$1"
	fi
}

cleanup() {
	if [ -f "$WORK/pg/postmaster.pid" ]; then
		as_pg "'$PGBIN/pg_ctl' -D '$WORK/pg' -m fast -w stop" >/dev/null 2>&1 || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "# machine"
grep -m1 'model name' /proc/cpuinfo
echo "cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); $("$PGBIN/postgres" --version)"

cd "$ROOT"
go build -o "$WORK/jisr" ./cmd/jisr
go run ./scripts/pgtrgm-bench/gen.go -n "$N" -q "$Q" -out "$WORK"
: > "$WORK/empty.tsv"

# Latency percentiles from a file of milliseconds, one a line.
pct() {
	sort -n "$1" | awk '{a[NR]=$1; s+=$1} END {
		printf "p50 %.2f ms, p99 %.2f ms, mean %.2f ms\n", a[int(NR*0.5)+1], a[int(NR*0.99)+1], s/NR }'
}

for c in ar lat; do
	echo
	echo "# jisr names rank, corpus-$c ($N names, $Q queries)"
	/usr/bin/time -f "build only: %e s wall, %U s user, %S s sys, max RSS %M KiB" \
		"$WORK/jisr" names rank --corpus "$WORK/corpus-$c.tsv" < "$WORK/empty.tsv" > /dev/null
	/usr/bin/time -f "build + queries: %e s wall, %U s user, %S s sys, max RSS %M KiB" \
		"$WORK/jisr" names rank --corpus "$WORK/corpus-$c.tsv" --k 10 < "$WORK/queries.tsv" > "$WORK/jisr-$c.jsonl"
	go run ./scripts/pgtrgm-bench/eval.go -dir "$WORK" -results "$WORK/jisr-$c.jsonl"
done

if [ -n "${SKIP_PG:-}" ]; then
	exit 0
fi

echo
echo "# PostgreSQL pg_trgm, GIN index"
mkdir "$WORK/pg"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$WORK/pg"
as_pg "'$PGBIN/initdb' -D '$WORK/pg' -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null"
cat >> "$WORK/pg/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = ''
shared_buffers = '512MB'
work_mem = '64MB'
maintenance_work_mem = '512MB'
CONF
as_pg "'$PGBIN/pg_ctl' -D '$WORK/pg' -l '$WORK/pg/log' -w start" >/dev/null
PSQL="psql -h 127.0.0.1 -p $PORT -U postgres -X -q -v ON_ERROR_STOP=1"
$PSQL -c "CREATE EXTENSION pg_trgm"
for c in ar lat; do
	echo
	echo "## corpus-$c"
	$PSQL <<SQL
CREATE TABLE names_$c (id text PRIMARY KEY, name text NOT NULL);
\\copy names_$c FROM '$WORK/corpus-$c.tsv' WITH (FORMAT text)
\\timing on
CREATE INDEX names_${c}_trgm ON names_$c USING gin (name gin_trgm_ops);
\\timing off
ANALYZE names_$c;
SQL
	echo "index size: $($PSQL -A -t -c "SELECT pg_size_pretty(pg_relation_size('names_${c}_trgm'))"), table: $($PSQL -A -t -c "SELECT pg_size_pretty(pg_relation_size('names_$c'))")"
	# One statement per query: the 10 most similar names above pg_trgm's
	# default similarity threshold (0.3), through the GIN index.
	awk -F'\t' -v t="names_$c" '{
		q = $2; gsub(/\$q\$/, "", q)
		printf "SELECT %s || chr(9) || coalesce(string_agg(id, %s ORDER BY sim DESC, id), %s) FROM (SELECT id, similarity(name, $q$%s$q$) AS sim FROM %s WHERE name %% $q$%s$q$ ORDER BY sim DESC, id LIMIT 10) r;\n", "$q$" $1 "$q$", "$q$,$q$", "$q$$q$", q, t, q
	}' "$WORK/queries.tsv" > "$WORK/q-$c.sql"
	start=$(date +%s.%N)
	(printf '%s\n' '\timing on'; cat "$WORK/q-$c.sql") | $PSQL -A -t > "$WORK/pg-$c.out"
	end=$(date +%s.%N)
	grep -v '^Time: ' "$WORK/pg-$c.out" > "$WORK/pg-$c.txt"
	grep '^Time: ' "$WORK/pg-$c.out" | awk '{print $2}' > "$WORK/pg-$c.ms"
	echo "queries: $(wc -l < "$WORK/pg-$c.ms") in $(echo "$end - $start" | bc) s wall (one session); $(pct "$WORK/pg-$c.ms")"
	go run ./scripts/pgtrgm-bench/eval.go -dir "$WORK" -results "$WORK/pg-$c.txt"
done
