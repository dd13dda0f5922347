"""A polls site: questions, choices and votes, built with glassbox.

Read it in this order:

- `models.py`     the questions and their choices: two models, two tables in SQLite
- `views.py`      what each page does
- `urls.py`       which path reaches which view
- `templates.py`  the HTML, with a base layout the pages extend
- `middleware.py` a middleware of our own, next to the built-in ones
- `cached.py`     a slow statistics page kept a minute, and a JSON API with ETags
- `accounts.py`   logging in with a session: a login form, a private page, a logout
- `api.py`        the API for programs: access and refresh tokens, and API keys
- `app.py`        everything joined into one `Glassbox` application

Try it with the test client:

    >>> from examples.polls.app import app
    >>> from glassbox.test import Client
    >>> Client(app).get("/polls/").status_code
    200
"""
