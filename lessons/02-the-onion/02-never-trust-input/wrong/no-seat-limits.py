import json

from glassbox import forms
from glassbox.app import Glassbox
from glassbox.http import JsonResponse
from glassbox.urls import path


class RegistrationForm(forms.Form):
    """A place at the meetup: who, how to reach them, how many seats, which ticket."""

    name = forms.CharField(max_length=50)
    email = forms.EmailField()
    seats = forms.IntegerField()
    ticket = forms.ChoiceField(choices=["standard", "student"])

    def clean(self):
        data = super().clean()
        if data.get("ticket") == "student" and data.get("seats", 1) > 1:
            raise forms.ValidationError("A student ticket is for one seat.")
        return data


def register(request):
    """POST a form or a JSON object: 201 and the registration, or 400 and what is wrong."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body)
        except ValueError:
            return JsonResponse({"errors": {"__all__": ["The body is not valid JSON."]}},
                                status=400)
        form = RegistrationForm(data, trace=request.trace)
    else:
        form = RegistrationForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    return JsonResponse(form.cleaned_data, status=201)


app = Glassbox(urls=[path("register/", register)])
