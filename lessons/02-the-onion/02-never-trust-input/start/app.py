from glassbox import forms
from glassbox.app import Glassbox
from glassbox.http import JsonResponse
from glassbox.urls import path


class RegistrationForm(forms.Form):
    """A place at the meetup: who, how to reach them, how many seats, which ticket."""

    name = forms.CharField()


def register(request):
    """POST a form or a JSON object: 201 and the registration, or 400 and what is wrong."""
    data = request.POST
    seats = int(data["seats"])
    return JsonResponse({"name": data["name"], "email": data["email"], "seats": seats,
                         "ticket": data["ticket"]}, status=201)


app = Glassbox(urls=[path("register/", register)])
