"""Times Flask's own session codecs on the sessions the JMH benchmarks use, so the report can state ratios.

Each entry is named like its JMH counterpart. The cookie entry follows the issue to the letter: Flask 3.1.3's
SecureCookieSessionInterface().get_signing_serializer(app), loads (with the max age Flask passes) + change one
key + dumps. Prints one JSON object: {name: {size: nanoseconds per operation}}.
"""
import argparse
import json
import statistics
import timeit

import msgspec
from flask import Flask
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface

SECRET_KEY = "benchmark-secret-key-0123456789abcdef"  # the same as Sessions.SECRET_KEY on the Java side
CHANGED_KEY = "n"


def cases(session):
    app = Flask("bench")
    app.secret_key = SECRET_KEY
    ser = SecureCookieSessionInterface().get_signing_serializer(app)
    max_age = int(app.permanent_session_lifetime.total_seconds())
    cookie = ser.dumps(session)

    def open_change_save():
        s = ser.loads(cookie, max_age=max_age)
        s[CHANGED_KEY] = s[CHANGED_KEY] + 1
        return ser.dumps(s)

    tagged = TaggedJSONSerializer()
    text = tagged.dumps(session)
    signer = ser.make_signer()
    payload = cookie.rsplit(".", 2)[0]
    signed = signer.sign(payload)
    # Flask-Session stores new sessions as permanent, so the stored value carries _permanent.
    stored_value = dict(session, _permanent=True)
    encoder, decoder = msgspec.msgpack.Encoder(), msgspec.msgpack.Decoder()
    stored = encoder.encode(stored_value)
    return {
        "CookieSessionBenchmark.openChangeSave": open_change_save,
        "TaggedJsonBenchmark.encode": lambda: tagged.dumps(session),
        "TaggedJsonBenchmark.decode": lambda: tagged.loads(text),
        "SignerBenchmark.sign": lambda: signer.sign(payload),
        "SignerBenchmark.verify": lambda: signer.unsign(signed, max_age=max_age),
        "MsgpackBenchmark.encode": lambda: encoder.encode(stored_value),
        "MsgpackBenchmark.decode": lambda: decoder.decode(stored),
    }, len(cookie)


def time_ns(fn, seconds):
    """Median of five repeats, each about a fifth of the time budget, in nanoseconds per call."""
    timer = timeit.Timer(fn)
    n, t = timer.autorange()
    per_repeat = max(1, int(n * (seconds / 5) / max(t, 1e-9)))
    runs = timer.repeat(repeat=5, number=per_repeat)
    return statistics.median(runs) / per_repeat * 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", required=True, help="sessions.json, shared with the JMH benchmarks")
    parser.add_argument("--seconds", type=float, default=2.0, help="time budget per benchmark")
    args = parser.parse_args()
    with open(args.sessions, encoding="utf-8") as f:
        sessions = TaggedJSONSerializer().loads(f.read())
    out, cookie_bytes = {}, {}
    for size, session in sessions.items():
        fns, cookie_bytes[size] = cases(session)
        for name, fn in fns.items():
            out.setdefault(name, {})[size] = time_ns(fn, args.seconds)
    print(json.dumps({"ns_per_op": out, "cookie_bytes": cookie_bytes}))


if __name__ == "__main__":
    main()
