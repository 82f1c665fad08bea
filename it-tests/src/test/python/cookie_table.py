"""The Cookie header table: what the real Werkzeug 3.1.9 makes of each header, for CookieHeaders to replay.

    python3 cookie_table.py write extension/src/test/resources/cookie-headers.jsonl
    python3 cookie_table.py check extension/src/test/resources/cookie-headers.jsonl

`write` asks Werkzeug about every case below; `check` asks it again about every stored line and fails on any
difference, so the stored expectations cannot drift from Werkzeug (CookieTableTest runs it).

A Flask session interface reads `request.cookies.get(name)`: Request.cookies joins the Cookie headers with ";" and
hands the string to werkzeug.sansio.http.parse_cookie, and MultiDict.get gives the first value. Under WSGI the
header string is the bytes decoded as latin-1, and werkzeug.http.parse_cookie (which re-decodes as UTF-8) is not on
that path. Rows with one header go through the WSGI Request, as a Flask app sees them; rows with several go through
the sans-IO Request, since a WSGI environ holds one Cookie value (the server joins duplicates before Werkzeug).

Both commands refuse any Werkzeug but 3.1.9: CookieHeaders follows that version's parse_cookie, and a table written
or checked by another version would pin the Java parser to rules it does not implement.
"""
import json
import sys

from importlib.metadata import version
from werkzeug.datastructures import Headers
from werkzeug.sansio.request import Request as SansIORequest
from werkzeug.wrappers import Request as WsgiRequest

# The parse_cookie that CookieHeaders follows; 3.1.9 rewrote it (token pattern, bad segments skipped to the next ";").
PINNED_WERKZEUG = "3.1.9"

TOKEN = "eyJ1c2VyX2lkIjo0Mn0.aGVsbG8.c2lnbmF0dXJl"

