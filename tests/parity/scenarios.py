"""The parity cases, each written once: a function of `m`, the namespace each side builds from
its own framework (m.Question, m.Q, m.F, m.Count, m.transaction, ...). A case returns what a
learner would look at; common.normalise turns it into JSON. Every case starts from
common.FIXTURE, and its queries are counted (without BEGIN/COMMIT/SAVEPOINT lines).

`@case` registers a function; `@case(message=True)` also compares an exception's message.
"""

CASES = []
COMPARE_MESSAGES = set()


def case(function=None, *, message=False):
    def register(function):
        CASES.append((function.__name__, function))
        if message:
            COMPARE_MESSAGES.add(function.__name__)
        return function

    return register(function) if function is not None else register


# ---- lookups ------------------------------------------------------------------------------

@case
def lookup_exact(m):
    return m.Question.objects.filter(question_text="What's up?")


@case
def lookup_iexact(m):
    return m.Question.objects.filter(question_text__iexact="WHAT'S UP?")


@case
def lookup_contains_same_case(m):
    return m.Question.objects.filter(question_text__contains="What")


@case
def lookup_contains_other_case(m):
    return m.Question.objects.filter(question_text__contains="what")


@case
def lookup_icontains(m):
    return m.Question.objects.filter(question_text__icontains="WHAT")


@case
def lookup_contains_percent_is_literal(m):
    return m.Question.objects.filter(question_text__contains="%")


@case
def lookup_startswith(m):
    return m.Question.objects.filter(question_text__startswith="What")


@case
def lookup_istartswith(m):
    return m.Question.objects.filter(question_text__istartswith="what")


@case
def lookup_endswith(m):
    return m.Choice.objects.filter(choice_text__endswith="ing")


@case
def lookup_iendswith(m):
    return m.Choice.objects.filter(choice_text__iendswith="ING")


@case
def lookup_in(m):
    return m.Choice.objects.filter(id__in=[1, 3, 9])


@case
def lookup_in_empty_list(m):
    return m.Choice.objects.filter(id__in=[])


@case
def lookup_in_strings(m):
    return m.Tag.objects.filter(name__in=["sql", "django"]).order_by("name")


@case
def lookup_gt(m):
    return m.Choice.objects.filter(votes__gt=5)


@case
def lookup_gte_lte(m):
    return m.Choice.objects.filter(votes__gte=3, votes__lte=5)


@case
def lookup_lt(m):
    return m.Choice.objects.filter(votes__lt=2)


@case
def lookup_range(m):
    return m.Choice.objects.filter(votes__range=(2, 5))


@case
def lookup_isnull_true(m):
    return m.Person.objects.filter(age__isnull=True)


@case
def lookup_isnull_false(m):
    return m.Person.objects.filter(mentor__isnull=False)


@case
def lookup_exact_none(m):
    return m.Person.objects.filter(age=None)


@case
def lookup_pk(m):
    return m.Question.objects.filter(pk=2)


@case
def lookup_pk_in(m):
    return m.Question.objects.filter(pk__in=[2, 4]).count()


@case
def lookup_fk_id(m):
    return m.Choice.objects.filter(question_id=3)


@case
def lookup_fk_instance(m):
    question = m.Question.objects.get(pk=2)
    return m.Choice.objects.filter(question=question)


@case
def lookup_fk_pk_across(m):
    return m.Choice.objects.filter(question__pk=1)


@case
def lookup_unknown_field(m):
    return m.Question.objects.filter(titel="x")


@case
def lookup_unknown_lookup(m):
    return m.Question.objects.filter(question_text__sounds_like="x")


@case
def get_one(m):
    return m.Question.objects.get(question_text="What's new?")


@case
def get_missing(m):
    return m.Question.objects.get(pk=99)


@case
def get_missing_is_object_does_not_exist(m):
    try:
        m.Question.objects.get(pk=99)
    except m.ObjectDoesNotExist as error:
        return isinstance(error, m.Question.DoesNotExist)


@case
def get_several(m):
    return m.Choice.objects.get(votes=5)


@case
def count_all(m):
    return m.Choice.objects.count()


@case
def count_filtered(m):
    return m.Choice.objects.filter(votes__gt=4).count()


@case
def exists_yes(m):
    return m.Choice.objects.filter(votes=10).exists()


@case
def exists_no(m):
    return m.Choice.objects.filter(votes=11).exists()


@case
def first_unordered(m):
    return m.Choice.objects.filter(votes__gt=4).first()


@case
def last_unordered(m):
    return m.Choice.objects.last()


@case
def first_empty(m):
    return m.Choice.objects.filter(votes=99).first()


@case
def in_bulk_ids(m):
    return m.Question.objects.in_bulk([1, 3])


@case
def values_all_columns(m):
    return list(m.Choice.objects.filter(question_id=2).values())


@case
def values_some(m):
    return list(m.Choice.objects.filter(votes__gt=5).values("choice_text", "votes"))


@case
def values_across_relation(m):
    return list(m.Choice.objects.filter(votes=5).values("choice_text", "question__question_text"))


@case
def values_list_tuples(m):
    return list(m.Person.objects.values_list("name", "age"))


@case
def values_list_flat(m):
    return list(m.Choice.objects.values_list("votes", flat=True))


@case
def values_list_flat_two_fields(m):
    return list(m.Choice.objects.values_list("votes", "id", flat=True))


@case
def distinct_values(m):
    return sorted(m.Choice.objects.values_list("votes", flat=True).distinct())


@case
def none_queryset(m):
    return list(m.Question.objects.none())


@case
def queryset_is_lazy(m):
    m.Question.objects.filter(pk=1).exclude(question_text="x").order_by("pub_date")
    return "no query"


@case
def queryset_cached(m):
    questions = m.Question.objects.all()
    first = len(questions)
    return [first, len(questions), questions[0].pk]


# ---- dates: transforms and comparisons ------------------------------------------------------

@case
def date_year(m):
    return m.Question.objects.filter(pub_date__year=2025)


@case
def date_month(m):
    return m.Question.objects.filter(pub_date__month=3)


