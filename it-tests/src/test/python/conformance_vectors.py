"""The conformance vectors: what the real Flask, itsdangerous and Flask-Session write, for extension's tests.

    python3 conformance_vectors.py write extension/src/test/resources/conformance
    python3 conformance_vectors.py check extension/src/test/resources/conformance

`write` asks the installed Flask 3.1.3, itsdangerous 2.2.0, Flask-Session 0.8.0 (msgspec) and Flask-WTF 1.3.0 about every case
below and writes one file per kind of vector; `check` makes them again and fails on any difference from the stored
files, so the vectors cannot drift from the peers (ConformanceVectorsTest runs it). Every timestamp is fixed, so two
runs give the same bytes. The README next to the vectors says what each file holds.
"""
import contextlib
import hashlib
import json
import os
import sys
import warnings
from datetime import datetime, timezone
from importlib.metadata import version
from uuid import UUID

import redis
from flask import Flask, flash, get_flashed_messages, request, session
from flask.sessions import SecureCookieSessionInterface, session_json_serializer
from flask_session.redis import RedisSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf, validate_csrf
from itsdangerous import Signer, TimestampSigner, URLSafeTimedSerializer
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import ValidationError

# 2026-01-01T00:00:00Z: the time every cookie is signed at.
SIGNED_AT = 1767225600
# Flask's default PERMANENT_SESSION_LIFETIME, 31 days, in seconds.
MAX_AGE = 31 * 24 * 3600
# The cookie cases take these keys in turn: ASCII, non-ASCII (UTF-8 bytes in the HMAC), and a long one.
SECRET_KEYS = ["dev-secret", "s3cr3t-\u00e9\u00e8", "x" * 64]

WHEN = datetime(2025, 7, 4, 12, 30, 45, 123456, tzinfo=timezone.utc)
AN_ID = UUID("12345678123456781234567812345678")

# (name, session data) for securecookie.jsonl and tagged-json.jsonl, in file order.
COOKIE_CASES = [
    ("empty", {}),
    ("int", {"a": 1}),
    ("permanent", {"_permanent": True, "user_id": 42}),
    ("strings", {"ctrl": "line\nbreak\t\"quoted\"\\", "emoji": "\U0001F600", "empty": "", "name": "Zo\u00eb"}),
    ("numbers", {"big": 2**70, "f": 1.5, "neg": -7, "tiny": 1e-09, "zero": 0}),
    ("nested", {"cart": {"coupon": None, "items": [{"qty": 2, "sku": "A1"}, {"qty": 1, "sku": "B2"}]},
                "flags": [True, False]}),
    ("unicode_keys", {"cl\u00e9": 1, "\u952e": 2, "key with space": 3}),
    ("sorted_keys", {"b": 1, "a": 2, "C": 3, "_z": 4, "10": 5, "9": 6}),
    ("tuple", {"t": (1, "two", 3.0)}),
    ("bytes", {"b": b"\x00\x01\xffbinary"}),
    ("markup", {"m": Markup("<b>bold</b> &amp;")}),
    ("uuid", {"u": AN_ID}),
    ("datetime", {"d": WHEN}),
    # dicts whose only key looks like a tag: Flask's TagDict escapes the key
    ("tag_collision", {"x": {" t": [1, 2]}, "y": {" di": {"a": 1}}}),
    ("dict_tagged_values", {"outer": {"pair": (1, 2), "raw": b"ab",
                                      "when": datetime(2024, 2, 29, 23, 59, 59, tzinfo=timezone.utc)}}),
    ("flask_flashes", {"_flashes": [("message", "Logged in"), ("error", "Bad <input>")]}),
    ("compressed", {"big": "a" * 2000}),
    ("compressed_mixed", {"rows": [{"id": i, "name": f"row-{i}"} for i in range(60)]}),
    ("list_of_tuples", {"l": [(1, 2), (3, (4, 5))]}),
    ("empty_containers", {"d": {}, "l": [], "t": ()}),
]

# (name, session data) for flask-session-values.jsonl; key order matters here, as msgspec keeps it.
VALUE_CASES = [
    ("simple", {"_permanent": True, "user_id": 42, "name": "Zo\u00eb"}),
    ("nested", {"cart": {"items": [{"sku": "A1", "qty": 2}], "total": 19.99}, "flags": [True, None]}),
    ("big_int", {"n": 2**62, "neg": -(2**40)}),
    ("bytes", {"b": b"\x00\xffraw"}),
    ("datetime", {"d": WHEN}),
    ("tuple", {"t": (1, 2, 3)}),
    ("uuid", {"u": AN_ID}),
    ("flashes", {"_flashes": [("message", "hi")]}),
]

