"""A Flask app that shares its signed-in user with the Java demo (flask-session-cdi).

Both read the same settings: SECRET_KEY, the cookie name, and with SESSION_TYPE=redis the same Redis and key
prefix (Flask-Session 0.8). The user is stored under "_user_id", the key Flask-Login writes and the Java side's
SESSION_USER_KEY default. Cookies are shared by host, not by port, so one browser session spans both apps.
"""
import html
import os

from flask import Flask, redirect, request, session

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]

if os.environ.get("SESSION_TYPE") == "redis":
    import redis
    from flask_session import Session

    app.config["SESSION_TYPE"] = "redis"
    app.config["SESSION_REDIS"] = redis.from_url(os.environ.get("SESSION_REDIS", "redis://127.0.0.1:6379/0"))
    Session(app)


@app.get("/")
def home():
    user = session.get("_user_id")
    if user is None:
        body = ('<p id="status">You are not signed in.</p>'
                '<form method="post" action="/login"><label>Name <input id="username" name="username" required></label>'
                '<button id="sign-in" type="submit">Sign in</button></form>')
    else:
        body = (f'<p id="status">Signed in as <strong id="user">{html.escape(str(user))}</strong>.</p>'
                '<form method="post" action="/logout"><button id="sign-out" type="submit">Sign out</button></form>')
    java = os.environ.get("JAVA_URL", "http://127.0.0.1:8080/")
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Flask companion</title></head><body>'
            f'<h1>Flask companion</h1>{body}<p><a id="java" href="{html.escape(java)}">The Java service</a></p>'
            '</body></html>')


@app.post("/login")
def login():
    name = request.form.get("username", "").strip()
    if name:
        session["_user_id"] = name
    return redirect("/")


@app.post("/logout")
def logout():
    session.clear()
    return redirect("/")


@app.get("/ping")
def ping():
    return "pong"


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