@case
def date_day(m):
    return m.Question.objects.filter(pub_date__day=2)


@case
def date_date(m):
    return m.Question.objects.filter(pub_date__date=m.date(2025, 3, 2))


@case
def date_week_day(m):
    # Django numbers week days from Sunday (1) to Saturday (7); 2025-03-02 was a Sunday.
    return m.Question.objects.filter(pub_date__week_day=1)


@case
def date_hour(m):
    return m.Question.objects.filter(pub_date__hour=8)


@case
def date_year_gte(m):
    return m.Question.objects.filter(pub_date__year__gte=2025)


@case
def date_year_lt(m):
    return m.Question.objects.filter(pub_date__year__lt=2025)


@case
def date_year_in(m):
    return m.Question.objects.filter(pub_date__year__in=[2023, 2024])


@case
def date_month_range(m):
    return m.Question.objects.filter(pub_date__month__range=(1, 2))


@case
def date_year_across_relation(m):
    return m.Choice.objects.filter(question__pub_date__year=2024)


@case
def date_year_on_datefield(m):
    return m.Person.objects.filter(birth_date__year__lt=1910)


@case
def date_month_on_datefield(m):
    return m.Person.objects.filter(birth_date__month=12)


@case
def date_exclude_year(m):
    return m.Question.objects.exclude(pub_date__year=2025)


@case
def date_datetime_gte(m):
    return m.Question.objects.filter(pub_date__gte=m.dt(2025, 3, 2, 8, 0))


@case
def date_datetime_lt(m):
    return m.Question.objects.filter(pub_date__lt=m.dt(2025, 1, 1))


@case
def date_datetime_range(m):
    return m.Question.objects.filter(pub_date__range=(m.dt(2025, 1, 1), m.dt(2025, 3, 31)))


@case
def date_datefield_compare(m):
    return m.Person.objects.filter(birth_date__gt=m.date(1900, 1, 1))


@case
def date_values_are_datetimes(m):
    return [type(value).__name__ for value in
            m.Question.objects.order_by("id").values_list("pub_date", flat=True)]


@case
def date_values_datefield(m):
    return list(m.Person.objects.values_list("birth_date", flat=True))


@case
def date_latest(m):
    return m.Question.objects.latest("pub_date")


@case
def date_earliest(m):
    return m.Question.objects.earliest("pub_date")


@case
def date_latest_filtered(m):
    return m.Question.objects.filter(pub_date__year=2025).earliest("pub_date")


@case
def date_latest_empty(m):
    return m.Question.objects.filter(pub_date__year=1990).latest("pub_date")


@case
def date_save_and_read_back(m):
    question = m.Question.objects.create(question_text="New?", pub_date=m.dt(2026, 2, 3, 4, 5, 6))
    return m.Question.objects.get(pk=question.pk).pub_date


@case
def date_year_count(m):
    return m.Question.objects.filter(pub_date__year=2025).count()


# ---- Q and F ------------------------------------------------------------------------------

@case
def q_or(m):
    return m.Choice.objects.filter(m.Q(votes=0) | m.Q(votes=10))


@case
def q_and(m):
    return m.Choice.objects.filter(m.Q(votes__gt=2) & m.Q(votes__lt=5))


@case
def q_not(m):
    return m.Choice.objects.filter(~m.Q(votes__gt=3))


@case
def q_nested(m):
    return m.Choice.objects.filter(m.Q(votes=5) | (m.Q(votes__gt=3) & ~m.Q(choice_text="Django")))


@case
def q_with_keywords(m):
    return m.Choice.objects.filter(m.Q(votes=7) | m.Q(votes=5), question_id=3)


@case
def q_in_exclude(m):
    return m.Choice.objects.exclude(m.Q(votes__gt=4) | m.Q(choice_text__startswith="N"))


@case
def q_across_relation(m):
    return m.Choice.objects.filter(m.Q(question__question_text__startswith="Fav") | m.Q(votes=10))


@case
def q_not_null_column(m):
    # NOT (age > 40) keeps no row whose age is NULL in Django: it adds "age IS NOT NULL".
    return m.Person.objects.filter(~m.Q(age__gt=40))


@case
def q_empty(m):
    return m.Question.objects.filter(m.Q()).count()


@case
def f_compare_columns(m):
    return m.Choice.objects.filter(votes__gt=m.F("id"))


@case
def f_arithmetic_filter(m):
    return m.Choice.objects.filter(votes__gte=m.F("id") * 2)


@case
def f_across_relation(m):
    return m.Person.objects.filter(age__lt=m.F("mentor__age"))


@case
def f_update(m):
    updated = m.Choice.objects.filter(question_id=1).update(votes=m.F("votes") + 1)
    return [updated, list(m.Choice.objects.filter(question_id=1).values_list("votes", flat=True))]


@case
def f_annotate_multiply(m):
    return list(m.Choice.objects.annotate(double=m.F("votes") * 2).values_list("id", "double"))


@case
def f_annotate_two_columns(m):
    return list(m.Choice.objects.annotate(total=m.F("votes") + m.F("question_id"))
                .values_list("total", flat=True))


@case
def f_annotate_filter(m):
    return m.Choice.objects.annotate(double=m.F("votes") * 2).filter(double__gt=9)


@case
def f_annotate_across_relation(m):
    return list(m.Choice.objects.annotate(text=m.F("question__question_text"))
                .filter(votes=7).values_list("choice_text", "text"))


@case
def f_save_increment(m):
    choice = m.Choice.objects.get(pk=2)
    choice.votes = m.F("votes") + 1
    choice.save()
    choice.refresh_from_db()
    return choice.votes


@case
def f_save_increment_sql_count(m):
    choice = m.Choice.objects.get(pk=2)
    choice.votes = m.F("votes") + 1
    choice.save()
    return m.Choice.objects.get(pk=2).votes


@case
def f_order_by_expression(m):
    return m.Choice.objects.order_by(m.F("votes").desc(), "id")


@case
def f_unknown_field(m):
    return list(m.Choice.objects.filter(votes=m.F("nope")))


