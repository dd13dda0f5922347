"""The poll data as models: each Question has Choices, and each Choice points at its Question.

    Question                       Choice
    id | text | published          id | question_id | text | votes

`Choice.question` is a ForeignKey, so `choice.question` is the question and, going the other
way, `question.choices` (its `related_name`) is a manager of the question's choices.

The site keeps its data in glassbox's default database, `glassbox.db.connection`, an SQLite
held in memory. `reset()` throws that database away and builds it again, tables and starting
questions, so each application made by `make_app()` (and so each test) starts from the same data.

    >>> reset()
    >>> [str(question) for question in Question.objects.order_by("id")]
    ["What's your favourite owl?", 'Tabs or spaces?']
    >>> [choice.text for choice in Question.objects.get(pk=2).choices.all()]
    ['Tabs', 'Spaces']
"""

import datetime

from glassbox.db import connection, transaction
from glassbox.db.models import CASCADE, CharField, DateField, ForeignKey, IntegerField, Model, Sum
from glassbox.db.schema import create_tables


class Question(Model):
    text = CharField(max_length=200)
    published = DateField(default=datetime.date.today)

    def __str__(self):
        return self.text

    def total_votes(self):
        """The votes of all the choices, added up by the database (one SELECT SUM(...))."""
        return self.choices.aggregate(total=Sum("votes"))["total"] or 0

    def as_dict(self):
        """The question as JSON-ready data, for the API (use prefetch_related("choices") when
        there are many questions, or each one asks for its choices separately)."""
        return {"id": self.id, "text": self.text, "published": self.published.isoformat(),
                "choices": [choice.as_dict() for choice in self.choices.all()]}


class Choice(Model):
    question = ForeignKey(Question, on_delete=CASCADE, related_name="choices")
    text = CharField(max_length=200)
    votes = IntegerField(default=0)

    def __str__(self):
        return self.text

    def as_dict(self):
        return {"id": self.id, "text": self.text, "votes": self.votes}


def add_question(text, choice_texts, published=None):
    """Create a question with its choices, all or none of them (one transaction); returns it."""
    with transaction.atomic():
        question = Question.objects.create(text=text,
                                           published=published or datetime.date.today())
        for choice_text in choice_texts:
            question.choices.create(text=choice_text)
    return question


def reset():
    """A fresh, empty database with the polls tables and the two questions the site starts with."""
    connection.reset()
    create_tables(connection, [Question, Choice])
    add_question("What's your favourite owl?", ["Barn owl", "Snowy owl", "Tawny owl"],
                 datetime.date(2026, 3, 7))
    add_question("Tabs or spaces?", ["Tabs", "Spaces"], datetime.date(2026, 4, 1))
    connection.queries.clear()