# (secret key, session id) for flask-session-signed-ids.jsonl
SIGNED_IDS = [
    ("dev-secret", "kq3Jb0_9dZ1PrSAF0YyB6n0mZtUMa4x0dwXhVqXw6mk"),
    ("s3cr3t", "abc"),
]


@contextlib.contextmanager
def clock_at(seconds):
    """itsdangerous reads the time in TimestampSigner.get_timestamp, for signing and for the age check."""
    real = TimestampSigner.get_timestamp
    TimestampSigner.get_timestamp = lambda self: seconds
    try:
        yield
    finally:
        TimestampSigner.get_timestamp = real


def flask_app(secret_key, fallbacks=(), interface=None, max_age=MAX_AGE):
    """A Flask app whose GET / answers with the session it opened, in Flask's tagged JSON."""
    app = Flask("conformance")
    app.secret_key = secret_key
    app.config["SECRET_KEY_FALLBACKS"] = list(fallbacks)
    app.config["PERMANENT_SESSION_LIFETIME"] = max_age
    if interface is not None:
        app.session_interface = interface

    @app.get("/")
    def show():
        return session_json_serializer.dumps(dict(session))

    return app


def tagged(data):
    """Flask's tagged JSON of data, as a request writes it (the app's JSON provider sorts keys, escapes non-ASCII)."""
    with flask_app("unused").app_context():
        return session_json_serializer.dumps(data)


def flask_cookie(app, data):
    """The cookie value Flask's save_session writes for data: get_signing_serializer(app).dumps(dict(session))."""
    with app.test_request_context(), clock_at(SIGNED_AT):
        return app.session_interface.get_signing_serializer(app).dumps(dict(data))


def flask_opens(app, cookie, now):
    """What a request that sends cookie at now finds in the session, in tagged JSON ("{}" when Flask refused it)."""
    with clock_at(now):
        response = app.test_client(use_cookies=False).get("/", headers={"Cookie": "session=" + cookie})
    if response.status_code != 200:
        raise AssertionError(f"Flask answered {response.status_code} for cookie {cookie!r}")
    return response.get_data(as_text=True)


class Salted(SecureCookieSessionInterface):
    salt = "flask-session"


class Sha256(SecureCookieSessionInterface):
    digest_method = staticmethod(hashlib.sha256)


class NoKeyDerivation(SecureCookieSessionInterface):
    key_derivation = "none"


def securecookie_rows():
    rows = []
    for i, (name, data) in enumerate(COOKIE_CASES):
        key = SECRET_KEYS[i % len(SECRET_KEYS)]
        app = flask_app(key)
        text = tagged(data)
        cookie = flask_cookie(app, data)
        if flask_opens(app, cookie, SIGNED_AT) != text:
            raise AssertionError(f"{name}: Flask does not read back its own cookie {cookie}")
        rows.append({"name": name, "secret_key": key, "timestamp": SIGNED_AT, "tagged_json": text,
                     "cookie": cookie, "compressed": cookie.startswith(".")})
    data = {"user_id": 7}
    cookie = flask_cookie(flask_app("old-key"), data)
    if flask_opens(flask_app("new-key", ["old-key"]), cookie, SIGNED_AT) != tagged(data):
        raise AssertionError("Flask does not open a cookie signed with a SECRET_KEY_FALLBACKS key")
    rows.append({"name": "fallback_key", "secret_key": "new-key", "fallbacks": ["old-key"], "timestamp": SIGNED_AT,
                 "tagged_json": tagged(data), "cookie": cookie, "verify_only": True,
                 "note": "must verify via the fallback; re-signing uses new-key, so no byte-identity"})
    return rows


def tampered(part):
    """part with its last character changed."""
    return part[:-1] + ("B" if part[-1] != "B" else "C")


def reject_rows():
    key = "dev-secret"
    good = flask_cookie(flask_app(key), {"user_id": 1})
    payload, stamp, signature = good.split(".")
    unstamped = Signer(key, salt="cookie-session", key_derivation="hmac", digest_method=hashlib.sha1)
    small = {"a": 1}
    # (name, secret key, cookie, now); "expect" is what the real Flask does with it
    cases = [
        ("wrong_key", "other-secret", good, SIGNED_AT),
        ("tampered_signature", key, f"{payload}.{stamp}.{tampered(signature)}", SIGNED_AT),
        ("tampered_payload", key, f"{tampered(payload)}.{stamp}.{signature}", SIGNED_AT),
        ("tampered_timestamp", key, f"{payload}.{tampered(stamp)}.{signature}", SIGNED_AT),
        ("expired", key, good, SIGNED_AT + MAX_AGE + 1),
        ("truncated", key, f"{payload}.{stamp}.", SIGNED_AT),
        ("no_timestamp", key, unstamped.sign(payload).decode(), SIGNED_AT),
        ("garbage", key, "%%%not-base64%%%.abc.def", SIGNED_AT),
        ("empty_parts", key, "..", SIGNED_AT),
        ("sha256_digest", key, flask_cookie(flask_app(key, interface=Sha256()), small), SIGNED_AT),
        ("no_key_derivation", key, flask_cookie(flask_app(key, interface=NoKeyDerivation()), small), SIGNED_AT),
        ("other_salt", key, flask_cookie(flask_app(key, interface=Salted()), small), SIGNED_AT),
        ("not_yet_expired", key, good, SIGNED_AT + MAX_AGE),
    ]
    rows = []
    for name, secret, cookie, now in cases:
        found = flask_opens(flask_app(secret), cookie, now)
        row = {"name": name, "secret_key": secret, "cookie": cookie, "now": now, "max_age": MAX_AGE,
               "expect": "reject" if found == "{}" else "accept"}
        if found != "{}":
            row["tagged_json"] = found
        rows.append(row)
    return rows


