import json

from glassbox import forms
from glassbox.app import Glassbox
from glassbox.http import JsonResponse
from glassbox.urls import path


class RegistrationForm(forms.Form):
    """A place at the meetup: who, how to reach them, how many seats, which ticket."""

    name = forms.CharField(max_length=50)
    email = forms.EmailField()
    seats = forms.IntegerField(min_value=1, max_value=4)
    ticket = forms.ChoiceField(choices=["standard", "student"])

    def clean(self):
        data = super().clean()
        if data.get("ticket") == "student" and data.get("seats", 1) > 1:
            raise forms.ValidationError("A student ticket is for one seat.")
        return data


def register(request):
    """POST a form or a JSON object: 201 and the registration, or 400 and what is wrong."""
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    return JsonResponse(form.cleaned_data, status=201)


app = Glassbox(urls=[path("register/", register)])
