"""Shortcuts: the one-liners views use most.

    def detail(request, question_id):
        question = get_object_or_404(Question, pk=question_id)
        return render(request, "polls/detail.html", {"question": question})
"""

from glassbox.http import Http404, HttpResponse, redirect  # noqa: F401 (redirect: re-exported)


def render(request, template_name, context=None, content_type=None, status=None):
    """Render a template from the request's application into an HttpResponse."""
    if request.app is None:
        raise RuntimeError("render() needs request.app, the application handling the request; "
                           "it is set by app.handle(request). Are you calling the view directly? "
                           "Use the test client, or app.handle(), instead.")
    text = request.app.templates.render_to_string(template_name, context, request)
    return HttpResponse(text, content_type=content_type, status=status)


def get_object_or_404(source, *args, message=None, **lookups):
    """The one object a query finds, or Http404 instead of DoesNotExist.

    `source` is a model, its manager or a queryset, and the lookups are those of `.get()`:
    `get_object_or_404(Question, pk=question_id)`. A plain dict or list works too, with a key:

    >>> get_object_or_404({1: "What's new?"}, 1)
    "What's new?"
    """
    queryset = _as_queryset(source)
    if queryset is None:
        (key,) = args
        try:
            return source[key]
        except (KeyError, IndexError):
            raise Http404(message or f"No object with key {key!r}.") from None
    try:
        return queryset.get(*args, **lookups)
    except queryset.model.DoesNotExist:
        wanted = ", ".join(f"{name}={value!r}" for name, value in lookups.items())
        raise Http404(message or f"No {queryset.model.__name__} matches {wanted}.") from None


def _as_queryset(source):
    """A queryset for a model class, a manager or a queryset; None for anything else."""
    objects = getattr(source, "objects", None)
    if isinstance(source, type) and objects is not None:
        return objects.all()
    if hasattr(source, "get_queryset"):
        return source.get_queryset()
    if hasattr(source, "model") and hasattr(source, "get"):
        return source
    return None
