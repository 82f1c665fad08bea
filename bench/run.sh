#!/usr/bin/env bash
# Builds the demo and the JMH module, then runs every benchmark (bench/run.py) and rewrites docs/benchmarks.md and
# docs/benchmarks.png. About 8 minutes on 2 cores. `bench/run.sh --smoke` runs each benchmark once for about a
# second and fails on any error (CI does this); other options go to bench/run.py (--help).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in java mvn python3 wrk redis-server redis-cli; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y wrk redis-server)" >&2; exit 1; }
done
python3 -c 'import flask, flask_session, gunicorn, msgspec, redis, matplotlib' 2>/dev/null || {
  echo "bench: Python packages missing: ./run-tests.sh --bench --setup-only, then PATH=\"\$PWD/.venv-peers/bin:\$PATH\" bench/run.sh" >&2
  exit 1; }

echo "== build: the demo and the benchmarks (package only: nothing is installed into ~/.m2)"
mvn -B -q -Pbench -DskipTests package -pl demo,benchmarks -am

# run.py stops every server it started when it exits; the trap covers an interrupted run.py itself.
python3 bench/run.py "$@" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT INT TERM
wait "$pid"
