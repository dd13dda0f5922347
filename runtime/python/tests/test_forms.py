"""glassbox.forms: fields, Form cleaning in Django's order, errors, the trace, ModelForm."""

import unittest

from glassbox import forms
from glassbox.app import Glassbox
from glassbox.db import connection
from glassbox.db import models
from glassbox.db.schema import create_tables
from glassbox.exceptions import ImproperlyConfigured
from glassbox.http import JsonResponse
from glassbox.test import Client
from glassbox.urls import path


class SignupForm(forms.Form):
    name = forms.CharField(max_length=10)
    age = forms.IntegerField(min_value=13, max_value=130)
    email = forms.EmailField()
    plan = forms.ChoiceField(choices=[("free", "Free"), ("pro", "Pro")])
    newsletter = forms.BooleanField(required=False)


GOOD = {"name": " Ada ", "age": "36", "email": "ada@example.com", "plan": "pro"}


class FieldTests(unittest.TestCase):
    def test_char_field_strips_and_limits(self):
        field = forms.CharField(max_length=3, min_length=2)
        self.assertEqual(field.clean("  ab "), "ab")
        with self.assertRaises(forms.ValidationError) as caught:
            field.clean("abcd")
        self.assertEqual(caught.exception.messages,
                         ["Ensure this value has at most 3 characters (it has 4)."])
        self.assertEqual(caught.exception.error_list[0][1], "max_length")

    def test_char_field_refuses_json_structures(self):
        for value in (["a"], {"a": 1}, True):
            with self.assertRaises(forms.ValidationError):
                forms.CharField().clean(value)

    def test_required_and_optional(self):
        with self.assertRaises(forms.ValidationError) as caught:
            forms.CharField().clean(None)
        self.assertEqual(caught.exception.messages, ["This field is required."])
        self.assertEqual(forms.CharField(required=False).clean(None), "")
        self.assertIsNone(forms.IntegerField(required=False).clean(""))

    def test_integer_field(self):
        field = forms.IntegerField(min_value=0, max_value=10)
        self.assertEqual(field.clean(" 7 "), 7)
        self.assertEqual(field.clean(7), 7)
        self.assertEqual(field.clean(7.0), 7)
        for bad in ("seven", "4.5", 4.5, True):
            with self.assertRaises(forms.ValidationError, msg=repr(bad)) as caught:
                field.clean(bad)
            self.assertEqual(caught.exception.messages, ["Enter a whole number."])
        with self.assertRaises(forms.ValidationError) as caught:
            field.clean("11")
        self.assertEqual(caught.exception.messages,
                         ["Ensure this value is less than or equal to 10."])

    def test_email_field(self):
        field = forms.EmailField()
        self.assertEqual(field.clean(" ada@example.com"), "ada@example.com")
        for bad in ("ada", "ada@", "ada@example", "a da@example.com", "ada@@example.com"):
            with self.assertRaises(forms.ValidationError, msg=bad):
                field.clean(bad)

    def test_choice_field(self):
        field = forms.ChoiceField(choices=["red", "green"])
        self.assertEqual(field.clean("red"), "red")
        with self.assertRaises(forms.ValidationError) as caught:
            field.clean("blue")
        self.assertEqual(caught.exception.messages, [
            "Select a valid choice. blue is not one of the available choices."])

    def test_custom_error_message_and_validator(self):
        def even(value):
            if value % 2:
                raise forms.ValidationError("Must be even.", code="odd")

        field = forms.IntegerField(validators=[even],
                                   error_messages={"invalid": "A number, please."})
        self.assertEqual(field.clean("4"), 4)
        with self.assertRaises(forms.ValidationError) as caught:
            field.clean("x")
        self.assertEqual(caught.exception.messages, ["A number, please."])
        with self.assertRaises(forms.ValidationError) as caught:
            field.clean("3")
        self.assertEqual(caught.exception.messages, ["Must be even."])


