"""The Django side's app (label "polls"): the models themselves are declared in common.py and
registered by django_side.py, so that Django knows their reverse relations."""