@case
def value_annotation(m):
    return list(m.Tag.objects.annotate(one=m.Value(1)).values_list("name", "one"))


# ---- joins, both ways ---------------------------------------------------------------------

@case
def join_forward(m):
    return m.Choice.objects.filter(question__question_text__startswith="What")


@case
def join_backward(m):
    return m.Question.objects.filter(choice__choice_text="Blue")


@case
def join_backward_duplicates(m):
    return m.Question.objects.filter(choice__votes__gte=5)


@case
def join_backward_distinct(m):
    return m.Question.objects.filter(choice__votes__gte=5).distinct()


@case
def join_self_forward(m):
    return m.Person.objects.filter(mentor__name="Ada")


@case
def join_self_backward(m):
    return m.Person.objects.filter(mentees__name="Guido")


@case
def join_self_two_steps(m):
    return m.Person.objects.filter(mentor__mentor__name="Ada")


@case
def join_m2m_forward(m):
    return m.Question.objects.filter(tags__name="django")


@case
def join_m2m_backward(m):
    return m.Tag.objects.filter(question__question_text="Favourite colour?")


@case
def join_two_relations(m):
    return m.Choice.objects.filter(question__tags__name="sql")


@case
def join_order_across(m):
    return m.Choice.objects.order_by("question__pub_date", "-votes")


@case
def join_values_backward(m):
    return list(m.Question.objects.filter(pk__in=[1, 5]).values("id", "choice__votes")
                .order_by("id", "choice__votes"))


@case
def join_isnull_backward(m):
    return m.Question.objects.filter(choice__isnull=True)


@case
def join_none_backward(m):
    return m.Question.objects.filter(choice=None)


@case
def join_m2m_isnull(m):
    return m.Tag.objects.filter(question__isnull=True)


@case
def join_get_across(m):
    return m.Question.objects.get(choice__pk=7)


@case
def join_related_manager(m):
    return m.Question.objects.get(pk=1).choice_set.all()


@case
def join_related_manager_filter(m):
    return m.Question.objects.get(pk=1).choice_set.filter(votes__gt=2)


@case
def join_related_manager_count(m):
    return m.Question.objects.get(pk=3).choice_set.count()


@case
def join_related_manager_create(m):
    question = m.Question.objects.get(pk=5)
    choice = question.choice_set.create(choice_text="Yes", votes=1)
    return [choice.question_id, question.choice_set.count()]


@case
def join_related_manager_add(m):
    question = m.Question.objects.get(pk=5)
    question.choice_set.add(m.Choice.objects.get(pk=1), m.Choice.objects.get(pk=2))
    return [question.choice_set.count(), m.Choice.objects.get(pk=1).question_id]


@case
def join_exclude_nullable_forward(m):
    # Rows whose mentor is NULL are kept: Django adds "mentor.name IS NOT NULL" inside the NOT.
    return m.Person.objects.exclude(mentor__name="Ada")


@case
def join_forward_attribute(m):
    return m.Choice.objects.get(pk=6).question.question_text


@case
def join_forward_attribute_null(m):
    return m.Person.objects.get(name="Ada").mentor


@case
def join_reverse_self_manager(m):
    return m.Person.objects.get(name="Ada").mentees.all()


# ---- multi-valued relations: filter() calls and exclude() ------------------------------------

@case
def multi_two_filter_calls(m):
    return m.Question.objects.filter(choice__votes__gt=4).filter(choice__votes__lt=2)


@case
def multi_one_filter_call(m):
    return m.Question.objects.filter(choice__votes__gt=4, choice__votes__lt=2)


@case
def multi_two_filter_calls_m2m(m):
    return m.Question.objects.filter(tags__name="python").filter(tags__name="django")


@case
def multi_one_filter_call_m2m(m):
    return m.Question.objects.filter(m.Q(tags__name="python") & m.Q(tags__name="django"))


@case
def multi_exclude(m):
    return m.Question.objects.exclude(choice__votes=7)


@case
def multi_exclude_gt(m):
    return m.Question.objects.exclude(choice__votes__gt=4)


@case
def multi_exclude_m2m(m):
    return m.Question.objects.exclude(tags__name="python")


@case
def multi_exclude_reverse_self(m):
    return m.Person.objects.exclude(mentees__age__gt=60)


@case
def multi_exclude_not_null(m):
    return m.Question.objects.exclude(choice__isnull=False)


@case
def multi_exclude_count(m):
    return m.Question.objects.exclude(choice__votes=7).count()


@case
def multi_filter_then_exclude(m):
    return m.Question.objects.filter(choice__votes__gte=5).exclude(choice__votes=1).distinct()


@case
def multi_q_not_across(m):
    return m.Question.objects.filter(~m.Q(choice__votes=7))


# ---- aggregation and grouping -------------------------------------------------------------

@case
def agg_sum(m):
    return m.Choice.objects.aggregate(m.Sum("votes"))


@case
def agg_named(m):
    return m.Choice.objects.aggregate(total=m.Sum("votes"), most=m.Max("votes"),
                                      least=m.Min("votes"), n=m.Count("id"))


@case
def agg_avg(m):
    return m.Choice.objects.aggregate(m.Avg("votes"))


@case
def agg_avg_with_nulls(m):
    return m.Person.objects.aggregate(m.Avg("age"), m.Count("age"), m.Count("id"))


@case
def agg_empty(m):
    return m.Choice.objects.filter(votes=99).aggregate(m.Sum("votes"), m.Count("id"))


@case
def agg_filtered(m):
    return m.Choice.objects.filter(question_id=1).aggregate(m.Max("votes"))


@case
def agg_across_relation(m):
    return m.Question.objects.aggregate(m.Sum("choice__votes"))


@case
def agg_expression(m):
    return m.Choice.objects.aggregate(total=m.Sum(m.F("votes") * 2))


@case
def agg_sum_with_filter(m):
    return m.Choice.objects.aggregate(high=m.Sum("votes", filter=m.Q(votes__gt=4)))


