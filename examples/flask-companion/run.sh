#!/usr/bin/env bash
# Starts the Java demo (port 8080) and this Flask app (port 5000) sharing one session: open
# http://127.0.0.1:5000/, sign in, then open http://127.0.0.1:8080/. With "redis" as argument both keep the session
# in a redis-server started here on port 6399 (Flask-Session 0.8 on the Flask side). Ctrl-C stops everything.
# Needs: the demo built (mvn -B -q -DskipTests install) and the Python peers: ./run-tests.sh --setup-only makes
# .venv-peers/, used here when it is there (or pip install -r it-tests/requirements.txt).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv-peers/bin/python ] && PATH="$PWD/.venv-peers/bin:$PATH"
export SECRET_KEY="${SECRET_KEY:-companion-demo-secret-key-0123456789}"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
if [ "${1:-}" = "redis" ]; then
  redis-server --port 6399 --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
  pids+=($!)
  export SESSION_TYPE=redis SESSION_REDIS=redis://127.0.0.1:6399/0
fi
PORT=8080 java -jar demo/target/flask-session-demo.jar &
pids+=($!)
PORT=5000 JAVA_URL=http://127.0.0.1:8080/ python3 examples/flask-companion/app.py &
pids+=($!)
echo "Flask: http://127.0.0.1:5000/   Java: http://127.0.0.1:8080/   (Ctrl-C stops both)"
wait
