"""The answers Django gives, where glassbox once gave others (issue 16): grouping, aggregating
an annotated query, excluding across a relation with many rows, a join per filter() call,
expressions in annotate(), a sliced update, a failing statement, an error inside atomic(),
an empty `__in`. Each test says what Django answers (checked on Django 5.2)."""

import datetime
import unittest

from glassbox.db import IntegrityError, TransactionManagementError, connection, transaction
from glassbox.db.models import (CASCADE, CharField, Count, DateTimeField, F, ForeignKey,
                                IntegerField, ManyToManyField, Max, Model, Q, Sum)
from glassbox.db.schema import create_tables


class Tag(Model):
    name = CharField(max_length=50, unique=True)


class Question(Model):
    question_text = CharField(max_length=200)
    pub_date = DateTimeField("date published")
    tags = ManyToManyField(Tag)

    def __str__(self):
        return self.question_text


class Choice(Model):
    question = ForeignKey(Question, on_delete=CASCADE)
    choice_text = CharField(max_length=200)
    votes = IntegerField(default=0)

    def __str__(self):
        return self.choice_text


def load():
    connection.reset()
    create_tables(connection, [Tag, Question, Choice])
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


class GroupingTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_aggregate_over_an_annotation_wraps_the_query(self):
        questions = Question.objects.annotate(n=Count("choice"))
        self.assertEqual(questions.aggregate(Max("n")), {"n__max": 2})
        sql = connection.queries[-1]["sql"]
        self.assertTrue(sql.startswith('SELECT MAX("n") AS "n__max" FROM (SELECT '), sql)
        self.assertTrue(sql.endswith('GROUP BY "question"."id") subquery'), sql)
        self.assertEqual(questions.aggregate(total=Sum("n")), {"total": 4})
        self.assertEqual(Question.objects.order_by("id")[:1].aggregate(Count("id")),
                         {"id__count": 1})

    def test_only_annotations_selected_still_one_row_per_object(self):
        counts = Question.objects.annotate(n=Count("choice")).order_by("id")
        self.assertEqual(list(counts.values_list("n", flat=True)), [2, 2, 0])
        self.assertTrue(str(counts.values_list("n", flat=True).query).endswith(
            'GROUP BY "question"."id" ORDER BY "question"."id" ASC'))

    def test_values_after_annotate_keeps_one_group_per_object(self):
        rows = Question.objects.annotate(n=Count("choice")).values("question_text", "n")
        self.assertEqual(sorted((row["question_text"], row["n"]) for row in rows),
                         [("Best colour?", 2), ("Empty?", 0), ("What's up?", 2)])

    def test_values_before_annotate_groups_by_those_values(self):
        Choice.objects.create(question=Question.objects.get(question_text="Empty?"),
                              choice_text="Red", votes=1)
        rows = Choice.objects.values("choice_text").annotate(total=Sum("votes")) \
            .order_by("choice_text")
        self.assertTrue(str(rows.query).endswith(
            'GROUP BY "choice"."choice_text" ORDER BY "choice"."choice_text" ASC'))
        self.assertEqual(list(rows), [
            {"choice_text": "Blue", "total": 3}, {"choice_text": "Not much", "total": 7},
            {"choice_text": "Red", "total": 8}, {"choice_text": "The sky", "total": 2}])

    def test_an_expression_annotation(self):
        doubled = Choice.objects.annotate(double=F("votes") * 2).order_by("id")
        self.assertEqual([choice.double for choice in doubled], [14, 4, 14, 6])
        self.assertEqual(str(doubled.query).split(" FROM")[0].split(", ")[-1],
                         '("choice"."votes" * ?) AS "double"')
        self.assertNotIn("GROUP BY", str(doubled.query))
        self.assertEqual(texts(doubled.filter(double__gt=10)), ["Not much", "Red"])
        self.assertEqual(doubled.aggregate(total=Sum("double")), {"total": 38})


class MultiValuedTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_exclude_across_a_reverse_relation_is_a_subquery(self):
        # Not "rows of the join whose votes are not 7": that would keep "What's up?" (its
        # other choice), and drop "Empty?" (no choice at all).
        questions = Question.objects.exclude(choice__votes=7)
        self.assertEqual(texts(questions), ["Empty?"])
        self.assertEqual(str(questions.query).split(" WHERE ", 1)[1],
                         'NOT (EXISTS (SELECT 1 AS "a" FROM "choice" WHERE "choice"."votes" = ? '
                         'AND "choice"."question_id" = "question"."id" LIMIT 1))')
        self.assertEqual(texts(Question.objects.exclude(choice__isnull=True)),
                         ["What's up?", "Best colour?"])
        self.assertEqual(texts(Question.objects.filter(~Q(choice__votes__gt=2))), ["Empty?"])

    def test_exclude_across_a_many_to_many_relation(self):
        news, art = Tag.objects.create(name="news"), Tag.objects.create(name="art")
        up, colour, _empty = Question.objects.order_by("id")
        up.tags.add(news, art)
        colour.tags.add(art)
        self.assertEqual(texts(Question.objects.exclude(tags__name="news").order_by("id")),
                         ["Best colour?", "Empty?"])
        self.assertEqual(texts(Question.objects.exclude(tags=art).order_by("id")), ["Empty?"])

    def test_each_filter_call_gets_its_own_join(self):
        both = Question.objects.filter(choice__votes__gt=4).filter(choice__votes__lt=3)
        self.assertEqual(texts(both), ["What's up?"])
        self.assertIn('LEFT OUTER JOIN "choice" T3', str(both.query))
        one_choice = Question.objects.filter(choice__votes__gt=4, choice__votes__lt=3)
        self.assertEqual(texts(one_choice), [])
        self.assertEqual(str(one_choice.query).count("JOIN"), 1)

    def test_annotate_counts_the_rows_an_earlier_filter_kept(self):
        earlier = Question.objects.filter(choice__votes__gt=2).annotate(n=Count("choice"))
        self.assertEqual(sorted((str(q), q.n) for q in earlier),
                         [("Best colour?", 2), ("What's up?", 1)])
        later = Question.objects.annotate(n=Count("choice")).filter(choice__votes__gt=2)
        self.assertEqual(sorted((str(q), q.n) for q in later),
                         [("Best colour?", 4), ("What's up?", 2)])  # as Django: a second join


class WritesAndErrorsTest(unittest.TestCase):
    def setUp(self):
        load()

    def test_a_sliced_update_is_refused(self):
        with self.assertRaises(TypeError) as caught:
            Choice.objects.all()[:1].update(votes=0)
        self.assertEqual(str(caught.exception),
                         "Cannot update a query once a slice has been taken.")

    def test_a_failing_statement_is_recorded(self):
        from glassbox.trace import Trace

        Tag.objects.create(name="news")
        trace = Trace()
        with connection.tracing(trace), self.assertRaises(IntegrityError):
            Tag.objects.create(name="news")
        self.assertEqual(connection.queries[-1]["error"],
                         "IntegrityError: UNIQUE constraint failed: tag.name")
        event = [each for each in trace.events if each["type"] == "sql"][-1]
        self.assertEqual(event["error"], "IntegrityError: UNIQUE constraint failed: tag.name")
        self.assertTrue(event["sql"].startswith('INSERT INTO "tag"'))

    def test_a_caught_error_spoils_the_atomic_block(self):
        Tag.objects.create(name="news")
        with self.assertRaises(TransactionManagementError) as caught:
            with transaction.atomic():
                Tag.objects.create(name="art")
                try:
                    Tag.objects.create(name="news")
                except IntegrityError:
                    pass
                Tag.objects.count()
        self.assertEqual(str(caught.exception),
                         "An error occurred in the current transaction. You can't execute "
                         "queries until the end of the 'atomic' block.")
        self.assertEqual(connection.queries[-1]["sql"], "ROLLBACK")
        self.assertEqual(list(Tag.objects.values_list("name", flat=True)), ["news"])

    def test_a_caught_error_without_a_query_after_it_still_rolls_back(self):
        with transaction.atomic():
            Tag.objects.create(name="art")
            try:
                Tag.objects.create(name="art")
            except IntegrityError:
                pass
        self.assertEqual(connection.queries[-1]["sql"], "ROLLBACK")
        self.assertEqual(Tag.objects.count(), 0)

    def test_a_nested_atomic_keeps_the_outer_block_usable(self):
        with transaction.atomic():
            Tag.objects.create(name="art")
            try:
                with transaction.atomic():
                    Tag.objects.create(name="art")
            except IntegrityError:
                pass
            Tag.objects.create(name="news")
        self.assertEqual(list(Tag.objects.order_by("name").values_list("name", flat=True)),
                         ["art", "news"])

    def test_an_empty_in_sends_no_query(self):
        self.assertEqual(list(Question.objects.filter(pk__in=[])), [])
        self.assertEqual(Question.objects.filter(pk__in=[]).count(), 0)
        self.assertFalse(Question.objects.none().exists())
        self.assertEqual(Choice.objects.filter(pk__in=[]).update(votes=1), 0)
        self.assertEqual(Choice.objects.none().aggregate(Sum("votes"), Count("id")),
                         {"votes__sum": None, "id__count": 0})
        self.assertEqual(connection.queries, [])
        # In an OR the empty part drops out; excluding nothing keeps everything.
        either = Question.objects.filter(Q(pk__in=[]) | Q(question_text="Empty?"))
        self.assertEqual(texts(either), ["Empty?"])
        self.assertNotIn("WHERE", str(Question.objects.exclude(pk__in=[]).query))
        self.assertEqual(Question.objects.exclude(pk__in=[]).count(), 3)


if __name__ == "__main__":
    unittest.main()
