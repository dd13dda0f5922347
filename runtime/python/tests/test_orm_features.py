"""The ORM features of the Django tutorial and documentation (issue 16): date transforms,
F() on save, update_fields, latest/earliest, Count(filter=...), set(), bulk_create,
update_or_create, select_related() with no names, Subquery/OuterRef/Exists, Coalesce,
Case/When, UUIDField and a primary key chosen by the model."""

import datetime
import unittest
import uuid

from glassbox.db import DatabaseError, IntegrityError, connection
from glassbox.db.models import (CASCADE, SET_NULL, Case, CharField, Coalesce, Count,
                                DateTimeField, Exists, F, ForeignKey, IntegerField,
                                ManyToManyField, Model, OuterRef, Q, Subquery, Sum, UUIDField,
                                Value, When)
from glassbox.db.schema import create_tables


class Tag(Model):
    name = CharField(max_length=50, unique=True)

    def __str__(self):
        return self.name


class Question(Model):
    question_text = CharField(max_length=200)
    pub_date = DateTimeField("date published")
    tags = ManyToManyField(Tag)

    class Meta:
        get_latest_by = "pub_date"

    def __str__(self):
        return self.question_text


class Choice(Model):
    question = ForeignKey(Question, on_delete=CASCADE)
    choice_text = CharField(max_length=200)
    votes = IntegerField(default=0)

    def __str__(self):
        return self.choice_text


class Person(Model):
    name = CharField(max_length=50)
    mentor = ForeignKey("self", null=True, on_delete=SET_NULL, related_name="mentees")

    def __str__(self):
        return self.name


class Ticket(Model):
    id = UUIDField(primary_key=True, default=uuid.uuid4)
    title = CharField(max_length=100)


class Comment(Model):
    ticket = ForeignKey(Ticket, on_delete=CASCADE)
    text = CharField(max_length=100)


class Code(Model):
    code = CharField(max_length=10, primary_key=True)
    label = CharField(max_length=100)


def load():
    connection.reset()
    create_tables(connection, [Tag, Question, Choice, Person, Ticket, Comment, Code])
    up = Question.objects.create(question_text="What's up?",
                                 pub_date=datetime.datetime(2024, 5, 1, 9, 30))
    colour = Question.objects.create(question_text="Best colour?",
                                     pub_date=datetime.datetime(2023, 1, 2, 10, 0))
    Question.objects.create(question_text="Empty?", pub_date=datetime.datetime(2024, 7, 3))
    for question, text, votes in [(up, "Not much", 7), (up, "The sky", 2), (colour, "Red", 7),
                                  (colour, "Blue", 3)]:
        Choice.objects.create(question=question, choice_text=text, votes=votes)
    connection.queries.clear()


def texts(queryset):
    return [str(each) for each in queryset]


class DateTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_year_is_a_range_of_the_column(self):
        this_year = Question.objects.filter(pub_date__year=2024)
        self.assertEqual(this_year.query.sql_with_params()[0].split(" WHERE ")[1],
                         '"question"."pub_date" BETWEEN ? AND ?')
        self.assertEqual(this_year.query.sql_with_params()[1],
                         ["2024-01-01 00:00:00", "2024-12-31 23:59:59.999999"])
        self.assertEqual(texts(this_year), ["What's up?", "Empty?"])
        self.assertEqual(texts(Question.objects.filter(pub_date__year__gte=2024)),
                         ["What's up?", "Empty?"])
        self.assertEqual(texts(Question.objects.filter(pub_date__year__lt=2024)),
                         ["Best colour?"])

    def test_other_parts_of_a_date(self):
        self.assertEqual(texts(Question.objects.filter(pub_date__month=5)), ["What's up?"])
        self.assertEqual(texts(Question.objects.filter(pub_date__month__gte=5)),
                         ["What's up?", "Empty?"])
        self.assertEqual(texts(Question.objects.filter(pub_date__day=2)), ["Best colour?"])
        # 2024-05-01 was a Wednesday: 4 when Sunday is 1, as in Django
        self.assertEqual(texts(Question.objects.filter(pub_date__week_day=4)),
                         ["What's up?", "Empty?"])
        self.assertEqual(texts(Question.objects.filter(pub_date__date=datetime.date(2024, 5, 1))),
                         ["What's up?"])
        self.assertEqual(texts(Question.objects.filter(pub_date__hour=10)), ["Best colour?"])

    def test_across_a_relation_and_in_values(self):
        self.assertEqual(texts(Choice.objects.filter(question__pub_date__year=2023)),
                         ["Red", "Blue"])
        self.assertEqual(list(Question.objects.values_list("pub_date__year", flat=True)
                              .order_by("id")), [2024, 2023, 2024])
        per_year = Question.objects.values("pub_date__year").annotate(n=Count("id")) \
            .order_by("pub_date__year")
        self.assertEqual(list(per_year), [{"pub_date__year": 2023, "n": 1},
                                          {"pub_date__year": 2024, "n": 2}])

    def test_latest_and_earliest(self):
        self.assertEqual(str(Question.objects.latest()), "Empty?")
        self.assertEqual(str(Question.objects.earliest("pub_date")), "Best colour?")
        self.assertEqual(str(Choice.objects.latest("votes", "-id")), "Not much")
        self.assertTrue(connection.queries[-1]["sql"].endswith(
            'ORDER BY "choice"."votes" DESC, "choice"."id" ASC LIMIT ? OFFSET ?'))
        with self.assertRaises(Question.DoesNotExist):
            Question.objects.filter(pub_date__year=1999).latest()


class SaveTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_f_on_save_is_computed_by_the_database(self):
        choice = Choice.objects.get(choice_text="The sky")
        choice.votes = F("votes") + 1
        choice.save()
        self.assertEqual(connection.queries[-1]["sql"],
                         'UPDATE "choice" SET "question_id" = ?, "choice_text" = ?, "votes" = '
                         '("choice"."votes" + ?) WHERE "choice"."id" = ?')
        self.assertTrue(hasattr(choice.votes, "as_sql"))  # still the expression, as in Django
        choice.refresh_from_db()
        self.assertEqual(choice.votes, 3)

    def test_update_fields_writes_only_those_columns(self):
        choice = Choice.objects.get(choice_text="Red")
        choice.votes, choice.choice_text = 100, "not saved"
        choice.save(update_fields=["votes"])
        self.assertEqual(connection.queries[-1]["sql"],
                         'UPDATE "choice" SET "votes" = ? WHERE "choice"."id" = ?')
        choice.refresh_from_db()
        self.assertEqual((choice.choice_text, choice.votes), ("Red", 100))
        with self.assertRaises(ValueError):
            choice.save(update_fields=["nothing"])
        gone = Choice(id=99, question_id=1, choice_text="x")
        with self.assertRaises(DatabaseError):
            gone.save(update_fields=["votes"])

    def test_a_key_given_updates_first(self):
        Question(pk=1, question_text="Replaced?", pub_date=datetime.datetime(2026, 1, 1)).save()
        self.assertEqual(Question.objects.count(), 3)
        self.assertEqual(Question.objects.get(pk=1).question_text, "Replaced?")
        with self.assertRaises(IntegrityError):  # create() always INSERTs
            Question.objects.create(pk=1, question_text="Again?",
                                    pub_date=datetime.datetime(2026, 1, 1))

    def test_bulk_create_is_one_insert(self):
        tags = Tag.objects.bulk_create([Tag(name="news"), Tag(name="art"), Tag(name="sport")])
        self.assertEqual(len(connection.queries), 3)  # BEGIN, INSERT, COMMIT
        self.assertEqual(connection.queries[1]["sql"],
                         'INSERT INTO "tag" ("name") VALUES (?), (?), (?) RETURNING "id"')
        self.assertEqual([tag.pk for tag in tags], [1, 2, 3])
        with self.assertRaises(IntegrityError):
            Tag.objects.bulk_create([Tag(name="poetry"), Tag(name="news")])
        self.assertEqual(Tag.objects.count(), 3)  # all or nothing
        Tag.objects.bulk_create([Tag(name="poetry"), Tag(name="news")], ignore_conflicts=True)
        self.assertEqual(Tag.objects.count(), 4)

    def test_update_or_create(self):
        choice, created = Choice.objects.update_or_create(
            choice_text="Red", defaults={"votes": 55})
        self.assertEqual((created, choice.votes), (False, 55))
        self.assertIn('UPDATE "choice" SET "votes" = ? WHERE', " ".join(
            query["sql"] for query in connection.queries))
        choice, created = Choice.objects.update_or_create(
            choice_text="Green", defaults={"votes": 1},
            create_defaults={"votes": 80, "question_id": 2})
        self.assertEqual((created, choice.votes), (True, 80))


class MoreQuerySetTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_alias_filters_without_fetching(self):
        answered = Question.objects.alias(n=Count("choice")).filter(n__gt=0).order_by("id")
        self.assertEqual(texts(answered), ["What's up?", "Best colour?"])
        self.assertNotIn('AS "n"', str(answered.query))
        self.assertFalse(hasattr(answered[0], "n"))

    def test_bulk_update_is_one_update(self):
        choices = list(Choice.objects.order_by("id"))
        for choice in choices:
            choice.votes += 10
        self.assertEqual(Choice.objects.bulk_update(choices, ["votes"]), 4)
        self.assertTrue(connection.queries[-2]["sql"].startswith(
            'UPDATE "choice" SET "votes" = CASE WHEN "choice"."id" = ? THEN ? WHEN'))
        self.assertEqual(list(Choice.objects.order_by("id").values_list("votes", flat=True)),
                         [17, 12, 17, 13])

    def test_iterator_contains_and_select_for_update(self):
        questions = Question.objects.order_by("id")
        self.assertEqual(texts(questions.iterator()), ["What's up?", "Best colour?", "Empty?"])
        self.assertIsNone(questions.result_cache)
        self.assertTrue(questions.contains(Question.objects.get(pk=2)))
        self.assertEqual(str(questions.select_for_update().query), str(questions.query))

    def test_values_list_named(self):
        first = Question.objects.values_list("id", "question_text", named=True).order_by("id")[0]
        self.assertEqual((first.id, first.question_text), (1, "What's up?"))
        self.assertEqual(list(Question.objects.values_list(flat=True).order_by("id")), [1, 2, 3])


class RelatedTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_reverse_add_is_one_update(self):
        empty = Question.objects.get(question_text="Empty?")
        red, blue = Choice.objects.filter(choice_text__in=["Red", "Blue"]).order_by("id")
        connection.queries.clear()
        empty.choice_set.add(red, blue)
        self.assertEqual([query["sql"] for query in connection.queries], [
            'UPDATE "choice" SET "question_id" = ? WHERE "choice"."id" IN (?, ?)'])
        self.assertEqual(red.question_id, empty.pk)
        with self.assertRaises(ValueError):
            empty.choice_set.add(Choice(choice_text="unsaved"))

    def test_set_on_a_nullable_reverse_relation(self):
        ada, alan, grace = (Person.objects.create(name=name) for name in ["Ada", "Alan", "Grace"])
        ada.mentees.set([alan, grace])
        self.assertEqual(texts(ada.mentees.order_by("name")), ["Alan", "Grace"])
        ada.mentees.set([grace])
        self.assertEqual(texts(ada.mentees.all()), ["Grace"])
        self.assertIsNone(Person.objects.get(name="Alan").mentor_id)

    def test_many_to_many_set(self):
        news, art, sport = (Tag.objects.create(name=name) for name in ["news", "art", "sport"])
        question = Question.objects.get(pk=1)
        question.tags.set([news, art])
        question.tags.set([art.pk, sport])
        self.assertEqual(texts(question.tags.order_by("name")), ["art", "sport"])

    def test_select_related_with_no_names_follows_the_non_null_keys(self):
        choices = list(Choice.objects.select_related().order_by("id"))
        connection.queries.clear()
        self.assertEqual([str(choice.question) for choice in choices],
                         ["What's up?", "What's up?", "Best colour?", "Best colour?"])
        self.assertEqual(connection.queries, [])
        people = Person.objects.select_related()
        self.assertNotIn("JOIN", str(people.query))  # mentor can be NULL: not followed

    def test_count_with_a_filter(self):
        counts = Question.objects.annotate(
            many=Count("choice", filter=Q(choice__votes__gt=2))).order_by("id")
        self.assertIn('COUNT("choice"."id") FILTER (WHERE "choice"."votes" > ?)',
                      str(counts.query))
        self.assertEqual([question.many for question in counts], [1, 2, 0])


class ExpressionTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_exists_and_not_exists(self):
        popular = Choice.objects.filter(question=OuterRef("pk"), votes__gt=5)
        self.assertEqual(texts(Question.objects.filter(Exists(popular)).order_by("id")),
                         ["What's up?", "Best colour?"])
        self.assertEqual(texts(Question.objects.filter(~Exists(popular))), ["Empty?"])
        flagged = Question.objects.annotate(popular=Exists(popular)).order_by("id")
        self.assertEqual([question.popular for question in flagged], [True, True, False])

    def test_subquery(self):
        best = Choice.objects.filter(question=OuterRef("pk")).order_by("-votes")
        questions = Question.objects.annotate(
            best=Subquery(best.values("choice_text")[:1])).order_by("id")
        self.assertEqual([question.best for question in questions], ["Not much", "Red", None])
        self.assertIn('(SELECT "choice"."choice_text" FROM "choice" WHERE '
                      '"choice"."question_id" = "question"."id" ORDER BY "choice"."votes" DESC '
                      'LIMIT ? OFFSET ?) AS "best"', str(questions.query))

    def test_a_subquery_of_the_same_table_gets_an_alias(self):
        ada = Person.objects.create(name="Ada")
        Person.objects.create(name="Alan", mentor=ada)
        Person.objects.create(name="Grace")
        mentors = Person.objects.filter(Exists(Person.objects.filter(mentor=OuterRef("pk"))))
        self.assertEqual(texts(mentors), ["Ada"])
        self.assertIn('FROM "person" U2 WHERE U2."mentor_id" = "person"."id"', str(mentors.query))

    def test_coalesce_and_case(self):
        totals = Question.objects.annotate(total=Coalesce(Sum("choice__votes"), 0)).order_by("id")
        self.assertEqual([question.total for question in totals], [9, 10, 0])
        kinds = Choice.objects.annotate(kind=Case(When(votes__gt=5, then=Value("hot")),
                                                  default=Value("cold"))).order_by("id")
        self.assertEqual([choice.kind for choice in kinds], ["hot", "cold", "hot", "cold"])
        self.assertEqual(Choice.objects.aggregate(
            hot=Count(Case(When(votes__gt=5, then=Value(1))))), {"hot": 2})


class KeyTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_uuid_primary_key(self):
        ticket = Ticket.objects.create(title="Broken link")
        self.assertIsInstance(ticket.pk, uuid.UUID)
        self.assertEqual(connection.queries[-1]["params"][0], ticket.pk.hex)
        self.assertEqual(Ticket.objects.get(pk=str(ticket.pk)), ticket)
        Comment.objects.create(ticket=ticket, text="me too")
        self.assertEqual(Comment.objects.get().ticket, ticket)
        self.assertEqual(Ticket.objects.filter(comment__text="me too").count(), 1)

    def test_a_char_primary_key(self):
        code = Code(code="B2", label="one")
        code.save()  # an UPDATE that finds nothing, then the INSERT, as Django
        self.assertEqual([query["sql"].split(" ")[0] for query in connection.queries],
                         ["UPDATE", "INSERT"])
        code.label = "two"
        code.save()
        self.assertEqual(list(Code.objects.values_list("code", "label")), [("B2", "two")])


if __name__ == "__main__":
    unittest.main()