class FormTests(unittest.TestCase):
    def test_valid_form_has_clean_data(self):
        form = SignupForm(GOOD)
        self.assertTrue(form.is_valid())
        self.assertEqual(form.cleaned_data, {"name": "Ada", "age": 36, "email": "ada@example.com",
                                             "plan": "pro", "newsletter": False})
        self.assertEqual(form.errors, {})

    def test_errors_per_field_and_bad_fields_left_out(self):
        form = SignupForm({"name": "Ada", "age": "twelve", "plan": "gold"})
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors, {
            "age": ["Enter a whole number."],
            "email": ["This field is required."],
            "plan": ["Select a valid choice. gold is not one of the available choices."],
        })
        self.assertEqual(form.cleaned_data, {"name": "Ada", "newsletter": False})
        self.assertEqual(form.errors.get_json_data()["email"],
                         [{"message": "This field is required.", "code": "required"}])

    def test_unbound_form_is_not_valid(self):
        form = SignupForm()
        self.assertFalse(form.is_bound)
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors, {})

    def test_json_that_is_not_an_object(self):
        form = SignupForm(["Ada", 36])
        self.assertFalse(form.is_valid())
        self.assertIn("__all__", form.errors)

    def test_clean_field_method_runs_after_the_field(self):
        calls = []

        class NameForm(forms.Form):
            name = forms.CharField()

            def clean_name(self):
                calls.append(self.cleaned_data["name"])
                if self.cleaned_data["name"].lower() == "admin":
                    raise forms.ValidationError("That name is taken.", code="taken")
                return self.cleaned_data["name"].title()

        form = NameForm({"name": " ada lovelace "})
        self.assertTrue(form.is_valid())
        self.assertEqual(form.cleaned_data["name"], "Ada Lovelace")
        self.assertIn("ada lovelace", calls)  # stripped by the field first
        form = NameForm({"name": "Admin"})
        self.assertEqual(form.errors, {"name": ["That name is taken."]})
        self.assertTrue(form.has_error("name", "taken"))
        calls.clear()
        self.assertFalse(NameForm({}).is_valid())
        self.assertEqual(calls, [])  # not called when the field itself failed

    def test_clean_for_several_fields(self):
        class RangeForm(forms.Form):
            start = forms.IntegerField()
            end = forms.IntegerField()

            def clean(self):
                data = super().clean()
                if "start" in data and "end" in data and data["end"] < data["start"]:
                    raise forms.ValidationError("The end comes before the start.")
                return data

        form = RangeForm({"start": "5", "end": "2"})
        self.assertFalse(form.is_valid())
        self.assertEqual(form.non_field_errors(), ["The end comes before the start."])
        self.assertEqual(form.errors, {"__all__": ["The end comes before the start."]})

    def test_add_error_to_a_field_from_clean(self):
        class RangeForm(forms.Form):
            start = forms.IntegerField()
            end = forms.IntegerField()

            def clean(self):
                data = super().clean()
                if data.get("end", 0) < data.get("start", 0):
                    self.add_error("end", "Must not be before the start.")
                return data

        form = RangeForm({"start": 5, "end": 2})
        self.assertEqual(form.errors, {"end": ["Must not be before the start."]})
        self.assertNotIn("end", form.cleaned_data)

    def test_fields_are_inherited_and_ordered(self):
        class WithPhone(SignupForm):
            phone = forms.CharField(required=False)

        self.assertEqual(list(WithPhone().fields),
                         ["name", "age", "email", "plan", "newsletter", "phone"])
        self.assertEqual(list(SignupForm().fields), ["name", "age", "email", "plan", "newsletter"])

    def test_each_form_has_its_own_fields(self):
        first, second = SignupForm(), SignupForm()
        first.fields["name"].max_length = 99
        self.assertEqual(second.fields["name"].max_length, 10)


class TraceTests(unittest.TestCase):
    def setUp(self):
        def signup(request):
            if request.content_type == "application/json":
                form = SignupForm(request.json(), trace=request.trace)
            else:
                form = SignupForm(request.POST)
            if not form.is_valid():
                return JsonResponse({"errors": form.errors}, status=400)
            return JsonResponse(form.cleaned_data, status=201)

        self.client = Client(Glassbox(urls=[path("signup/", signup)]))

    def test_form_from_post_is_traced(self):
        response = self.client.post("/signup/", {"name": "Ada", "age": "7"})
        self.assertEqual(response.status_code, 400)
        event, = response.trace.of_type("form")
        self.assertEqual(event["form"], "SignupForm")
        self.assertFalse(event["valid"])
        self.assertEqual(event["errors"]["age"],
                         ["Ensure this value is greater than or equal to 13."])

    def test_form_from_json_is_traced_when_given_the_trace(self):
        response = self.client.post("/signup/", json={**GOOD, "age": 36})
        self.assertEqual(response.status_code, 201)
        event, = response.trace.of_type("form")
        self.assertTrue(event["valid"])
        self.assertEqual(event["errors"], {})


class Poll(models.Model):
    question = models.CharField(max_length=20, unique=True)
    votes = models.IntegerField(default=0)
    secret = models.CharField(max_length=10, default="hidden")


class PollForm(forms.ModelForm):
    class Meta:
        model = Poll
        fields = ["question", "votes"]


class ModelFormTests(unittest.TestCase):
    def setUp(self):
        connection.reset()
        create_tables(connection, [Poll])

    def test_fields_come_from_the_model(self):
        form = PollForm()
        self.assertEqual(list(form.fields), ["question", "votes"])
        self.assertEqual(form.fields["question"].max_length, 20)
        self.assertTrue(form.fields["question"].required)
        self.assertFalse(form.fields["votes"].required)  # it has a default

    def test_save_creates_and_updates(self):
        form = PollForm({"question": "Tabs?", "votes": "3", "secret": "forged"})
        self.assertTrue(form.is_valid(), form.errors)
        poll = form.save()
        self.assertEqual((poll.question, poll.votes, poll.secret), ("Tabs?", 3, "hidden"))
        self.assertEqual(Poll.objects.count(), 1)
        form = PollForm({"question": "Spaces?", "votes": "4"}, instance=poll)
        self.assertTrue(form.is_valid(), form.errors)
        form.save()
        self.assertEqual(Poll.objects.get(pk=poll.pk).question, "Spaces?")
        self.assertEqual(Poll.objects.count(), 1)

    def test_model_rules_become_form_errors(self):
        PollForm({"question": "Tabs?"}).save()
        form = PollForm({"question": "Tabs?"})
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors, {"question": ["Poll with this question already exists."]})
        with self.assertRaises(ValueError):
            form.save()

    def test_meta_fields_is_required(self):
        with self.assertRaises(ImproperlyConfigured):
            class Everything(forms.ModelForm):
                class Meta:
                    model = Poll


if __name__ == "__main__":
    unittest.main()