def tagged_json_rows():
    return [{"name": name, "tagged_json": tagged(data)} for name, data in COOKIE_CASES]


def redis_interface(secret_key, serialization_format, use_signer=False):
    """Flask-Session's Redis interface; its client never connects, as nothing here reaches the store."""
    app = flask_app(secret_key)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # SESSION_USE_SIGNER is deprecated in 0.8
        interface = RedisSessionInterface(app, client=redis.Redis(), use_signer=use_signer,
                                          serialization_format=serialization_format)
    return app, interface


def value_rows():
    rows = []
    for name, data in VALUE_CASES:
        for serialization_format in ("msgpack", "json"):
            _, interface = redis_interface("unused", serialization_format)
            # what RedisSessionInterface._upsert_session hands to SET, and what _retrieve_session_data reads back
            stored = interface.serializer.encode(data)
            rows.append({"name": name, "format": serialization_format, "value_hex": stored.hex(),
                         "encoded_from_tagged_json": tagged(data),
                         "python_decodes_to_tagged_json": tagged(interface.serializer.decode(stored))})
    return rows


def signed_id_rows():
    rows = []
    for key, sid in SIGNED_IDS:
        app, interface = redis_interface(key, "msgpack", use_signer=True)
        signed = interface._sign(app, sid)
        if interface._unsign(app, signed) != sid:
            raise AssertionError(f"Flask-Session does not unsign its own {signed}")
        rows.append({"secret_key": key, "sid": sid, "signed": signed})
    return rows


# --- Flask-WTF 1.3.0 CSRF (csrf.jsonl) ---------------------------------------------------------------------------

# Raw tokens as generate_csrf makes them (sha1(os.urandom(64)).hexdigest()), fixed here so the files are stable.
RAW = hashlib.sha1(b"raw token one").hexdigest()
OTHER_RAW = hashlib.sha1(b"another session's raw token").hexdigest()


