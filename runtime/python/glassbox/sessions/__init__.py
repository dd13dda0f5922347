"""glassbox.sessions: remembering a browser between requests, with a cookie and a table.

HTTP forgets: each request arrives alone. A *session* gives the browser a long random key in a
cookie (`sessionid=...`) and keeps, on the server, a row of data under that key. The next
request brings the cookie back, the server finds the row, and "you are still logged in".

    browser                                     server
    ------- POST /login/ ---------------------> check the password, make a session row
    <------ Set-Cookie: sessionid=k7x...; HttpOnly; SameSite=Lax
    ------- GET /polls/  Cookie: sessionid=k7x... --> SELECT ... WHERE session_key = 'k7x...'

The cookie holds only the key, never the data: the data stays on the server, so the server
can change it, or delete it ("log out everywhere"), whenever it likes. That is the trade-off
with a JWT (`glassbox.auth.tokens`), which carries its data and needs no table, but cannot be
taken back. Every authenticated request here costs one SELECT; see `runtime/benches/auth.py`.

Read it in this order:

1. `models`      the `Session` table: session_key, session_data (JSON), expire_date
2. `backends`    `SessionStore`: the dict a view sees as `request.session`, loaded on first use
3. `middleware`  `SessionMiddleware`: reads the cookie in, saves and sets the cookie on the way out
"""