@case
def annotate_count(m):
    return list(m.Question.objects.annotate(n=m.Count("choice")).order_by("id")
                .values_list("question_text", "n"))


@case
def annotate_count_attribute(m):
    return [(q.pk, q.n) for q in m.Question.objects.annotate(n=m.Count("choice")).order_by("pk")]


@case
def annotate_count_flat(m):
    return list(m.Question.objects.annotate(n=m.Count("choice")).order_by("id")
                .values_list("n", flat=True))


@case
def annotate_then_aggregate(m):
    return m.Question.objects.annotate(n=m.Count("choice")).aggregate(m.Max("n"))


@case
def annotate_then_aggregate_avg(m):
    return m.Question.objects.annotate(n=m.Count("choice")).aggregate(average=m.Avg("n"))


@case
def annotate_having(m):
    return m.Question.objects.annotate(n=m.Count("choice")).filter(n__gte=3)


@case
def annotate_having_q(m):
    return m.Question.objects.annotate(n=m.Count("choice")).filter(m.Q(n=0) | m.Q(n=3))


@case
def annotate_order_by(m):
    return m.Question.objects.annotate(n=m.Count("choice")).order_by("-n", "id")


@case
def annotate_sum(m):
    return list(m.Question.objects.annotate(total=m.Sum("choice__votes")).order_by("id")
                .values_list("id", "total"))


@case
def annotate_values_after(m):
    return list(m.Choice.objects.annotate(n=m.Count("question")).order_by("id")
                .values("votes", "n"))


@case
def annotate_count_filter(m):
    return list(m.Question.objects.annotate(
        popular=m.Count("choice", filter=m.Q(choice__votes__gt=3))).order_by("id")
        .values_list("id", "popular"))


@case
def annotate_count_distinct(m):
    return list(m.Question.objects.annotate(
        n_choices=m.Count("choice", distinct=True), n_tags=m.Count("tags", distinct=True))
        .order_by("id").values_list("id", "n_choices", "n_tags"))


@case
def annotate_two_counts_without_distinct(m):
    return list(m.Question.objects.annotate(
        n_choices=m.Count("choice"), n_tags=m.Count("tags"))
        .order_by("id").values_list("id", "n_choices", "n_tags"))


@case
def annotate_m2m_reverse(m):
    return list(m.Tag.objects.annotate(n=m.Count("question")).order_by("id")
                .values_list("name", "n"))


@case
def annotate_self_reverse(m):
    return list(m.Person.objects.annotate(n=m.Count("mentees")).order_by("name")
                .values_list("name", "n"))


@case
def annotate_filter_before(m):
    return list(m.Question.objects.filter(choice__votes__gt=3).annotate(n=m.Count("choice"))
                .order_by("id").values_list("id", "n"))


@case
def group_ignores_meta_ordering(m):
    # Django leaves Meta.ordering out of GROUP BY queries: the groups are the mentors only.
    rows = m.Person.objects.values("mentor").annotate(n=m.Count("id"))
    return sorted(([row["mentor"], row["n"]] for row in rows), key=lambda row: row[0] or 0)


@case
def annotate_then_count(m):
    return m.Question.objects.annotate(n=m.Count("choice")).count()


@case
def aggregate_sliced(m):
    return m.Choice.objects.order_by("-votes", "id")[:3].aggregate(m.Sum("votes"))


@case
def join_backward_count(m):
    return m.Question.objects.filter(choice__votes__gte=5).count()


@case
def join_backward_distinct_count(m):
    return m.Question.objects.filter(choice__votes__gte=5).distinct().count()


@case
def group_values_annotate(m):
    return list(m.Choice.objects.values("question").annotate(total=m.Sum("votes"))
                .order_by("question"))


@case
def group_values_across(m):
    return list(m.Choice.objects.values("question__question_text").annotate(n=m.Count("id"))
                .order_by("question__question_text"))


@case
def group_by_votes(m):
    return list(m.Choice.objects.values("votes").annotate(n=m.Count("id")).order_by("votes"))


@case
def group_by_year(m):
    return list(m.Question.objects.values("pub_date__year").annotate(n=m.Count("id"))
                .order_by("pub_date__year"))


@case
def group_having(m):
    return list(m.Choice.objects.values("votes").annotate(n=m.Count("id")).filter(n__gt=1)
                .order_by("votes"))


@case
def annotate_unknown(m):
    return list(m.Question.objects.annotate(n=m.Count("nothing")))


@case
def agg_max_datetime_type(m):
    return m.Question.objects.aggregate(m.Max("pub_date"), m.Min("pub_date"))


@case
def agg_min_date_type(m):
    result = m.Person.objects.aggregate(first=m.Min("birth_date"))
    return [type(result["first"]).__name__, result["first"]]


@case
def agg_avg_across_join(m):
    return m.Question.objects.filter(pk__in=[1, 2]).aggregate(m.Avg("choice__votes"))


@case
def annotate_max_per_object(m):
    return list(m.Question.objects.annotate(best=m.Max("choice__votes")).order_by("id")
                .values_list("id", "best"))


@case
def annotate_exclude_on_annotation(m):
    return m.Question.objects.annotate(n=m.Count("choice")).exclude(n=2).order_by("id")


@case
def annotate_first(m):
    question = m.Question.objects.annotate(n=m.Count("choice")).order_by("-n", "id").first()
    return [question.pk, question.n]


@case
def distinct_count_across_m2m(m):
    return m.Question.objects.filter(tags__name__in=["python", "sql"]).distinct().count()


@case
def join_two_reverse_levels(m):
    return m.Tag.objects.filter(question__choice__votes__gt=6).distinct().order_by("id")


@case
def multi_exclude_two_conditions_one_call(m):
    return m.Question.objects.exclude(choice__votes__gt=4, choice__votes__lt=8)


@case
def update_with_joined_f_refused(m):
    return m.Choice.objects.update(votes=m.F("question__id"))


@case
def select_related_reverse_refused(m):
    return list(m.Question.objects.select_related("choice_set"))


@case
def prefetch_unknown_refused(m):
    return list(m.Question.objects.prefetch_related("nope"))