def csrf_app(secret_key="dev-secret", **config):
    """A Flask app with CSRFProtect whose POST/PUT/PATCH/DELETE/GET / answers "ok", and a CSRFError its reason."""
    app = Flask("csrf")
    app.secret_key = secret_key
    app.config.update(config)
    # the referrer cases that make urlparse raise are answered 500 on purpose: no traceback for them in the build log
    app.logger.disabled = True
    CSRFProtect(app)

    @app.route("/", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def handle():
        return "ok"

    @app.errorhandler(CSRFError)
    def refused(e):
        return e.description, 400

    return app


def wtf_token(app, raw, at=SIGNED_AT):
    """generate_csrf() in a request whose session holds raw, signed at at."""
    with app.test_request_context(), clock_at(at):
        session[app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")] = raw
        return generate_csrf()


def wtf_validates(app, token, session_data, now):
    """validate_csrf(token) in a request whose session holds session_data, at now: "ok" or Flask-WTF's reason."""
    with app.test_request_context(), clock_at(now):
        session.update(session_data)
        try:
            validate_csrf(token)
        except ValidationError as e:
            return e.args[0]
    return "ok"


def csrf_token_rows():
    rows = []
    cases = [("ascii_key", {}, "dev-secret", RAW), ("non_ascii_key", {}, SECRET_KEYS[1], RAW),
             ("long_key", {}, SECRET_KEYS[2], OTHER_RAW),
             ("wtf_secret_key", {"WTF_CSRF_SECRET_KEY": "csrf-only-key"}, "dev-secret", RAW),
             # a session value no Flask-WTF makes, long enough that itsdangerous compresses it
             ("compressed", {}, "dev-secret", "a" * 200)]
    for name, config, key, raw in cases:
        app = csrf_app(key, **config)
        token = wtf_token(app, raw)
        if wtf_validates(app, token, {"csrf_token": raw}, SIGNED_AT) != "ok":
            raise AssertionError(f"{name}: Flask-WTF does not validate its own token {token}")
        row = {"kind": "token", "name": name, "secret_key": key, "raw": raw, "timestamp": SIGNED_AT, "token": token}
        row.update({k.lower(): v for k, v in config.items()})
        rows.append(row)
    return rows


def csrf_validate_rows():
    key = "dev-secret"
    app = csrf_app(key)
    good = wtf_token(app, RAW)
    payload, stamp, signature = good.split(".")
    mine = {"csrf_token": RAW}
    other_salt = URLSafeTimedSerializer(key, salt="cookie-session")
    with clock_at(SIGNED_AT):
        salted = other_salt.dumps(RAW)
    # (name, SECRET_KEY, extra config, token, session, now, what this library answers where it differs on purpose)
    cases = [
        ("valid", key, {}, good, mine, SIGNED_AT + 10, None),
        ("missing_empty", key, {}, "", mine, SIGNED_AT, None),
        ("missing_none", key, {}, None, mine, SIGNED_AT, None),
        ("session_token_missing", key, {}, good, {}, SIGNED_AT, None),
        ("session_token_missing_before_invalid", key, {}, "garbage", {}, SIGNED_AT, None),
        ("at_time_limit", key, {}, good, mine, SIGNED_AT + 3600, None),
        ("expired", key, {}, good, mine, SIGNED_AT + 3601, None),
        ("from_the_future", key, {}, good, mine, SIGNED_AT - 1, None),
        ("no_time_limit", key, {"WTF_CSRF_TIME_LIMIT": None}, good, mine, SIGNED_AT + 10**8, None),
        ("time_limit_zero", key, {"WTF_CSRF_TIME_LIMIT": 0}, good, mine, SIGNED_AT, None),
        ("time_limit_zero_expired", key, {"WTF_CSRF_TIME_LIMIT": 0}, good, mine, SIGNED_AT + 1, None),
        ("short_time_limit", key, {"WTF_CSRF_TIME_LIMIT": 60}, good, mine, SIGNED_AT + 61, None),
        ("wrong_key", "other-secret", {}, good, mine, SIGNED_AT, None),
        ("wrong_key_and_expired", "other-secret", {}, good, mine, SIGNED_AT + 10**6, None),
        ("tampered_signature", key, {}, f"{payload}.{stamp}.{tampered(signature)}", mine, SIGNED_AT, None),
        ("tampered_payload", key, {}, f"{tampered(payload)}.{stamp}.{signature}", mine, SIGNED_AT, None),
        ("tampered_timestamp", key, {}, f"{payload}.{tampered(stamp)}.{signature}", mine, SIGNED_AT, None),
        ("no_timestamp", key, {}, f"{payload}.{signature}", mine, SIGNED_AT, None),
        ("garbage", key, {}, "%%%not-a-token%%%", mine, SIGNED_AT, None),
        ("dots", key, {}, "..", mine, SIGNED_AT, None),
        ("non_ascii", key, {}, "t\u00f6k\u00e9n.\u00e9\u00e9.\u00e9", mine, SIGNED_AT, None),
        ("huge", key, {}, "A" * 10000 + "." + stamp + "." + signature, mine, SIGNED_AT, None),
        ("other_salt", key, {}, salted, mine, SIGNED_AT, None),
        ("other_session", key, {}, good, {"csrf_token": OTHER_RAW}, SIGNED_AT, None),
        ("wtf_secret_key_signs", key, {"WTF_CSRF_SECRET_KEY": "csrf-only-key"},
         wtf_token(csrf_app(key, WTF_CSRF_SECRET_KEY="csrf-only-key"), RAW), mine, SIGNED_AT, None),
        ("wtf_secret_key_refuses_secret_key", key, {"WTF_CSRF_SECRET_KEY": "csrf-only-key"}, good, mine,
         SIGNED_AT, None),
        # Flask-WTF ignores SECRET_KEY_FALLBACKS (flask-wtf #675); here a rotation keeps open forms working.
        ("fallback_key", "new-key", {"SECRET_KEY_FALLBACKS": [key]}, good, mine, SIGNED_AT, "ok"),
        ("fallback_key_not_for_wtf_secret_key", "new-key",
         {"SECRET_KEY_FALLBACKS": [key], "WTF_CSRF_SECRET_KEY": "csrf-only-key"}, good, mine, SIGNED_AT, None),
    ]
    rows = []
    for name, secret, config, token, data, now, here in cases:
        row = {"kind": "validate", "name": name, "secret_key": secret, "config": config, "token": token,
               "session": data, "now": now, "expect": wtf_validates(csrf_app(secret, **config), token, data, now)}
        if here is not None:
            row["expect_here"] = here
        rows.append(row)
    return rows


def wtf_protects(app, method, form, headers, scheme, host, raw, now):
    """A real request through CSRFProtect: "ok", Flask-WTF's reason, or "server error" (a ValueError in Flask)."""
    client = app.test_client(use_cookies=False)
    environ = {"wsgi.url_scheme": scheme}
    if host is not None:
        environ["HTTP_HOST"] = host
    headers = dict(headers)
    if raw is not None:
        # the session cookie itself, sent whatever the host: a test client's cookie jar keeps none for an IPv6 host
        headers["Cookie"] = "session=" + flask_cookie(app, {"csrf_token": raw})
    with clock_at(now):
        response = client.open("/", method=method, data=MultiDict(form), headers=headers,
                               environ_overrides=environ)
    if response.status_code == 200:
        return "ok"
    if response.status_code == 400:
        return response.get_data(as_text=True)
    if response.status_code == 500:
        return "server error"
    raise AssertionError(f"Flask answered {response.status_code}")


def csrf_protect_rows():
    key = "dev-secret"
    app = csrf_app(key)
    good = wtf_token(app, RAW)
    now = SIGNED_AT + 10
    form = [("csrf_token", good)]
    https = {"scheme": "https", "host": "example.com"}
    referrer = "https://example.com/form"
    # (name, config, method, form fields, headers, scheme and host, raw in the session)
    cases = [
        ("form_field", {}, "POST", form, {}, None, RAW),
        ("prefixed_field", {}, "POST", [("name", "x"), ("login-csrf_token", good)], {}, None, RAW),
        ("empty_field_then_prefixed", {}, "POST", [("csrf_token", ""), ("a-csrf_token", good)], {}, None, RAW),
        ("empty_prefixed_then_other", {}, "POST", [("a-csrf_token", ""), ("b-csrf_token", good)], {}, None, RAW),
        ("header_x_csrftoken", {}, "POST", [], {"X-CSRFToken": good}, None, RAW),
        ("header_x_csrf_token", {}, "POST", [], {"X-CSRF-Token": good}, None, RAW),
        ("header_lower_case", {}, "POST", [], {"x-csrftoken": good}, None, RAW),
        ("form_before_header", {}, "POST", [("csrf_token", "bad")], {"X-CSRFToken": good}, None, RAW),
        ("first_header_first", {}, "POST", [], {"X-CSRFToken": "bad", "X-CSRF-Token": good}, None, RAW),
        ("empty_header_skipped", {}, "POST", [], {"X-CSRFToken": "", "X-CSRF-Token": good}, None, RAW),
        ("missing", {}, "POST", [("name", "x")], {}, None, RAW),
        ("session_token_missing", {}, "POST", form, {}, None, None),
        ("other_session", {}, "POST", form, {}, None, OTHER_RAW),
        ("invalid", {}, "POST", [("csrf_token", "garbage")], {}, None, RAW),
        ("put", {}, "PUT", [], {"X-CSRFToken": "garbage"}, None, RAW),
        ("patch", {}, "PATCH", [], {}, None, RAW),
        ("delete", {}, "DELETE", [], {}, None, RAW),
        ("get_unchecked", {}, "GET", [], {}, None, RAW),
        ("only_put_checked_post", {"WTF_CSRF_METHODS": ["PUT"]}, "POST", [], {}, None, RAW),
        ("other_field_and_header", {"WTF_CSRF_FIELD_NAME": "xsrf", "WTF_CSRF_HEADERS": ["X-XSRF"]}, "POST",
         [("csrf_token", good)], {}, None, RAW),
        ("other_header", {"WTF_CSRF_HEADERS": ["X-XSRF"]}, "POST", [], {"X-XSRF": good}, None, RAW),
        ("https_same_origin", {}, "POST", form, {"Referer": referrer}, https, RAW),
        ("https_referrer_missing", {}, "POST", form, {}, https, RAW),
        ("https_referrer_empty", {}, "POST", form, {"Referer": ""}, https, RAW),
        ("https_token_checked_first", {}, "POST", [], {}, https, RAW),
        ("https_ssl_strict_off", {"WTF_CSRF_SSL_STRICT": False}, "POST", form, {}, https, RAW),
        ("http_referrer_not_checked", {}, "POST", form, {"Referer": "https://evil.example/"},
         {"scheme": "http", "host": "example.com"}, RAW),
    ]
    referrers = [
        ("other_host", "https://evil.example/form", "example.com"),
        ("http_scheme", "http://example.com/form", "example.com"),
        ("suffix_host", "https://example.com.evil.net/", "example.com"),
        ("upper_case", "HTTPS://EXAMPLE.COM/form", "example.com"),
        ("user_info", "https://someone:pw@example.com/", "example.com"),
        ("explicit_443", "https://example.com:443/form", "example.com"),
        ("host_header_443", "https://example.com/form", "example.com:443"),
        ("port_both", "https://example.com:8443/x", "example.com:8443"),
        ("port_missing", "https://example.com/x", "example.com:8443"),
        ("port_leading_zero", "https://example.com:08443/x", "example.com:8443"),
        ("port_out_of_range", "https://example.com:99999/x", "example.com"),
        ("port_not_a_number", "https://example.com:abc/x", "example.com"),
        ("port_empty", "https://example.com:/x", "example.com"),
        ("no_scheme", "//example.com/x", "example.com"),
        ("no_slashes", "https:example.com", "example.com"),
        ("leading_space", "  https://example.com/x", "example.com"),
        ("tab_inside", "https://exa\tmple.com/x", "example.com"),
        ("query_and_fragment", "https://example.com?x=1#y", "example.com"),
        ("ipv6", "https://[::1]:8443/x", "[::1]:8443"),
        ("ipv6_upper", "https://[::ABCD]/x", "[::abcd]"),
        ("ipv6_bad", "https://[1:2]/x", "example.com"),
        ("ipv4_in_brackets", "https://[127.0.0.1]/x", "example.com"),
        ("unclosed_bracket", "https://[::1/x", "example.com"),
        ("bad_host_header", "https:///x", "exa mple.com"),
        ("bad_host_header_named", "https://example.com/", "exa mple.com"),
        ("latin1_host", "https://\u00e9xample.com/", "example.com"),
    ]
    for name, ref, host in referrers:
        cases.append(("referrer_" + name, {}, "POST", form, {"Referer": ref}, {"scheme": "https", "host": host}, RAW))
    rows = []
    for name, config, method, fields, headers, where, raw in cases:
        where = where or {"scheme": "http", "host": "localhost"}
        expect = wtf_protects(csrf_app(key, **config), method, fields, headers, where["scheme"], where["host"], raw,
                              now)
        rows.append({"kind": "protect", "name": name, "secret_key": key, "config": config, "method": method,
                     "form": fields, "headers": headers, "scheme": where["scheme"], "host_header": where["host"],
                     "session": {} if raw is None else {"csrf_token": raw}, "now": now, "expect": expect})
        if expect == "server error":
            # urlparse raised ValueError, so Flask answered 500; here the request is refused with the 400.
            rows[-1]["expect_here"] = "The referrer does not match the host."
    return rows


def csrf_rows():
    return csrf_token_rows() + csrf_validate_rows() + csrf_protect_rows()


# --- Flask 3.1 flash messages (flashes.jsonl) --------------------------------------------------------------------

def flash_rows():
    app = flask_app("dev-secret")
    rows = []
    # (name, _flashes before, flash() calls as (message, category or None for the default, markup))
    flash_cases = [
        ("one_default", None, [("Saved", None, False)]),
        ("categories", None, [("Saved", "message", False), ("Wrong password", "error", False),
                              ("Heads up", "warning", False)]),
        ("markup", None, [(" <b>Bold</b> &amp; ", "info", True), ("<i>not markup</i>", "info", False)]),
        ("non_ascii", None, [("Gespeichert \u2713 \U0001F600", "message", False)]),
        ("appends", [("message", "earlier")], [("later", "error", False)]),
    ]
    for name, before, calls in flash_cases:
        with app.test_request_context():
            if before is not None:
                session["_flashes"] = list(before)
            session.modified = False
            for message, category, markup in calls:
                text = Markup(message) if markup else message
                flash(text) if category is None else flash(text, category)
            rows.append({"kind": "flash", "name": name,
                         "before": None if before is None else tagged({"_flashes": before}),
                         "calls": [{"message": m, "category": c, "markup": k} for m, c, k in calls],
                         "modified": session.modified, "after": tagged(dict(session)),
                         "cookie": flask_cookie(app, dict(session))})
    stored = [("message", "Saved"), ("error", Markup("<b>Bad</b>")), ("info", "FYI"), ("error", "Again")]
    _, interface = redis_interface("unused", "msgpack")
    # msgspec cannot encode Markup at all (Flask-Session's save fails on it); a Markup stored by the Java side goes
    # in as a plain string, which is what Python reads back.
    plain = [(category, str(message)) for category, message in stored]
    through_msgpack = interface.serializer.decode(interface.serializer.encode({"_flashes": plain}))["_flashes"]
    # (name, calls of get_flashed_messages in one request as (with_categories, category_filter))
    get_cases = [
        ("all", [(False, [])]),
        ("with_categories", [(True, [])]),
        ("filter", [(False, ["error"])]),
        ("filter_with_categories", [(True, ["error", "info"])]),
        ("filter_none_match", [(True, ["missing"])]),
        ("twice_same_request", [(True, ["error"]), (False, []), (True, [])]),
    ]
    for backend, entries in (("cookie", stored), ("msgpack", through_msgpack)):
        for name, calls in get_cases:
            with app.test_request_context():
                session["_flashes"] = list(entries)
                session.modified = False
                results = [tagged(get_flashed_messages(with_categories=w, category_filter=f)) for w, f in calls]
                rows.append({"kind": "get", "name": f"{backend}_{name}", "backend": backend,
                             "before": tagged({"_flashes": entries}),
                             "calls": [{"with_categories": w, "category_filter": f} for w, f in calls],
                             "results": results, "modified": session.modified, "after": tagged(dict(session))})
    with app.test_request_context():
        rows.append({"kind": "get", "name": "none_flashed", "backend": "cookie", "before": tagged({}),
                     "calls": [{"with_categories": False, "category_filter": []}],
                     "results": [tagged(get_flashed_messages())], "modified": session.modified,
                     "after": tagged(dict(session))})
    return rows

# --- Werkzeug 3.1.9's request.form, as Flask 3.1 limits it (forms.jsonl) ----------------------------------------

def form_rows():
    """What request.form holds (each name with its first value, in order), or a 413, for bodies of both form types.
    Flask's limits themselves (MAX_FORM_MEMORY_SIZE 500 000 bytes a field, MAX_FORM_PARTS 1000) are checked by
    FormBodyTest on bodies too large to keep here."""
    from werkzeug.exceptions import RequestEntityTooLarge

    app = Flask("forms")
    b = "XyZ"

    def part(name, value, extra="", headers=""):
        return (f'--{b}\r\nContent-Disposition: form-data; name="{name}"{extra}\r\n{headers}\r\n').encode() + value + b"\r\n"

    end = f"--{b}--\r\n".encode()
    multipart = f"multipart/form-data; boundary={b}"
    urlencoded = "application/x-www-form-urlencoded"
    cases = [
        ("urlencoded_simple", urlencoded, b"csrf_token=abc.def.ghi&note=hi"),
        ("urlencoded_plus_and_percent", urlencoded, b"a=x+y%20z&b=%E2%82%AC&c=%zz&d=100%"),
        ("urlencoded_repeated_first_wins", urlencoded, b"a=1&a=2&b=3&a=4"),
        ("urlencoded_no_equals_and_empty_pairs", urlencoded, b"&&flag&empty=&=v&"),
        ("urlencoded_semicolon_is_no_separator", urlencoded, b"a=1;b=2"),
        ("urlencoded_bad_utf8_escape_requoted", urlencoded, b"a=%FF%C3&b=%C3%A9%E2%82"),
        ("urlencoded_raw_bad_utf8_no_form", urlencoded, b"a=\xff&csrf_token=x"),
        ("urlencoded_charset_param", urlencoded + "; charset=utf-8", b"a=%C3%A9"),
        ("multipart_field_and_file", multipart,
         part("note", b"hi") + part("f", b"csrf_token=no", '; filename="a.txt"', "Content-Type: text/plain\r\n")
         + part("csrf_token", b"tok") + end),
        ("multipart_repeated_first_wins", multipart, part("a", b"1") + part("a", b"2") + end),
        ("multipart_preamble", multipart, b"ignored preamble\r\n" + part("a", b"1") + end),
        ("multipart_value_with_crlf_and_dashes", multipart, part("a", b"x\r\n--Xy\r\n--XyZa") + end),
        ("multipart_empty_filename_is_a_file", multipart, part("f", b"data", '; filename=""') + end),
        ("multipart_iso_8859_1_part", multipart, part("a", "\u00e9".encode("latin-1"), "",
                                                      "Content-Type: text/plain; charset=ISO-8859-1\r\n") + end),
        ("multipart_latin1_part", multipart, part("a", "\u00e9".encode("latin-1"), "",
                                                  "Content-Type: text/plain; charset=latin-1\r\n") + end),
        ("multipart_bad_utf8_replaced", multipart, part("a", b"\xffok") + end),
        ("multipart_quoted_boundary", f'multipart/form-data; boundary="{b}"', part("a", b"1") + end),
        ("multipart_no_boundary", "multipart/form-data", part("a", b"1") + end),
        ("multipart_garbage", multipart, b"no parts here"),
        ("multipart_truncated", multipart, part("a", b"1")[:-4]),
        ("json_is_no_form", "application/json", b'{"csrf_token": "x"}'),
        ("urlencoded_fullwidth_digit_not_hex", urlencoded, "csrf%\uff15Ftoken=x".encode()),
        ("multipart_lf_line_breaks", multipart, f'--{b}\nContent-Disposition: form-data; name="a"\n\n1\n--{b}--\n'.encode()),
        ("multipart_cr_line_breaks", multipart, f'--{b}\rContent-Disposition: form-data; name="a"\r\r1\r--{b}--\r'.encode()),
        ("multipart_space_after_boundary", multipart, f'--{b}  \r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--{b} \t\r\nContent-Disposition: form-data; name="b"\r\n\r\n2\r\n--{b}--  '.encode()),
        ("multipart_value_starting_with_boundary", multipart, part("a", f"--{b}\r\nx".encode()) + end),
        ("multipart_no_disposition_empties_all", multipart, part("a", b"1") + f"--{b}\r\nX-Other: 1\r\n\r\nv\r\n".encode() + end),
        ("multipart_duplicate_params_last_wins", multipart, f'--{b}\r\nContent-Disposition: form-data; name="a"; name="b"\r\n\r\n1\r\n'.encode() + end),
        ("multipart_duplicate_headers_first_wins", multipart, f'--{b}\r\nContent-Disposition: form-data; name="a"\r\nContent-Disposition: form-data; name="b"\r\n\r\n1\r\n'.encode() + end),
        ("multipart_rfc2231_name", multipart, f"--{b}\r\nContent-Disposition: form-data; name*=UTF-8''csrf%5Ftoken%C3%A9\r\n\r\n1\r\n".encode() + end),
        ("multipart_rfc2231_filename_is_a_file", multipart, f"--{b}\r\nContent-Disposition: form-data; name=\"f\"; filename*=UTF-8''a.txt\r\n\r\n1\r\n".encode() + end),
        ("multipart_quote_escapes", multipart, f'--{b}\r\nContent-Disposition: form-data; name="a%22b\\"c"\r\n\r\n1\r\n'.encode() + end),
        ("multipart_folded_header", multipart, f'--{b}\r\nContent-Disposition: form-data;\r\n name="folded"\r\n\r\n1\r\n'.encode() + end),
        ("multipart_long_boundary", "multipart/form-data; boundary=" + "q" * 300, ("--" + "q" * 300 + '\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--' + "q" * 300 + "--\r\n").encode()),
        ("multipart_empty_form", multipart, end),
        ("multipart_no_name", multipart, f'--{b}\r\nContent-Disposition: form-data\r\n\r\n1\r\n'.encode() + end),
        ("multipart_uppercase_type", f"Multipart/Form-Data; BOUNDARY={b}", part("a", b"1") + end),
    ]
    rows = []
    for name, content_type, body in cases:
        with app.test_request_context("/", method="POST", data=body, content_type=content_type):
            try:
                form = [[k, request.form.get(k)] for k in request.form.keys() if k is not None]
                result = {"form": form}
            except RequestEntityTooLarge:
                result = {"error": 413}
        rows.append({"name": name, "content_type": content_type, "body_latin1": body.decode("latin-1"), **result})
    return rows


FILES = {
    "securecookie.jsonl": securecookie_rows,
    "securecookie-reject.jsonl": reject_rows,
    "tagged-json.jsonl": tagged_json_rows,
    "flask-session-values.jsonl": value_rows,
    "flask-session-signed-ids.jsonl": signed_id_rows,
    "csrf.jsonl": csrf_rows,
    "flashes.jsonl": flash_rows,
    "forms.jsonl": form_rows,
}


def peers():
    return ", ".join(f"{p} {version(p)}" for p in ("flask", "werkzeug", "itsdangerous", "flask-session", "msgspec",
                                                    "flask-wtf"))


def text_of(make):
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in make())


def write(directory):
    os.makedirs(directory, exist_ok=True)
    for file, make in FILES.items():
        with open(os.path.join(directory, file), "w", encoding="utf-8", newline="\n") as f:
            f.write(text_of(make))
    print(f"Wrote {len(FILES)} files of vectors to {directory} with {peers()}")
    return 0


def check(directory):
    wrong = []
    for file, make in FILES.items():
        path = os.path.join(directory, file)
        if not os.path.isfile(path):
            wrong.append(f"{path}: missing")
            continue
        with open(path, encoding="utf-8", newline="") as f:
            stored = f.read().splitlines(keepends=True)
        now = text_of(make).splitlines(keepends=True)
        for number, (old, new) in enumerate(zip(stored, now), 1):
            if old != new:
                wrong.append(f"{file} line {number}: stored {old.rstrip()}\n    but the peers now give {new.rstrip()}")
        if len(stored) != len(now):
            wrong.append(f"{file}: {len(stored)} lines stored, the peers now give {len(now)}")
    if wrong:
        print(f"{peers()} disagree with the vectors in {directory}:", *wrong, sep="\n")
        print(f"Regenerate with: python3 {sys.argv[0]} write {directory}")
        return 1
    print(f"{peers()} agree with all {len(FILES)} files of vectors in {directory}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        sys.exit(f"usage: {sys.argv[0]} write|check DIRECTORY")
    sys.exit(write(sys.argv[2]) if sys.argv[1] == "write" else check(sys.argv[2]))
