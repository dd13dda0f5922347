# The site's layout. Every page should look like this.
BASE = """<html><head><title>{% block title %}Polls{% endblock %}</title></head>
<body>{% block content %}{% endblock %}
<footer>{% block footer %}Made with glassbox{% endblock %}</footer></body></html>"""

# The poll page: for now, a copy of the whole layout with its own content.
POLL = """<html><head><title>{{ question }} | Polls</title></head>
<body><h1>{{ question }}</h1>
<ul>{% for choice in choices %}<li>{{ choice.text }}: {{ choice.votes }} vote{{ choice.votes|pluralize }}</li>{% endfor %}</ul>
<footer>Made with glassbox</footer></body></html>"""
