# The site's layout. Every page should look like this.
BASE = """<html><head><title>{% block title %}Polls{% endblock %}</title></head>
<body>{% block content %}{% endblock %}
<footer>{% block footer %}Made with glassbox{% endblock %}</footer></body></html>"""

POLL = """{% extends "base.html" %}
{% block title %}{{ question }} | {{ block.super }}{% endblock %}
{% block body %}<h1>{{ question }}</h1>
<ul>{% for choice in choices %}<li>{{ choice.text }}: {{ choice.votes }} vote{{ choice.votes|pluralize }}</li>{% endfor %}</ul>{% endblock %}"""
