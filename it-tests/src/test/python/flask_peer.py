"""The real Flask, serving the same JSON API as the demo, for the interop tests.

Settings come from the environment under Flask's names, exactly as the Java side reads them.
Values travel as Flask's tagged JSON, so types survive in both directions.
With SESSION_TYPE=redis, the real Flask-Session 0.8 keeps the sessions in the Redis at SESSION_REDIS;
with SESSION_TYPE=sqlalchemy, in its SQL table at SQLALCHEMY_DATABASE_URI (postgresql+psycopg2://...).
"""
import os

import json

from flask import Flask, Response, flash, get_flashed_messages, request, session
from flask.json.tag import TaggedJSONSerializer
from markupsafe import Markup

app = Flask(__name__)
if os.environ.get("SECRET_KEY"):
    app.secret_key = os.environ["SECRET_KEY"]


def _bool(v):
    return v.strip().lower() in ("1", "true", "yes", "on")


for name, conv in (
    ("SESSION_COOKIE_NAME", str),
    ("SESSION_COOKIE_DOMAIN", str),
    ("SESSION_COOKIE_PATH", str),
    ("SESSION_COOKIE_HTTPONLY", _bool),
    ("SESSION_COOKIE_SECURE", _bool),
    ("SESSION_COOKIE_SAMESITE", str),
    ("SESSION_COOKIE_PARTITIONED", _bool),
    ("PERMANENT_SESSION_LIFETIME", int),
    ("SESSION_REFRESH_EACH_REQUEST", _bool),
):
    if os.environ.get(name):
        app.config[name] = conv(os.environ[name])
if os.environ.get("SECRET_KEY_FALLBACKS"):
    app.config["SECRET_KEY_FALLBACKS"] = [k.strip() for k in os.environ["SECRET_KEY_FALLBACKS"].split(",")]

if os.environ.get("SESSION_TYPE") in ("redis", "sqlalchemy"):
    from flask_session import Session

    app.config["SESSION_TYPE"] = os.environ["SESSION_TYPE"]
    if app.config["SESSION_TYPE"] == "redis":
        import redis

        app.config["SESSION_REDIS"] = redis.from_url(os.environ["SESSION_REDIS"])
    else:
        from flask_sqlalchemy import SQLAlchemy

        # SQLAlchemy's postgresql:// means psycopg 3; the peer has psycopg2-binary.
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["SQLALCHEMY_DATABASE_URI"]
        app.config["SESSION_SQLALCHEMY"] = SQLAlchemy(app)
    for name, conv in (
        ("SESSION_SQLALCHEMY_TABLE", str),
        ("SESSION_CLEANUP_N_REQUESTS", int),
        ("SESSION_KEY_PREFIX", str),
        ("SESSION_USE_SIGNER", _bool),
        ("SESSION_PERMANENT", _bool),
        ("SESSION_ID_LENGTH", int),
        ("SESSION_SERIALIZATION_FORMAT", str),
    ):
        if os.environ.get(name):
            app.config[name] = conv(os.environ[name])
    Session(app)

tagged = TaggedJSONSerializer()

# Flask-Login 0.6.3, with the demo's contract: /api/login, /api/logout and /api/me (a login_required view). Only with
# FLASK_LOGIN=1: its after_request function reads the session on every request, so every response of a Flask-Login
# app varies on Cookie, which the plain-Flask comparisons must not see.
from datetime import timedelta

from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user

login_enabled = os.environ.get("FLASK_LOGIN") == "1"
for name, conv in (
    ("REMEMBER_COOKIE_NAME", str),
    ("REMEMBER_COOKIE_DOMAIN", str),
    ("REMEMBER_COOKIE_PATH", str),
    ("REMEMBER_COOKIE_SECURE", _bool),
    ("REMEMBER_COOKIE_HTTPONLY", _bool),
    ("REMEMBER_COOKIE_SAMESITE", str),
    ("REMEMBER_COOKIE_REFRESH_EACH_REQUEST", _bool),
    ("SESSION_PROTECTION", str),
):
    if os.environ.get(name):
        app.config[name] = conv(os.environ[name])
if os.environ.get("REMEMBER_COOKIE_DURATION"):
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(seconds=int(os.environ["REMEMBER_COOKIE_DURATION"]))
login_manager = LoginManager(app) if login_enabled else LoginManager()
if os.environ.get("LOGIN_VIEW"):
    login_manager.login_view = os.environ["LOGIN_VIEW"]
