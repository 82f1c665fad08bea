"""The Flask-Login conformance vectors: what the real Flask-Login 0.6.3 writes, for extension's login tests.

    python3 login_vectors.py write extension/src/test/resources/conformance
    python3 login_vectors.py check extension/src/test/resources/conformance

`write` asks the installed Flask 3.1.3, Werkzeug 3.1.9 and Flask-Login 0.6.3 about every case below and writes
login.jsonl; `check` makes it again and fails on any difference from the stored file. Flask-Login's clock
(datetime.utcnow in flask_login.login_manager) is fixed, so two runs give the same bytes. Every "flow" row is one
real request through a Flask app with a LoginManager, made with Flask's test client: the session it opened, the
session it saved (key order kept, as Flask-Session's msgspec keeps it) and the remember cookie headers it sent.
The README next to the vectors says what each kind of row holds.
"""
import json
import os
import sys
from datetime import datetime, timedelta
from hashlib import sha512
from importlib.metadata import version

import flask_login.login_manager
from flask import Flask, request
from flask.sessions import SecureCookieSession, SessionInterface
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_login.utils import _create_identifier, decode_cookie, encode_cookie
from werkzeug.http import dump_cookie
from werkzeug.test import EnvironBuilder, run_wsgi_app

FILE = "login.jsonl"
# Flask-Login's utcnow() in every row: 2026-01-01T00:00:00.75Z, a fraction that Expires drops.
NOW = datetime(2026, 1, 1, 0, 0, 0, 750000)
NOW_EPOCH_MICROS = 1767225600 * 10**6 + 750000
UA = "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0"
# Keys for the remember cookie: ASCII, Latin-1 (one byte each in Flask-Login's HMAC, two in itsdangerous'), longer
# than SHA-512's block, and one with a character Latin-1 cannot hold.
KEYS = ["dev-secret", "s3cr3t-\u00e9\u00e8", "k" * 200]
BAD_KEY = "cl\u00e9-\u20ac"
USER_IDS = ["42", "Zo\u00eb", "a|b", "", "with space", "\U0001F600", "x" * 300]


class FixedClock(datetime):
    @classmethod
    def utcnow(cls):
        return NOW


flask_login.login_manager.datetime = FixedClock


def bytes_latin1(text):
    """A header as WSGI (and a Servlet container) hands it over: its raw bytes, one character each."""
    return text.encode("utf-8").decode("latin-1")


class User(UserMixin):
    def __init__(self, user_id):
        self.id = user_id


class Recorded(SessionInterface):
    """Opens the session a row starts from and records the one the request would save; sets no session cookie."""

    def __init__(self):
        self.before = {}
        self.saved = None

    def open_session(self, app, request):
        return SecureCookieSession(dict(self.before))

    def save_session(self, app, session, response):
        self.saved = {"session": dict(session), "modified": session.modified}


def make_app(config, known_users):
    app = Flask("login-vectors")
    app.config["SECRET_KEY"] = "dev-secret"
    app.config.update(config)
    app.session_interface = Recorded()
    manager = LoginManager(app)

    @manager.user_loader
    def load(user_id):
        return User(user_id) if user_id in known_users else None

    return app


def environ(remote_addr, user_agent, forwarded_for, cookie=None):
    """A WSGI environ holding exactly these (None: absent), as a WSGI server would pass them."""
    env = EnvironBuilder(path="/").get_environ()
    for key, value in (("REMOTE_ADDR", remote_addr), ("HTTP_USER_AGENT", user_agent),
                       ("HTTP_X_FORWARDED_FOR", forwarded_for), ("HTTP_COOKIE", cookie)):
        env.pop(key, None)
        if value is not None:
            env[key] = value
    return env


# --- remember cookie values ---------------------------------------------------------------------------------------

