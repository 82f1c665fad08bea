"""A Flask app that shares its signed-in user with the Java demo (flask-session-cdi).

Both read the same settings: SECRET_KEY, the cookie name, and with SESSION_TYPE=redis the same Redis and key
prefix (Flask-Session 0.8). Sign-in is Flask-Login 0.6.3's, with "remember me": the Java side reads the same
session keys and the same remember-me cookie, so the user stays signed in there even once the session cookie is gone.
Cookies are shared by host, not by port, so one browser session spans both apps.

Forms are Flask-WTF 1.3.0's, with its CSRF token; the note form on /notes posts to the Java service, which checks that
token against the same session, flashes "Saved" and sends the browser back here, where the message shows.
"""
import html
import os

from flask import Flask, get_flashed_messages, redirect, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect, generate_csrf
from wtforms import HiddenField, StringField

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]

if os.environ.get("SESSION_TYPE") == "redis":
    import redis
    from flask_session import Session

    app.config["SESSION_TYPE"] = "redis"
    app.config["SESSION_REDIS"] = redis.from_url(os.environ.get("SESSION_REDIS", "redis://127.0.0.1:6379/0"))
    Session(app)

login_manager = LoginManager(app)
csrf = CSRFProtect(app)
JAVA_URL = os.environ.get("JAVA_URL", "http://127.0.0.1:8080/")


class NoteForm(FlaskForm):
    note = StringField("Note")
    next = HiddenField()


def token_field():
    return f'<input type="hidden" name="csrf_token" value="{generate_csrf()}">'


def flashes():
    items = "".join(f'<li class="{html.escape(c)}">{html.escape(str(m))}</li>'
                    for c, m in get_flashed_messages(with_categories=True))
    return f'<ul id="flashes">{items}</ul>' if items else ""


class User(UserMixin):
    def __init__(self, user_id):
        self.id = user_id


@login_manager.user_loader
def load_user(user_id):
    return User(user_id)


@app.get("/")
def home():
    user = current_user.get_id() if current_user.is_authenticated else None
    if user is None:
        body = ('<p id="status">You are not signed in.</p>'
                f'<form method="post" action="/login">{token_field()}<label>Name <input id="username" name="username" required></label>'
                '<label><input type="checkbox" id="remember" name="remember" value="1"> Remember me</label>'
                '<button id="sign-in" type="submit">Sign in</button></form>')
    else:
        body = (f'<p id="status">Signed in as <strong id="user">{html.escape(str(user))}</strong>.</p>'
                f'<form method="post" action="/logout">{token_field()}<button id="sign-out" type="submit">Sign out</button></form>')
    return page("Flask companion", body + '<p><a id="notes" href="/notes">A note, saved by the Java service</a></p>')


def page(title, body):
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>'
            f'<body><h1>{html.escape(title)}</h1>{flashes()}{body}'
            f'<p><a id="java" href="{html.escape(JAVA_URL)}">The Java service</a></p></body></html>')


@app.get("/notes")
def notes():
    """A Flask-WTF form whose handler is the Java service's POST /api/notes."""
    form = NoteForm(next=request.host_url + "notes")
    saved = html.escape(session.get("note", ""))
    return page("A note", f'<p>Saved note: <span id="note">{saved}</span></p>'
                f'<form method="post" action="{html.escape(JAVA_URL)}api/notes">{form.csrf_token}{form.next}'
                f'<label>Note {form.note(id="note-text")}</label><button id="save" type="submit">Save</button></form>')


@app.post("/login")
def login():
    name = request.form.get("username", "").strip()
    if name:
        login_user(User(name), remember=bool(request.form.get("remember")))
    return redirect("/")


@app.post("/logout")
def logout():
    logout_user()
    return redirect("/")


@app.get("/ping")
def ping():
    return "pong"


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
