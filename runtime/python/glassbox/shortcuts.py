"""Shortcuts: the one-liners views use most.

    def detail(request, question_id):
        question = get_object_or_404(QUESTIONS, question_id)
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


def get_object_or_404(collection, key, message=None):
    """collection[key], or raise Http404 when it has no such key (a dict or list).

    >>> get_object_or_404({1: "What's new?"}, 1)
    "What's new?"
    """
    try:
        return collection[key]
    except (KeyError, IndexError):
        raise Http404(message or f"No object with key {key!r}.") from None