def remember_value_rows():
    rows = []
    for key in KEYS:
        app = make_app({"SECRET_KEY": key}, ())
        with app.app_context():
            for user_id in USER_IDS:
                cookie = encode_cookie(user_id)
                if decode_cookie(cookie) != user_id:
                    raise AssertionError(f"Flask-Login does not read back its own {cookie!r}")
                rows.append({"kind": "remember_value", "secret_key": key, "user_id": user_id, "cookie": cookie})
    app = make_app({"SECRET_KEY": BAD_KEY}, ())
    with app.app_context():
        try:
            encode_cookie("42")
            raise AssertionError("Flask-Login took a key Latin-1 cannot encode")
        except UnicodeEncodeError:
            rows.append({"kind": "remember_key_refused", "secret_key": BAD_KEY,
                         "python": "UnicodeEncodeError: latin-1 cannot encode the key"})
    return rows


def remember_decode_rows():
    key = "dev-secret"
    app = make_app({}, ())
    with app.app_context():
        good = encode_cookie("42")
        payload, digest = good.rsplit("|", 1)
        with_bar = encode_cookie("a|b")
        other = encode_cookie("42", key=b"other-secret")
        cases = [
            ("valid", good),
            ("valid_bar_in_id", with_bar),
            ("valid_non_ascii", encode_cookie("Zo\u00eb")),
            ("valid_empty_id", encode_cookie("")),
            ("other_key", other),
            ("tampered_digest", payload + "|" + digest[:-1] + ("0" if digest[-1] != "0" else "1")),
            ("tampered_id", "43|" + digest),
            ("upper_case_digest", payload + "|" + digest.upper()),
            ("short_digest", payload + "|" + digest[:64]),
            ("no_bar", payload + digest),
            ("empty", ""),
            ("only_bar", "|"),
            ("id_only", "42|"),
            ("digest_only", "|" + digest),
            ("split_at_first_bar", "a|" + encode_cookie("b").split("|")[1] + "|x"),
            ("bar_in_id_moved", "a" + "|" + with_bar.split("|", 1)[1]),
            ("garbage", "%%%not-a-cookie%%%"),
            ("non_ascii_digest", payload + "|" + digest[:-1] + "\u00e9"),
        ]
        rows = []
        for name, cookie in cases:
            row = {"kind": "remember_decode", "name": name, "secret_key": key, "cookie": cookie}
            try:
                row["user_id"] = decode_cookie(cookie)
            except TypeError as e:
                # hmac.compare_digest refuses non-ASCII str: the request fails in Flask; no user here either
                row["user_id"] = None
                row["python_raises"] = type(e).__name__
            rows.append(row)
    return rows


# --- the session identifier ---------------------------------------------------------------------------------------

# (name, REMOTE_ADDR, User-Agent, X-Forwarded-For), headers as WSGI gives them (Latin-1 view of the raw bytes)
IDENTIFIER_CASES = [
    ("plain", "127.0.0.1", UA, None),
    ("no_user_agent", "127.0.0.1", None, None),
    ("no_remote_addr", None, UA, None),
    ("nothing", None, None, None),
    ("empty_user_agent", "10.0.0.1", "", None),
    ("non_ascii_user_agent", "127.0.0.1", bytes_latin1("Mozilla/5.0 (Zo\u00eb) \u20ac"), None),
    ("latin1_byte_user_agent", "127.0.0.1", "caf\u00e9", None),
    ("quote_in_user_agent", "127.0.0.1", "Mozilla/5.0 (it's me)", None),
    ("both_quotes_in_user_agent", "127.0.0.1", "say \"hi\" it's", None),
    ("double_quote_only", "127.0.0.1", "say \"hi\"", None),
    ("backslash_and_controls", "127.0.0.1", "a\\b\tc\x01d\x7fe\r\n", None),
    ("proxy_chain", "10.0.0.9", UA, "203.0.113.7, 10.0.0.2,10.0.0.3"),
    ("proxy_chain_spaces", "10.0.0.9", UA, "  203.0.113.7\t , 10.0.0.2"),
    ("proxy_single", "10.0.0.9", UA, "198.51.100.1"),
    ("proxy_empty", "10.0.0.9", UA, ""),
    ("proxy_first_empty", "10.0.0.9", UA, ", 10.0.0.2"),
    ("proxy_ipv6", "::1", UA, "2001:db8::1, 10.0.0.2"),
    ("proxy_non_ascii", "10.0.0.9", UA, bytes_latin1("h\u00f4te, 10.0.0.2")),
    ("proxy_quote", "10.0.0.9", "ua", "it's, x"),
    ("ipv6_remote", "2001:db8::5", UA, None),
]