# Ids the loader refuses, as a deleted account: LOGIN_UNKNOWN_USERS=a,b.
unknown_users = {u for u in os.environ.get("LOGIN_UNKNOWN_USERS", "").split(",") if u}


class User(UserMixin):
    def __init__(self, user_id):
        self.id = user_id


@login_manager.user_loader
def load_user(user_id):
    return None if user_id in unknown_users else User(user_id)


@app.post("/api/login")
def api_login():
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("user_id"), str):
        return {"status": 400, "title": "Bad login request"}, 400
    duration = body.get("duration")
    login_user(User(body["user_id"]), remember=bool(body.get("remember", False)),
               duration=None if duration is None else timedelta(seconds=duration), fresh=body.get("fresh", True))
    return "", 204


@app.post("/api/logout")
def api_logout():
    logout_user()
    return "", 204


@app.get("/api/me")
@login_required
def api_me():
    return {"user_id": current_user.get_id(), "fresh": bool(session.get("_fresh", False))}


@app.get("/api/ping")
def ping():
    return Response("pong", mimetype="text/plain")


@app.post("/api/flash")
def api_flash():
    body = request.get_json(force=True, silent=True) or {}
    message = Markup(body["message"]) if body.get("markup") else body["message"]
    flash(message, body.get("category", "message"))
    return "", 204


@app.get("/api/flashes")
def api_flashes():
    categories = request.args.getlist("category")
    messages = get_flashed_messages(with_categories=True, category_filter=categories)
    if request.args.get("types"):
        # What the message is here: Markup stays Markup through the tagged cookie.
        out = [[c, str(m), "markup" if isinstance(m, Markup) else type(m).__name__] for c, m in messages]
    else:
        out = [[c, str(m)] for c, m in messages]
    return json.dumps(out, separators=(",", ":")), 200, {"Content-Type": "application/json"}


# Flask-WTF 1.3.0's CSRFProtect, with the demo's contract: /api/csrf-token and /api/protected. Only with FLASK_WTF=1,
# and with WTF_CSRF_CHECK_DEFAULT off, so only /api/protected is checked, by csrf.protect() as a view calls it.
if os.environ.get("FLASK_WTF") == "1":
    import time

    from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer
    from werkzeug.middleware.proxy_fix import ProxyFix

    for name, conv in (
        ("WTF_CSRF_SECRET_KEY", str),
        ("WTF_CSRF_SSL_STRICT", _bool),
        ("WTF_CSRF_FIELD_NAME", str),
    ):
        if os.environ.get(name):
            app.config[name] = conv(os.environ[name])
    if os.environ.get("WTF_CSRF_TIME_LIMIT"):
        limit = os.environ["WTF_CSRF_TIME_LIMIT"]
        app.config["WTF_CSRF_TIME_LIMIT"] = None if limit == "none" else int(limit)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf = CSRFProtect(app)
    # Behind a proxy that terminates TLS: X-Forwarded-Proto: https makes request.is_secure, as in production.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1)

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return {"status": 400, "title": "Bad Request", "detail": e.description}, 400

    @app.get("/api/csrf-token")
    def api_csrf_token():
        return {"csrf_token": generate_csrf()}

    @app.get("/api/csrf-token/aged")
    def api_csrf_token_aged():
        """The session's token signed age seconds ago, as a page left open that long would carry it."""
        age = int(request.args["age"])
        generate_csrf()
        raw = session[app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")]

        class Aged(TimestampSigner):
            def get_timestamp(self):
                return int(time.time()) - age

        key = app.config.get("WTF_CSRF_SECRET_KEY") or app.secret_key
        return {"csrf_token": URLSafeTimedSerializer(key, salt="wtf-csrf-token", signer=Aged).dumps(raw)}

    @app.post("/api/protected")
    def api_protected():
        csrf.protect()
        return "", 204


@app.get("/api/session")
def read():
    return Response(tagged.dumps(dict(session)), mimetype="application/json")


@app.put("/api/session/<key>")
def put(key):
    session[key] = tagged.loads(request.get_data(as_text=True))
    return "", 204


@app.delete("/api/session/<key>")
def remove(key):
    session.pop(key, None)
    return "", 204


@app.delete("/api/session")
def clear():
    session.clear()
    return "", 204


@app.post("/api/session/touch")
def touch():
    session.modified = True
    return "", 204


@app.post("/api/session/regenerate")
def regenerate():
    if hasattr(app.session_interface, "regenerate"):
        app.session_interface.regenerate(session)
    return "", 204


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ["PORT"]), use_reloader=False)
