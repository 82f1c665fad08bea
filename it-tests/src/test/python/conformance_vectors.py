"""The conformance vectors: what the real Flask, itsdangerous and Flask-Session write, for extension's tests.

    python3 conformance_vectors.py write extension/src/test/resources/conformance
    python3 conformance_vectors.py check extension/src/test/resources/conformance

`write` asks the installed Flask 3.1.3, itsdangerous 2.2.0 and Flask-Session 0.8.0 (msgspec) about every case
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
from flask import Flask, session
from flask.sessions import SecureCookieSessionInterface, session_json_serializer
from flask_session.redis import RedisSessionInterface
from itsdangerous import Signer, TimestampSigner
from markupsafe import Markup

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


FILES = {
    "securecookie.jsonl": securecookie_rows,
    "securecookie-reject.jsonl": reject_rows,
    "tagged-json.jsonl": tagged_json_rows,
    "flask-session-values.jsonl": value_rows,
    "flask-session-signed-ids.jsonl": signed_id_rows,
}


def peers():
    return ", ".join(f"{p} {version(p)}" for p in ("flask", "werkzeug", "itsdangerous", "flask-session", "msgspec"))


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
