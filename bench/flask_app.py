"""The demo's session API on the real Flask 3.1.3, for the HTTP load comparison under gunicorn.

Settings come from the environment under Flask's names, as the demo reads them: SECRET_KEY, and SESSION_TYPE=redis
with SESSION_REDIS=redis://127.0.0.1:PORT/0 for Flask-Session 0.8's Redis backend (msgpack, permanent sessions:
its defaults, which the Java backend shares).

The routes repeat it-tests' flask_peer.py on purpose: that peer grows whatever the interop tests need, while this
app must stay the plain Flask a user would write, or the comparison would drift.
"""
import os

from flask import Flask, Response, request, session
from flask.json.tag import TaggedJSONSerializer

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]

if os.environ.get("SESSION_TYPE") == "redis":
    import redis
    from flask_session import Session

    app.config["SESSION_TYPE"] = "redis"
    app.config["SESSION_REDIS"] = redis.from_url(os.environ["SESSION_REDIS"])
    Session(app)

tagged = TaggedJSONSerializer()


@app.get("/api/ping")
def ping():
    return Response("pong", mimetype="text/plain")


@app.get("/api/session")
def read():
    return Response(tagged.dumps(dict(session)), mimetype="application/json")


@app.put("/api/session/<key>")
def put(key):
    session[key] = tagged.loads(request.get_data(as_text=True))
    return "", 204
