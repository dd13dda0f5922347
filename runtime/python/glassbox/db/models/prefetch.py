"""prefetch_related: the related objects of many rows in one extra query, not one per row.

    authors = Author.objects.prefetch_related("book_set")

runs `SELECT ... FROM author`, then `SELECT ... FROM book WHERE author_id IN (?, ?, ...)` with
the ids of all those authors, and hands each author its books. `author.book_set.all()` then
answers from that list, without a query. For a ForeignKey (`Book.objects
.prefetch_related("author")`), the second query fetches the authors by id.

A many-to-many relation (`Book.objects.prefetch_related("authors")`) takes two extra queries:
the pairs from the join table (WHERE book_id IN ...), then the authors those pairs name.

A path goes further: `Choice.objects.prefetch_related("question__tags")` fetches the
questions, then the tags of those questions. A step already in hand (select_related("question")
filled it in) costs no query.
"""

def prefetch_related_objects(instances, names, connection=None):
    """Fill in the relations `names` (paths like "question__tags") on `instances`."""
    for path in names:
        name, _, rest = path.partition("__")
        by_model = {}
        for each in instances:
            by_model.setdefault(type(each), []).append(each)
        found = []
        for same_model in by_model.values():
            prefetch_one(same_model, name, connection)
            found += related_of(same_model, name)
        if rest and found:
            prefetch_related_objects(found, [rest], connection)


def related_of(instances, name):
    """The objects that the relation `name` of `instances` reached, once each."""
    found = {}
    for each in instances:
        if name in each._state.prefetched:
            objects = each._state.prefetched[name]
        else:
            objects = [each._state.fields_cache.get(name)]
        for other in objects:
            if other is not None:
                found[id(other)] = other
    return list(found.values())


def prefetch_one(instances, name, connection=None):
    """Fill in the relation `name` (one step) on `instances`, all of one model."""
    if not instances:
        return
    from glassbox.db.models.query import QuerySet

    model = type(instances[0])
    for name in [name]:
        if all(name in each._state.prefetched or name in each._state.fields_cache
               for each in instances):
            continue  # already in hand: select_related, or an earlier prefetch
        many = many_to_many_named(model, name)
        if many is not None:
            prefetch_many_to_many(instances, name, *many, connection)
            continue
        reverse = next((field for field in model._meta.related_objects()
                        if field.accessor_name() == name), None)
        if reverse is not None:
            children = QuerySet(reverse.model, connection=connection).filter(
                **{f"{reverse.attname}__in": list(dict.fromkeys(each.pk for each in instances))})
            by_parent = {}
            for child in children:
                by_parent.setdefault(getattr(child, reverse.attname), []).append(child)
            for each in instances:
                each._state.prefetched[name] = by_parent.get(each.pk, [])
            continue
        field = next((field for field in model._meta.fields
                      if field.name == name and hasattr(field, "related_model")), None)
        if field is None:
            raise AttributeError(f"Cannot find {name!r} on {model.__name__} object, {name!r} is "
                                 "an invalid parameter to prefetch_related()")
        ids = {getattr(each, field.attname) for each in instances} - {None}
        targets = QuerySet(field.related_model, connection=connection).in_bulk(ids)
        for each in instances:
            each._state.fields_cache[field.name] = targets.get(getattr(each, field.attname))


def many_to_many_named(model, name):
    """(ManyToManyField, reverse) if `name` is a many-to-many manager of `model`, else None."""
    from glassbox.db.models.base import registry

    for field in model._meta.many_to_many:
        if field.name == name:
            return field, False
    for other in registry:
        for field in other._meta.many_to_many:
            if field.remote_model() is model and field.accessor_name() == name:
                return field, True
    return None


def prefetch_many_to_many(instances, name, field, reverse, connection=None):
    """Two queries: the join table's pairs for these instances, then the objects they name."""
    from glassbox.db.models.query import QuerySet

    source, target = field.through_fields(reverse)
    pairs = list(QuerySet(field.through, connection=connection)
                 .filter(**{f"{source.attname}__in": list(dict.fromkeys(
                     each.pk for each in instances))})
                 .values_list(source.attname, target.attname))
    others = list(QuerySet(target.related_model, connection=connection)
                  .filter(pk__in=sorted({target_id for _source_id, target_id in pairs})))
    for each in instances:
        linked = {target_id for source_id, target_id in pairs if source_id == each.pk}
        each._state.prefetched[name] = [other for other in others if other.pk in linked]
