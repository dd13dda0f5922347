"""The templates of the polls site, by name. Every page extends "base.html"."""

TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{% block title %}Polls{% endblock %}</title></head>
<body>
<nav><a href="{% url "polls:index" %}">Polls</a> · <a href="{% url "about" %}">About</a></nav>
<main>{% block content %}{% endblock %}</main>
{% include "footer.html" %}
</body>
</html>
""",
    "footer.html": """<footer>Made with glassbox{% if request.id %} · request {{ request.id }}{% endif %}</footer>""",
    "polls/index.html": """{% extends "base.html" %}
{% block content %}
<h1>Latest questions</h1>
<ul>
{% for question in questions %}
  <li><a href="{% url "polls:detail" question.id %}">{{ question.text }}</a>
      ({{ question.votes }} vote{{ question.votes|pluralize }}, {{ question.published|date:"j M Y" }})
      {% if question.id in voted %}<em>you voted</em>{% endif %}</li>
{% empty %}
  <li>No polls are available.</li>
{% endfor %}
</ul>
{% endblock %}
""",
    "polls/detail.html": """{% extends "base.html" %}
{% block title %}{{ question.text }} | {{ block.super }}{% endblock %}
{% block content %}
<h1>{{ question.text }}</h1>
{% if error_message %}<p class="error">{{ error_message }}</p>{% endif %}
<form method="post" action="{% url "polls:vote" question_id=question.id %}">
  {{ request.csrf_input }}
{% for choice in question.choices.all %}
  <label><input type="radio" name="choice" value="{{ choice.id }}"> {{ choice.text }}</label><br>
{% endfor %}
  <button>Vote</button>
</form>
{% endblock %}
""",
    "polls/results.html": """{% extends "base.html" %}
{% block title %}Results | {{ block.super }}{% endblock %}
{% block content %}
<h1>{{ question.text }}</h1>
<ul>
{% for choice in question.choices.all %}
  <li>{{ choice.text }}: {{ choice.votes }} vote{{ choice.votes|pluralize }}</li>
{% endfor %}
</ul>
<a href="{% url "polls:detail" question.id %}">Vote again?</a>
{% endblock %}
""",
    "about.html": """{% extends "base.html" %}
{% block content %}<h1>About</h1><p>A polls site, written to show how a web framework works inside.</p>{% endblock %}
""",
}