CASES = [
    # plain pairs
    "session=abc",
    "session=abc; other=1",
    "other=1; session=abc",
    "session=abc;other=1",
    " session = abc ",
    "\tsession\t=\tabc\t",
    "session=a b c",
    "session=a=b=c",
    "session==abc",
    "session\n=abc",
    "session=abc\r\n",
    "session=a\x0bb",
    # names: exact, case-sensitive, first occurrence wins
    "Session=abc",
    "sessions=abc",
    "xsession=abc",
    "session=first; session=second",
    "session=; session=second",
    "=abc; session=x",
    "=session; session=y",
    # bare names and empty values
    "session",
    "session; session=abc",
    "session ; x=1",
    "session=abc; session",
    "session=",
    "session=;",
    "session=\"\"",
    "",
    ";",
    ";session=abc;",
    ";;;session=abc;;;",
    "session=abc;;",
    ";;;==; garbage",
    # quoted values
    "session=\"quoted\"",
    "session=\"a;b=c\"",
    "session=\"a,b\"",
    "session = \"a b\" ",
    "session=\"  a  \"",
    "session=  \"a\"  ",
    "session=\"a\\\"b\"",
    "session=\"a\\\\b\"",
    "session=\"\\\"",
    "session=\"a\\\\\"",
    "session=\"a\"b\"; x=1",
    "session=\"a\" ; x=1",
    "session=\"a\" b; x=1",
    "session=\"a;b\" c; x=1",
    "session=\"abc",
    "session=abc\"",
    "session=\"",
    # quotes hiding or revealing other cookies
    "prefs=\"x;session=" + TOKEN + ";y\"",
    "prefs=\"x;session=" + TOKEN + ";y\"; session=real",
    "prefs = \"x;session=tok\"",
    "prefs\t=\t\"x;session=tok\"",
    "prefs=\"x\\\";session=tok;y\"",
    "prefs=\"x\\\\\";session=tok",
    "prefs=\"x;session=tok",
    "prefs=\"x;session=tok\" junk; session=real",
    "a=\"x;b=\"y;session=tok\"",
    # slash escapes, on the UTF-8 bytes of the quoted value
    "session=\"a\\054b\"",
    "session=\"\\101\\102\"",
    "session=\"\\400\"",
    "session=\"\\12\"",
    "session=\"\\e9\"",
    "session=\"\\303\\251\"",
    "session=\"\\377\"",
    "session=\"\\355\\240\\200\"",
    "session=\"\\300\\200x\"",
    "session=\"\\360\\220\\200x\"",
    "session=\"\\341\\200x\"",
    "session=\"\\360\\237\\230\\200\"",
    "session=\"\\364\\220\\200\\200\"",
    "session=\"\\200\\277\\300\"",
    "session=\"\\355\\237\\277\"",
    "session=\"\\355\\277\\277x\"",
    "session=\"\\355\\200\"",
    "session=\"\\340\\200\\200\"",
    "session=\"\\340\\240\"",
    "session=\"\\357\\277\\276\"",
    "session=\"\\364\\217\\277\\277\"",
    "session=\"\\365\\200\"",
    "session=\"\\302\"",
    "session=\"\\302A\"",
    "session=\"\\337\\277\\337\"",
    "session=\"\\370\\210\\200\\200\\200\"",
    "session=\"\\\xe9\"",
    # newlines: part of a key or a bare value; in quotes, a backslash before one fails the pair
    "session=a\nb; x=1",
    "x=a\nb; session=1",
    "session=\"a\\\nb\"; x=1",
    "session=\"a\nb\"; x=1",
    "a=x\ny=x\ny=z;session=2",
    # attributes, commas
    "$Version=1; session=\"abc\"; $Path=\"/\"",
    "$Version=\"1\"; session=\"abc\";$Path=\"/\"",
    "session=abc, other=def",
    "other=def, session=abc",
    # non-ASCII: the header as latin-1 characters, as WSGI gives it; only spaces and tabs are skipped
    "session=\xe9",
    "session=\"\xe9\"",
    "session=\xc3\xa9",
    "session=\"\xc3\xa9\"",
    "session=\xa0abc\xa0",
    "session=\x85abc",
    "\xa0session=abc",
    "session=\x1cabc\x1f",
    "session=\x00abc",
    "session=\u20ac",
    "session=\"\u20ac\"",
    "session=\u2007abc\u3000",
    # long values, and hostile shapes at a size the regex still handles quickly
    "session=" + "a" * 5000,
    "session=\"" + "a;" * 2000 + "\"",
    "session=\"" + "\\\"" * 1000 + "\"",
    "session=\"" + "\\" * 4001,
    "=" * 4000 + "; session=1",
    ";" * 4000 + "session=1",
    "a=\"x;" * 1000 + "session=1",
    "a=x\ny=" * 500 + "; session=2",
    " " * 4000 + "session=3",
    # Werkzeug 3.1.9: a segment the pattern does not match is dropped up to the next ';', counted from where the
    # match began, and the next pair is tried; no ';' left ends the parse
    "session=a b; session=GOOD",
    "session=a\tb; session=GOOD",
    "session=a\"b; session=GOOD",
    "session=\"a\" b; session=GOOD",
    "session=\"a\"b; session=GOOD",
    "session=\"abc; session=GOOD",
    "session=\"a;b\" junk; session=GOOD",
    "session=\"\\\"; session=GOOD",
    "session=\"a\\\nb\"; session=GOOD",
    "session\"=1; session=GOOD",
    "\"session\"=1; session=GOOD",
    "x=a b session=1",
    "x=a b; y=c d; session=3",
    "a=\"x;session=in\" y; session=out",
    "a=\"x;session=in;\" y; session=out",
    "a=\"x;session=in\"; session=out",
    # keys: only spaces and tabs around them are skipped; space, tab and '"' end a key, anything else is part of it
    "se ssion=1; session=2",
    "se\tssion=1; session=2",
    "session =1",
    "session \t= \t1 \t;x=2",
    "session\t\t",
    "session  ; x=1",
    "session x; session=2",
    "\x0csession=1; session=2",
    "session\r=1; session=2",
    # bare values: '=' and ',' are part of a value; blanks after it are skipped only before ';' or the end
    "session= =a",
    "session==",
    "session=a==; x=1",
    "session=a,b",
    "session=abc   ",
    "session=abc \t; x=1",
    "session=abc \n",
    "session=abc\n; x=1",
    "session=\"abc\"\t",
    "session=\"abc\" \n",
    "session=\"abc\" \t;x=1",
    # quoted values: escapes, a raw newline inside the quotes, a backslash before a carriage return
    "session=\"a\\;b\"",
    "session=\"\\\"\\\\\"",
    "session=\"\\x\\y\"",
    "session=\"a\\\"; session=GOOD\"",
    "session=\"a\nb\"",
    "session=\"\\\r\"",
    "session=\"\\0\\07\\077\\0777\"",
    "session=\"\\8\\38\\400\"",
    "session=\"\"\"",
    "session=\"\"; session=x",
    # empty keys
    "=; session=1",
    " =x; session=1",
    "\t;session=1",
    "; ;session=1",
    "=\"a;session=in\"; session=out",
    # control characters
    "session=\x01abc\x7f",
    "session\x00=1",
    "session=a\rb",
    "session=\x0b",
    "session=abc\x00; session=d",
    "\x00; session=1",
    # non-ASCII, as the latin-1 characters of the header
    "s\xe9ssion=1; session=2",
    "session=\xff\xfe",
    "session=\"\xe9\\\xe9\"",
    "\xe9=1; session=ok",
    "session=\xa0; session=x",
    "session\xa0=1; session=2",
    # the first of duplicates is bad, so a later one is the session
    "session=\"\\\n\"; session=GOOD",
    "session=a\"; session=GOOD",
    "session=\"x\"\"; session=GOOD",
    "session = a b ; session = GOOD ",
    "session=\"a b\" c; session=\"GOOD\"",
]