@case
def in_bulk_all(m):
    return sorted(m.Tag.objects.in_bulk())


@case
def related_manager_exists(m):
    return [m.Question.objects.get(pk=pk).tags.exists() for pk in (1, 5)]


@case
def related_manager_delete_filtered(m):
    question = m.Question.objects.get(pk=3)
    question.choice_set.filter(votes=5).delete()
    return list(question.choice_set.values_list("choice_text", flat=True))


@case
def date_gte_a_date_on_datetime(m):
    return m.Question.objects.filter(pub_date__date__gte=m.date(2025, 3, 2))


@case
def date_week_day_across_relation(m):
    return m.Choice.objects.filter(question__pub_date__week_day=1).order_by("id")


@case
def date_day_lte(m):
    return m.Question.objects.filter(pub_date__day__lte=10).order_by("id")


@case
def get_or_create_with_defaults(m):
    person, created = m.Person.objects.get_or_create(name="Barbara", defaults={"age": 80})
    return [created, person.age, m.Person.objects.get(name="Barbara").age]


@case
def bulk_create_then_filter(m):
    m.Choice.objects.bulk_create([m.Choice(question_id=5, choice_text=text, votes=votes)
                                  for text, votes in [("Yes", 3), ("No", 9)]])
    return list(m.Choice.objects.filter(question_id=5).order_by("-votes")
                .values_list("choice_text", "votes"))


@case
def sub_subquery_aggregate(m):
    totals = m.Choice.objects.filter(question=m.OuterRef("pk")).values("question") \
        .annotate(total=m.Sum("votes")).values("total")
    return list(m.Question.objects.annotate(total=m.Subquery(totals)).order_by("id")
                .values_list("id", "total"))


@case
def sub_exists_in_exclude(m):
    popular = m.Choice.objects.filter(question=m.OuterRef("pk"), votes__gte=7)
    return m.Question.objects.exclude(m.Exists(popular)).order_by("id")


@case
def sub_exists_and_q(m):
    popular = m.Choice.objects.filter(question=m.OuterRef("pk"), votes__gte=7)
    return m.Question.objects.filter(m.Exists(popular) & m.Q(pub_date__year=2025)).order_by("id")


# ---- subqueries ---------------------------------------------------------------------------

@case
def sub_exists_filter(m):
    popular = m.Choice.objects.filter(question=m.OuterRef("pk"), votes__gt=6)
    return m.Question.objects.filter(m.Exists(popular))


@case
def sub_not_exists(m):
    popular = m.Choice.objects.filter(question=m.OuterRef("pk"), votes__gt=6)
    return m.Question.objects.filter(~m.Exists(popular))


@case
def sub_exists_annotate(m):
    any_choice = m.Choice.objects.filter(question=m.OuterRef("pk"))
    return list(m.Question.objects.annotate(has_choices=m.Exists(any_choice)).order_by("id")
                .values_list("id", "has_choices"))


@case
def sub_subquery_annotate(m):
    best = m.Choice.objects.filter(question=m.OuterRef("pk")).order_by("-votes", "id")
    return list(m.Question.objects.annotate(
        best=m.Subquery(best.values("choice_text")[:1])).order_by("id").values_list("id", "best"))


@case
def sub_subquery_filter(m):
    best = m.Choice.objects.filter(question=m.OuterRef("pk")).order_by("-votes")
    return m.Question.objects.filter(choice__votes=m.Subquery(best.values("votes")[:1])) \
        .distinct().order_by("id")


@case
def sub_outerref_other_column(m):
    older = m.Person.objects.filter(age__gt=m.OuterRef("age"))
    return list(m.Person.objects.filter(age__isnull=False).annotate(
        older=m.Exists(older)).values_list("name", "older"))


@case
def sub_in_queryset(m):
    return m.Question.objects.filter(pk__in=m.Choice.objects.filter(votes__gt=6)
                                     .values("question"))


@case
def sub_in_values_list(m):
    return m.Question.objects.filter(id__in=m.Choice.objects.filter(votes=5)
                                     .values_list("question_id", flat=True))


@case
def sub_in_queryset_of_objects(m):
    return m.Choice.objects.filter(question__in=m.Question.objects.filter(pub_date__year=2025))


@case
def func_coalesce(m):
    return list(m.Person.objects.annotate(known_age=m.Coalesce("age", 0))
                .values_list("name", "known_age"))


@case
def func_coalesce_aggregate(m):
    return m.Choice.objects.filter(votes=99).aggregate(total=m.Coalesce(m.Sum("votes"), 0))


@case
def func_case_when(m):
    return list(m.Choice.objects.annotate(kind=m.Case(
        m.When(votes__gte=7, then=m.Value("high")),
        m.When(votes__gte=3, then=m.Value("middle")),
        default=m.Value("low"))).order_by("id").values_list("id", "kind"))


@case
def func_case_when_aggregate(m):
    return m.Choice.objects.aggregate(high=m.Sum(m.Case(
        m.When(votes__gte=5, then=m.Value(1)), default=m.Value(0))))


@case
def func_case_when_order(m):
    return m.Person.objects.order_by(m.Case(m.When(name="Guido", then=m.Value(0)),
                                            default=m.Value(1)), "name")


# ---- select_related and prefetch_related ------------------------------------------------------

@case
def related_lazy_n_plus_one(m):
    return [choice.question.question_text for choice in m.Choice.objects.all()]


@case
def related_select(m):
    return [choice.question.question_text for choice in
            m.Choice.objects.select_related("question")]


@case
def related_select_no_arguments(m):
    return [choice.question.question_text for choice in m.Choice.objects.select_related()]


@case
def related_select_nullable(m):
    return [(person.name, person.mentor.name if person.mentor else None)
            for person in m.Person.objects.select_related("mentor")]


@case
def related_select_two_steps(m):
    return [(person.name, person.mentor.mentor.name if person.mentor and person.mentor.mentor
             else None) for person in m.Person.objects.select_related("mentor__mentor")]


