from glassbox.http import Http404, JsonResponse

POLLS = {"tabs-or-spaces": "Tabs or spaces?", "vim-or-emacs": "Vim or Emacs?"}
NEWEST = "vim-or-emacs"


def index(request):
    return JsonResponse({"polls": sorted(POLLS)})


def detail(request, slug):
    if slug not in POLLS:
        raise Http404(f"No poll called {slug!r}")
    return JsonResponse({"slug": slug, "question": POLLS[slug]})


def latest(request):
    return JsonResponse({"latest": NEWEST, "question": POLLS[NEWEST]})