# (name, header) rows for names other than "session"
NAMED = [
    ("sid", "session=1; sid=2"),
    ("a b", "a b=1"),
    ("a", "a=1; a=2"),
    ("q", "q=\"a\\\"b\\073c\""),
    ("\"q\"", "\"q\"=1"),
    ("a", "a b=1; a=2"),
    ("a\tb", "a\tb=1"),
    ("\xe9", "\xe9=1"),
    ("=", "==1"),
]

# several Cookie headers in one request
MULTI = [
    ["a=1", "session=x"],
    ["session=first", "session=second"],
    ["x=1; session=first", "session=second"],
    ["", "session=x"],
    ["session", "session=x"],
    ["prefs=\"x", "session=tok\""],
    ["prefs=\"x", "session=tok"],
    ["session=\"x", "", "y\""],
    [""],
    ["", ""],
    ["prefs=\"x;session=tok;y\"", "session=real"],
    ["session=a b", "session=GOOD"],
    ["session=\"x", "y\"; session=z"],
    ["session=1 ", " session=2"],
    ["session=\"a\\", "\"", "session=b"],
]


def werkzeug_says(row):
    """Request.cookies.get(name), as a Flask app would call it."""
    if "headers" in row:
        headers = Headers([("Cookie", h) for h in row["headers"]])
        request = SansIORequest("GET", "http", None, "", "/", b"", headers, None)
    else:
        request = WsgiRequest({"HTTP_COOKIE": row["header"], "REQUEST_METHOD": "GET"})
    return request.cookies.get(row["name"])


def rows():
    out = [{"header": h, "name": "session"} for h in CASES]
    out += [{"header": h, "name": n} for n, h in NAMED]
    out += [{"headers": hs, "name": "session"} for hs in MULTI]
    for row in out:
        row["expected"] = werkzeug_says(row)
    return out


def write(path):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for row in rows():
            f.write(json.dumps(row) + "\n")


def check(path):
    wrong = []
    count = 0
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            row = json.loads(line)
            count += 1
            now = werkzeug_says(row)
            if now != row["expected"]:
                wrong.append(f"line {number}: {json.dumps(row)} but Werkzeug now says {json.dumps(now)}")
    werkzeug = version("werkzeug")
    if wrong:
        print(f"Werkzeug {werkzeug} disagrees with {len(wrong)} of {count} rows of {path}:", *wrong, sep="\n")
        print(f"Regenerate with: python3 {sys.argv[0]} write {path}")
        return 1
    print(f"Werkzeug {werkzeug} agrees with all {count} rows of {path}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("write", "check"):
        sys.exit(f"usage: {sys.argv[0]} write|check FILE.jsonl")
    if version("werkzeug") != PINNED_WERKZEUG:
        sys.exit(f"Werkzeug {version('werkzeug')} is installed, but the table follows Werkzeug {PINNED_WERKZEUG}: "
                 f"install the pinned version (python3 -m pip install Werkzeug=={PINNED_WERKZEUG}) and run again")
    sys.exit(write(sys.argv[2]) if sys.argv[1] == "write" else check(sys.argv[2]))