@case
def related_select_filtered(m):
    return [(c.choice_text, c.question.pub_date) for c in
            m.Choice.objects.select_related("question").filter(votes__gt=5).order_by("id")]


@case
def related_select_unknown(m):
    return list(m.Choice.objects.select_related("nothing"))


@case
def related_prefetch_reverse_fk(m):
    return [(q.pk, [c.choice_text for c in q.choice_set.all()])
            for q in m.Question.objects.prefetch_related("choice_set").order_by("id")]


@case
def related_prefetch_m2m(m):
    return [(q.pk, sorted(t.name for t in q.tags.all()))
            for q in m.Question.objects.prefetch_related("tags").order_by("id")]


@case
def related_prefetch_m2m_reverse(m):
    return [(t.name, sorted(q.pk for q in t.question_set.all()))
            for t in m.Tag.objects.prefetch_related("question_set").order_by("id")]


@case
def related_prefetch_self_reverse(m):
    return [(p.name, [x.name for x in p.mentees.all()])
            for p in m.Person.objects.prefetch_related("mentees")]


@case
def related_prefetch_then_filter(m):
    # filter() on a prefetched relation asks the database again.
    return [(q.pk, q.choice_set.filter(votes__gt=4).count())
            for q in m.Question.objects.prefetch_related("choice_set").order_by("id")]


@case
def related_prefetch_and_select(m):
    return [(c.choice_text, c.question.question_text, sorted(t.name for t in c.question.tags.all()))
            for c in m.Choice.objects.select_related("question")
            .prefetch_related("question__tags").filter(votes__gte=7).order_by("id")]


@case
def related_reverse_without_prefetch(m):
    return [(q.pk, q.choice_set.count()) for q in m.Question.objects.order_by("id")]


# ---- many-to-many -------------------------------------------------------------------------

@case
def m2m_forward_all(m):
    return sorted(t.name for t in m.Question.objects.get(pk=4).tags.all())


@case
def m2m_reverse_all(m):
    return m.Tag.objects.get(name="python").question_set.order_by("id")


@case
def m2m_add(m):
    question = m.Question.objects.get(pk=5)
    question.tags.add(m.Tag.objects.get(pk=4), m.Tag.objects.get(pk=1))
    return sorted(question.tags.values_list("id", flat=True))


@case
def m2m_add_existing(m):
    question = m.Question.objects.get(pk=1)
    question.tags.add(m.Tag.objects.get(pk=1))
    return question.tags.count()


@case
def m2m_add_by_id(m):
    question = m.Question.objects.get(pk=5)
    question.tags.add(3)
    return list(question.tags.values_list("name", flat=True))


@case
def m2m_remove(m):
    question = m.Question.objects.get(pk=4)
    question.tags.remove(m.Tag.objects.get(pk=2))
    return sorted(question.tags.values_list("id", flat=True))


@case
def m2m_clear(m):
    question = m.Question.objects.get(pk=4)
    question.tags.clear()
    return question.tags.count()


@case
def m2m_set(m):
    question = m.Question.objects.get(pk=4)
    question.tags.set([m.Tag.objects.get(pk=3), m.Tag.objects.get(pk=4)])
    return sorted(question.tags.values_list("id", flat=True))


@case
def m2m_set_ids(m):
    question = m.Question.objects.get(pk=1)
    question.tags.set([2, 3])
    return sorted(question.tags.values_list("id", flat=True))


@case
def m2m_create(m):
    question = m.Question.objects.get(pk=5)
    tag = question.tags.create(name="new")
    return [tag.name, list(question.tags.values_list("name", flat=True))]


@case
def m2m_reverse_add(m):
    tag = m.Tag.objects.get(pk=4)
    tag.question_set.add(m.Question.objects.get(pk=2))
    return list(tag.question_set.values_list("id", flat=True))


@case
def m2m_filter_in(m):
    return m.Question.objects.filter(tags__in=[1, 3]).distinct().order_by("id")


@case
def m2m_count_on_manager(m):
    return [m.Question.objects.get(pk=pk).tags.count() for pk in (1, 5)]


@case
def m2m_filter_on_manager(m):
    return list(m.Question.objects.get(pk=4).tags.filter(name__startswith="d"))


@case
def m2m_delete_cascades_join_rows(m):
    m.Tag.objects.filter(pk=1).delete()
    return m.Question.objects.filter(tags__isnull=False).distinct().count()


# ---- creating, saving, bulk operations, deleting ------------------------------------------------

@case
def save_new(m):
    question = m.Question(question_text="New?", pub_date=m.dt(2026, 1, 1))
    question.save()
    return [question.pk, m.Question.objects.count()]


@case
def save_existing(m):
    question = m.Question.objects.get(pk=1)
    question.question_text = "Changed?"
    question.save()
    return m.Question.objects.get(pk=1).question_text


@case
def save_with_existing_pk_updates(m):
    m.Question(pk=1, question_text="Replaced?", pub_date=m.dt(2026, 1, 1)).save()
    return [m.Question.objects.count(), m.Question.objects.get(pk=1).question_text]


@case
def save_update_fields(m):
    choice = m.Choice.objects.get(pk=1)
    choice.votes = 100
    choice.choice_text = "not saved"
    choice.save(update_fields=["votes"])
    return list(m.Choice.objects.filter(pk=1).values_list("choice_text", "votes"))


@case
def save_update_fields_unknown(m):
    choice = m.Choice.objects.get(pk=1)
    choice.save(update_fields=["nothing"])


@case
def create_defaults(m):
    choice = m.Choice.objects.create(question_id=5, choice_text="Maybe")
    return [choice.votes, choice.pk]


@case
def instance_default_before_save(m):
    return m.Choice(choice_text="x").votes


@case
def refresh_from_db(m):
    choice = m.Choice.objects.get(pk=1)
    m.Choice.objects.filter(pk=1).update(votes=42)
    before = choice.votes
    choice.refresh_from_db()
    return [before, choice.votes]


@case
def get_or_create_gets(m):
    tag, created = m.Tag.objects.get_or_create(name="sql")
    return [tag.pk, created]