def python_bytes_repr_base(addr, ua):
    """What 0.6.3 hashes, spelt out; checked against its own _create_identifier below."""
    if addr is not None:
        addr = addr.encode("utf-8").split(b",")[0].strip()
    if ua is not None:
        ua = ua.encode("utf-8")
    return f"{addr}|{ua}"


def identifier_rows():
    app = make_app({}, ())
    rows = []
    for name, remote_addr, ua, forwarded in IDENTIFIER_CASES:
        with app.request_context(environ(remote_addr, ua, forwarded)):
            identifier = _create_identifier()
            base = python_bytes_repr_base(request.headers.get("X-Forwarded-For", request.remote_addr),
                                          request.headers.get("User-Agent"))
            if sha512(base.encode("utf8")).hexdigest() != identifier:
                raise AssertionError(f"{name}: the spelt-out base {base!r} is not what 0.6.3 hashes")
            # Flask-Login's main branch (the unreleased 0.7), src/flask_login/utils.py, verbatim
            base_07 = f"{request.remote_addr}|{request.user_agent.string}"
            identifier_07 = sha512(base_07.encode()).hexdigest()
        rows.append({"kind": "identifier", "name": name, "remote_addr": remote_addr, "user_agent": ua,
                     "x_forwarded_for": forwarded, "base": base, "id": identifier, "base_0_7": base_07,
                     "id_0_7": identifier_07})
    return rows


# --- requests through a real LoginManager -------------------------------------------------------------------------

