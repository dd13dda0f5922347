"""The poll data: questions and their choices, as plain Python objects in a dict.

A real site keeps these in a database; this module stands in for one until the ORM arrives.
`reset()` puts back the starting questions, which tests call so each starts from the same data.
"""

import dataclasses
import datetime


@dataclasses.dataclass
class Choice:
    id: int
    text: str
    votes: int = 0


@dataclasses.dataclass
class Question:
    id: int
    text: str
    published: datetime.date
    choices: list = dataclasses.field(default_factory=list)

    def total_votes(self):
        return sum(choice.votes for choice in self.choices)

    def find_choice(self, choice_id):
        """The choice with this id, or None."""
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        return None

    def as_dict(self):
        """The question as JSON-ready data, for the API."""
        return {"id": self.id, "text": self.text, "published": self.published.isoformat(),
                "choices": [dataclasses.asdict(choice) for choice in self.choices]}


# question id -> Question: our "table".
QUESTIONS = {}


def reset():
    """Replace every question with the two the site starts with."""
    QUESTIONS.clear()
    add_question("What's your favourite owl?", ["Barn owl", "Snowy owl", "Tawny owl"],
                 datetime.date(2026, 3, 7))
    add_question("Tabs or spaces?", ["Tabs", "Spaces"], datetime.date(2026, 4, 1))


def add_question(text, choice_texts, published=None):
    """Create a question with its choices; returns it."""
    question_id = max(QUESTIONS, default=0) + 1
    choices = [Choice(number, choice_text) for number, choice_text in enumerate(choice_texts, 1)]
    question = Question(question_id, text, published or datetime.date.today(), choices)
    QUESTIONS[question_id] = question
    return question


reset()