@case
def get_or_create_creates(m):
    tag, created = m.Tag.objects.get_or_create(name="rust")
    return [tag.pk, created]


@case
def update_or_create_updates(m):
    person, created = m.Person.objects.update_or_create(name="Linus", defaults={"age": 55})
    return [person.pk, created, m.Person.objects.get(name="Linus").age]


@case
def update_or_create_creates(m):
    person, created = m.Person.objects.update_or_create(name="Barbara", defaults={"age": 80})
    return [person.pk, created, person.age]


@case
def bulk_create(m):
    made = m.Tag.objects.bulk_create([m.Tag(name="a"), m.Tag(name="b"), m.Tag(name="c")])
    return [len(made), m.Tag.objects.count()]


@case
def bulk_create_pks(m):
    made = m.Tag.objects.bulk_create([m.Tag(name="a"), m.Tag(name="b")])
    return [tag.pk for tag in made]


@case
def bulk_create_duplicate(m):
    m.Tag.objects.bulk_create([m.Tag(name="x"), m.Tag(name="python")])


@case
def update_returns_count(m):
    return m.Choice.objects.filter(votes__lt=3).update(votes=3)


@case
def update_across_relation_filter(m):
    count = m.Choice.objects.filter(question__pub_date__year=2025).update(votes=0)
    return [count, m.Choice.objects.filter(votes=0).count()]


@case
def update_sliced_refused(m):
    return m.Choice.objects.all()[:1].update(votes=0)


@case
def update_all(m):
    return m.Person.objects.update(age=1)


@case
def delete_returns(m):
    return m.Question.objects.filter(pk=3).delete()


@case
def delete_total(m):
    return m.Question.objects.filter(pk=3).delete()[0]


@case
def delete_cascade_leaves(m):
    m.Question.objects.filter(pk__in=[1, 2]).delete()
    return [m.Question.objects.count(), m.Choice.objects.count()]


@case
def delete_instance(m):
    m.Choice.objects.get(pk=10).delete()
    return m.Choice.objects.filter(question_id=4).count()


@case
def delete_set_null(m):
    m.Person.objects.filter(name="Ada").delete()
    return list(m.Person.objects.values_list("name", "mentor_id"))


@case
def delete_sliced_refused(m):
    return m.Choice.objects.all()[:2].delete()


@case
def delete_nothing(m):
    return m.Choice.objects.filter(votes=99).delete()[0]


@case
def alias_then_filter(m):
    questions = m.Question.objects.alias(n=m.Count("choice")).filter(n__gte=3).order_by("id")
    return [[q.pk, hasattr(q, "n")] for q in questions]


@case
def bulk_update(m):
    choices = list(m.Choice.objects.filter(question_id=1).order_by("id"))
    for choice in choices:
        choice.votes += 10
    updated = m.Choice.objects.bulk_update(choices, ["votes"])
    return [updated, list(m.Choice.objects.filter(question_id=1).order_by("id")
                          .values_list("votes", flat=True))]


@case
def iterator_rows(m):
    return list(m.Choice.objects.filter(votes__gt=5).order_by("id").iterator())


@case
def queryset_contains(m):
    popular = m.Choice.objects.filter(votes__gt=5)
    return [popular.contains(m.Choice.objects.get(pk=2)),
            popular.contains(m.Choice.objects.get(pk=1))]


@case
def select_for_update_in_atomic(m):
    with m.transaction.atomic():
        return list(m.Choice.objects.select_for_update().filter(question_id=2).order_by("id"))


@case
def select_for_update_outside_atomic(m):
    return list(m.Choice.objects.select_for_update().filter(pk=1))


# ---- transactions -------------------------------------------------------------------------

class Boom(Exception):
    pass


@case
def atomic_commits(m):
    with m.transaction.atomic():
        m.Tag.objects.create(name="a")
        m.Tag.objects.create(name="b")
    return m.Tag.objects.count()


@case
def atomic_rolls_back(m):
    try:
        with m.transaction.atomic():
            m.Tag.objects.create(name="a")
            raise Boom()
    except Boom:
        pass
    return m.Tag.objects.count()


@case
def atomic_nested_savepoint(m):
    with m.transaction.atomic():
        m.Tag.objects.create(name="outer")
        try:
            with m.transaction.atomic():
                m.Tag.objects.create(name="inner")
                raise Boom()
        except Boom:
            pass
    return sorted(m.Tag.objects.values_list("name", flat=True))


@case
def atomic_decorator(m):
    @m.transaction.atomic
    def make():
        m.Tag.objects.create(name="made")
        raise Boom()

    try:
        make()
    except Boom:
        pass
    return m.Tag.objects.filter(name="made").exists()


@case
def atomic_integrity_error_then_query(m):
    with m.transaction.atomic():
        try:
            m.Tag.objects.create(name="python")
        except m.IntegrityError:
            pass
        return m.Tag.objects.count()


@case
def atomic_integrity_error_rolls_back_block(m):
    try:
        with m.transaction.atomic():
            m.Tag.objects.create(name="kept?")
            try:
                m.Tag.objects.create(name="python")
            except m.IntegrityError:
                pass
            m.Tag.objects.count()
    except m.TransactionManagementError:
        pass
    return m.Tag.objects.filter(name="kept?").exists()


@case
def atomic_inner_block_around_error(m):
    with m.transaction.atomic():
        m.Tag.objects.create(name="kept")
        try:
            with m.transaction.atomic():
                m.Tag.objects.create(name="python")
        except m.IntegrityError:
            pass
        count = m.Tag.objects.count()
    return [count, m.Tag.objects.filter(name="kept").exists()]


@case
def atomic_on_commit(m):
    calls = []
    with m.transaction.atomic():
        m.transaction.on_commit(lambda: calls.append("sent"))
        calls.append("inside")
    return calls


@case
def atomic_on_commit_dropped(m):
    calls = []
    try:
        with m.transaction.atomic():
            m.transaction.on_commit(lambda: calls.append("sent"))
            raise Boom()
    except Boom:
        pass
    return calls