def run_flow(name, action, before=None, config=None, known=("42",), cookie=None, remote_addr="127.0.0.1", ua=UA,
             forwarded=None, remember=False, duration=None, fresh=True, user_id="42"):
    """One request: its view does action ("login", "logout", or "load": look at current_user) and returns."""
    before = dict(before or {})
    config = dict(config or {})
    app = make_app(config, set(known))
    app.session_interface.before = before

    @app.get("/")
    def view():
        if action == "login":
            login_user(User(user_id), remember=remember, duration=duration, fresh=fresh)
        elif action == "logout":
            logout_user()
        elif action != "load":
            raise ValueError(action)
        return {"user_id": current_user.get_id() if current_user.is_authenticated else None}

    cookie_header = None
    if cookie is not None:
        name_ = config.get("REMEMBER_COOKIE_NAME", "remember_token")
        cookie_header = dump_cookie(name_, cookie).split(";")[0]
    body, status, headers = run_wsgi_app(app, environ(remote_addr, ua, forwarded, cookie_header), buffered=True)
    if status != "200 OK":
        raise AssertionError(f"{name}: Flask answered {status}")
    with app.request_context(environ(remote_addr, ua, forwarded)):
        identifier = _create_identifier()
    row = {"kind": "flow", "name": name, "action": action, "config": config, "known_users": sorted(known),
           "remote_addr": remote_addr, "user_agent": ua, "x_forwarded_for": forwarded, "identifier": identifier,
           "request_cookie": cookie, "now_epoch_micros": NOW_EPOCH_MICROS, "session_before": before}
    if action == "login":
        row["login"] = {"user_id": user_id, "remember": remember, "fresh": fresh,
                        "duration_micros": None if duration is None else duration // timedelta(microseconds=1)}
    row.update({"current_user": json.loads(b"".join(body))["user_id"], "session_after": app.session_interface.saved["session"],
                "session_modified": app.session_interface.saved["modified"],
                "set_cookie": headers.getlist("Set-Cookie")})
    return row


def flow_rows():
    good = lambda user_id, key="dev-secret": encode_cookie(user_id, key=key.encode("latin1"))  # noqa: E731
    logged_in = {"_fresh": True, "_id": None, "_user_id": "42"}
    with make_app({}, ()).request_context(environ("127.0.0.1", UA, None)):
        here = _create_identifier()
    logged_in["_id"] = here
    elsewhere = dict(logged_in, _id="0" * 128)
    f = []
    # login_user
    f.append(run_flow("login", "login"))
    f.append(run_flow("login_remember", "login", remember=True))
    f.append(run_flow("login_remember_duration", "login", remember=True, duration=timedelta(hours=1)))
    f.append(run_flow("login_remember_fractional_duration", "login", remember=True,
                      duration=timedelta(seconds=1, microseconds=500000)))
    f.append(run_flow("login_remember_duration_days", "login", remember=True, duration=timedelta(days=3, seconds=7)))
    f.append(run_flow("login_not_fresh", "login", fresh=False))
    f.append(run_flow("login_over_existing_keys", "login", remember=True, user_id="7",
                      before={"cart": [1, 2], "_fresh": False, "_user_id": "42", "_permanent": True}))
    f.append(run_flow("login_non_ascii_id", "login", remember=True, user_id="Zo\u00eb", known=("Zo\u00eb",)))
    f.append(run_flow("login_bar_in_id", "login", remember=True, user_id="a|b", known=("a|b",)))
    f.append(run_flow("login_behind_proxy", "login", forwarded="203.0.113.7, 10.0.0.2", ua=None))
    f.append(run_flow("login_remember_settings", "login", remember=True, config={
        "REMEMBER_COOKIE_NAME": "rem", "REMEMBER_COOKIE_DOMAIN": ".example.com", "REMEMBER_COOKIE_PATH": "/app",
        "REMEMBER_COOKIE_SECURE": True, "REMEMBER_COOKIE_HTTPONLY": False, "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": 3600}))
    f.append(run_flow("login_remember_samesite_none", "login", remember=True, config={
        "REMEMBER_COOKIE_SECURE": True, "REMEMBER_COOKIE_SAMESITE": "None"}))
    f.append(run_flow("login_remember_samesite_strict_odd_path", "login", remember=True, config={
        "REMEMBER_COOKIE_SAMESITE": "Strict", "REMEMBER_COOKIE_PATH": "/a b/\u00e9",
        "REMEMBER_COOKIE_DOMAIN": "example.com:8443"}))
    f.append(run_flow("login_remember_duration_setting_days", "login", remember=True, config={
        "REMEMBER_COOKIE_DURATION": 2 * 86400}))
    # logout_user
    f.append(run_flow("logout", "logout", before=dict(logged_in, cart="x")))
    f.append(run_flow("logout_with_remember_cookie", "logout", cookie=good("42"),
                      before=dict(logged_in, _remember_seconds=3600.0)))
    f.append(run_flow("logout_with_remember_cookie_settings", "logout", cookie=good("42"), before=logged_in,
                      config={"REMEMBER_COOKIE_NAME": "rem", "REMEMBER_COOKIE_DOMAIN": ".example.com",
                              "REMEMBER_COOKIE_PATH": "/app", "REMEMBER_COOKIE_SECURE": True,
                              "REMEMBER_COOKIE_SAMESITE": "Lax"}))
    f.append(run_flow("logout_only_cookie", "logout", cookie=good("42"), before={}))
    f.append(run_flow("logout_anonymous", "logout", before={"cart": 1}))
    # loading the user: the remember cookie
    f.append(run_flow("load_from_session", "load", before=logged_in))
    f.append(run_flow("restore_from_cookie", "load", cookie=good("42"), before={}))
    f.append(run_flow("restore_from_cookie_keeps_other_keys", "load", cookie=good("42"), before={"cart": 1}))
    f.append(run_flow("restore_non_ascii_id", "load", cookie=good("Zo\u00eb"), known=("Zo\u00eb",)))
    f.append(run_flow("restore_cookie_user_unknown", "load", cookie=good("99"), before={}))
    f.append(run_flow("restore_session_user_unknown", "load", cookie=good("42"),
                      before={"_user_id": "7", "_fresh": True, "_id": here}))
    f.append(run_flow("restore_not_after_clear", "load", cookie=good("42"), before={"_remember": "clear"}))
    f.append(run_flow("restore_tampered", "load", cookie="42|" + "0" * 128, before={}))
    f.append(run_flow("restore_other_key", "load", cookie=good("42", "other-secret"), before={}))
    f.append(run_flow("restore_garbage", "load", cookie="garbage", before={}))
    f.append(run_flow("restore_with_refresh_each_request", "load", cookie=good("42"), before={},
                      config={"REMEMBER_COOKIE_REFRESH_EACH_REQUEST": True}))
    f.append(run_flow("refresh_each_request_logged_in", "load", before=dict(logged_in, _remember_seconds=60.0),
                      config={"REMEMBER_COOKIE_REFRESH_EACH_REQUEST": True}))
    f.append(run_flow("refresh_each_request_anonymous", "load", before={},
                      config={"REMEMBER_COOKIE_REFRESH_EACH_REQUEST": True}))
    f.append(run_flow("remember_set_left_in_session", "load", before=dict(logged_in, _remember="set")))
    f.append(run_flow("remember_set_without_user", "load", known=(), before={"_remember": "set", "cart": 1}))
    # session protection
    f.append(run_flow("protection_match", "load", before=logged_in))
    f.append(run_flow("protection_basic_mismatch", "load", before=elsewhere))
    f.append(run_flow("protection_basic_mismatch_already_stale", "load", before=dict(elsewhere, _fresh=False)))
    f.append(run_flow("protection_basic_no_id_no_fresh", "load", before={"_user_id": "42", "cart": 1}))
    f.append(run_flow("protection_basic_permanent", "load", before=dict(elsewhere, _permanent=True)))
    f.append(run_flow("protection_strong_mismatch", "load", cookie=good("42"), config={"SESSION_PROTECTION": "strong"},
                      before=dict(elsewhere, _remember_seconds=60.0, next="/x", cart=1)))
    f.append(run_flow("protection_strong_permanent", "load", config={"SESSION_PROTECTION": "strong"},
                      before=dict(elsewhere, _permanent=True)))
    f.append(run_flow("protection_strong_match", "load", config={"SESSION_PROTECTION": "strong"}, before=logged_in))
    f.append(run_flow("protection_strong_empty_session", "load", config={"SESSION_PROTECTION": "strong"},
                      cookie=good("42"), before={}))
    f.append(run_flow("protection_strong_behind_proxy", "load", config={"SESSION_PROTECTION": "strong"},
                      forwarded="203.0.113.7", before=logged_in))
    f.append(run_flow("protection_off", "load", config={"SESSION_PROTECTION": None}, before=elsewhere))
    return f


def rows():
    return remember_value_rows() + remember_decode_rows() + identifier_rows() + flow_rows()


def peers():
    return ", ".join(f"{p} {version(p)}" for p in ("flask", "werkzeug", "flask-login"))


def text():
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows())


def write(directory):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, FILE), "w", encoding="utf-8", newline="\n") as out:
        out.write(text())
    print(f"Wrote {FILE} to {directory} with {peers()}")
    return 0


def check(directory):
    path = os.path.join(directory, FILE)
    if not os.path.isfile(path):
        print(f"{path}: missing")
        return 1
    with open(path, encoding="utf-8", newline="") as f:
        stored = f.read().splitlines(keepends=True)
    now = text().splitlines(keepends=True)
    wrong = [f"{FILE} line {n}: stored {old.rstrip()}\n    but the peers now give {new.rstrip()}"
             for n, (old, new) in enumerate(zip(stored, now), 1) if old != new]
    if len(stored) != len(now):
        wrong.append(f"{FILE}: {len(stored)} lines stored, the peers now give {len(now)}")
    if wrong:
        print(f"{peers()} disagree with {path}:", *wrong, sep="\n")
        print(f"Regenerate with: python3 {sys.argv[0]} write {directory}")
        return 1
    print(f"{peers()} agree with {path}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        sys.exit(f"usage: {sys.argv[0]} write|check DIRECTORY")
    sys.exit(write(sys.argv[2]) if sys.argv[1] == "write" else check(sys.argv[2]))