@case
def atomic_exception_passes_through(m):
    with m.transaction.atomic():
        raise Boom()


# ---- integrity errors ---------------------------------------------------------------------

@case(message=True)
def integrity_unique(m):
    m.Person.objects.create(name="Ada")


@case(message=True)
def integrity_foreign_key(m):
    m.Choice.objects.create(question_id=999, choice_text="orphan")


@case(message=True)
def integrity_not_null(m):
    m.Choice.objects.create(choice_text="no question")


@case(message=True)
def integrity_unique_on_save(m):
    tag = m.Tag.objects.get(pk=2)
    tag.name = "python"
    tag.save()


@case
def integrity_error_is_recorded(m):
    try:
        m.Tag.objects.create(name="sql")
    except m.IntegrityError:
        pass
    return m.Tag.objects.count()


@case
def integrity_error_importable(m):
    return m.IntegrityError.__name__


@case
def integrity_errors_importable_from_db(m):
    names = ["Error", "DatabaseError", "IntegrityError", "OperationalError", "ProgrammingError",
             "DataError", "NotSupportedError", "InterfaceError", "InternalError"]
    return [name for name in names if not hasattr(m.db, name)]


@case
def integrity_error_is_the_db_class(m):
    try:
        m.Person.objects.create(name="Ada")
    except Exception as error:  # noqa: BLE001
        return [isinstance(error, m.db.IntegrityError), isinstance(error, m.db.DatabaseError)]


@case(message=True)
def integrity_unique_m2m_through_duplicate(m):
    m.Question.tags.through.objects.create(question_id=1, tag_id=1)


# ---- ordering ----------------------------------------------------------------------------

@case
def order_desc(m):
    return m.Question.objects.order_by("-pub_date")


@case
def order_text(m):
    return m.Question.objects.order_by("question_text")


@case
def order_default_meta(m):
    return m.Person.objects.all()


@case
def order_cleared(m):
    return m.Person.objects.order_by()


@case
def order_reverse(m):
    return m.Person.objects.reverse()


@case
def order_reverse_explicit(m):
    return m.Choice.objects.order_by("votes", "id").reverse()


@case
def order_nulls(m):
    return list(m.Person.objects.order_by("age").values_list("name", flat=True))


@case
def order_nulls_desc(m):
    return list(m.Person.objects.order_by("-age").values_list("name", flat=True))


@case
def order_across_nullable_relation(m):
    return list(m.Person.objects.order_by("mentor__name", "name").values_list("name", flat=True))


@case
def order_two_keys(m):
    return m.Choice.objects.order_by("-votes", "choice_text")


@case
def order_pk(m):
    return m.Choice.objects.order_by("-pk")[:3]


@case
def order_unknown(m):
    return list(m.Choice.objects.order_by("nothing"))


@case
def order_first_ordered(m):
    return m.Choice.objects.order_by("-votes").first()


@case
def order_last_ordered(m):
    return m.Choice.objects.order_by("-votes", "id").last()


@case
def order_first_meta(m):
    return m.Person.objects.first()


# ---- slicing ------------------------------------------------------------------------------

@case
def slice_head(m):
    return m.Choice.objects.order_by("id")[:2]


@case
def slice_middle(m):
    return m.Choice.objects.order_by("id")[3:6]


@case
def slice_index(m):
    return m.Choice.objects.order_by("id")[4]


@case
def slice_index_missing(m):
    return m.Choice.objects.order_by("id")[40]


@case
def slice_past_end(m):
    return m.Choice.objects.order_by("id")[20:]


@case
def slice_offset_only(m):
    return m.Choice.objects.order_by("id")[8:]


@case
def slice_negative(m):
    return m.Choice.objects.all()[-1]


@case
def slice_of_slice(m):
    return m.Choice.objects.order_by("id")[2:8][1:3]


@case
def slice_then_filter(m):
    return m.Choice.objects.all()[:3].filter(votes=1)


@case
def slice_count(m):
    return m.Choice.objects.order_by("id")[2:5].count()


@case
def slice_exists(m):
    return m.Choice.objects.order_by("id")[20:].exists()


@case
def slice_evaluated_list(m):
    choices = m.Choice.objects.order_by("id")
    list(choices)
    return choices[1:3]


@case
def slice_values_list(m):
    return list(m.Choice.objects.order_by("-votes").values_list("choice_text", flat=True)[:3])


# ---- primary keys chosen by the model ------------------------------------------------------

@case
def pk_uuid_create(m):
    ticket = m.Ticket.objects.create(title="Broken link")
    return [type(ticket.pk).__name__, len(str(ticket.pk)),
            m.Ticket.objects.get(pk=ticket.pk).title]


@case
def pk_uuid_filter_by_string(m):
    ticket = m.Ticket.objects.create(title="Slow page")
    return m.Ticket.objects.filter(pk=str(ticket.pk)).count()


@case
def pk_uuid_values_type(m):
    m.Ticket.objects.create(title="A")
    return [type(value).__name__ for value in m.Ticket.objects.values_list("id", flat=True)]


@case
def pk_uuid_field_name(m):
    return [m.Ticket._meta.pk.name, [f.name for f in m.Ticket._meta.fields]]


@case
def pk_char_create(m):
    code = m.Code.objects.create(code="A1", label="first")
    return [code.pk, m.Code.objects.get(pk="A1").label, m.Code._meta.pk.name]


@case
def pk_char_save_twice(m):
    code = m.Code(code="B2", label="one")
    code.save()
    code.label = "two"
    code.save()
    return list(m.Code.objects.values_list("code", "label"))


@case(message=True)
def pk_char_duplicate(m):
    m.Code.objects.create(code="C3", label="x")
    m.Code.objects.create(code="C3", label="y")


@case
def pk_char_save_over_existing(m):
    m.Code.objects.create(code="D4", label="old")
    m.Code(code="D4", label="new").save()
    return list(m.Code.objects.values_list("code", "label"))


@case
def pk_char_no_id_field(m):
    return [f.name for f in m.Code._meta.fields]
