"""Forms: never trust input.

Everything in a request was typed, or forged, by someone else. `request.POST["age"]` is the
text "36", or "", or "thirty-six", or missing, or a megabyte of "A"; a JSON body may hold a
list where you expected an object, `true` where you expected a number. A form is the one place
where such data is checked and converted before the rest of the program believes it:

    class SignupForm(Form):
        name = CharField(max_length=50)
        age = IntegerField(min_value=13)
        email = EmailField()
        plan = ChoiceField(choices=["free", "pro"])

    form = SignupForm(request.POST)         # or SignupForm(request.json())
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    form.cleaned_data["age"]                # 36, an int, and at least 13

`is_valid()` cleans the form once (`full_clean()`), in three steps, each able to add errors:

1. every field, in the order they were declared: `field.clean(raw value)` converts the text to
   a Python value (`to_python`), then checks it (`validate`: required, lengths, limits,
   choices). A good value goes into `cleaned_data`; a bad one raises `ValidationError`, and its
   message goes into `errors[name]`. Then, if the form has a method `clean_<name>()`, it runs:
   it reads `self.cleaned_data[name]` and returns the value to keep, or raises;
2. the whole form: `clean()`, for rules about several fields at once ("the end date is after
   the start date"). Its errors go under `"__all__"` (`non_field_errors()`), or to a field with
   `self.add_error(name, message)`;
3. for a `ModelForm`, the model's own checks (`full_clean()` of an instance: lengths, choices,
   uniqueness).

A field with an error is removed from `cleaned_data`, so `cleaned_data` only ever holds values
that passed. `errors` maps each field name to a list of messages, ready to send back with a
400. `errors.get_json_data()` adds a `code` to each message ("required", "invalid", ...) for
programs that read the answer.

Every `is_valid()` writes a "form" event into the request's trace (the form's name, whether it
was valid, and the errors) when the form knows the trace: a form made from `request.POST` or
`request.GET` finds it there; for a JSON body, pass it: `SignupForm(data, trace=request.trace)`.

Where glassbox differs from Django: Django's forms also render HTML (widgets, `as_p()`,
labels), handle files and prefixes; these are left out. A `CharField` here refuses a JSON list
or object ("Enter text."), where Django's would turn it into its text. Django has one `ValidationError`
(`django.core.exceptions`) for forms and models; here the model's is `glassbox.db`'s, and a
`ModelForm` turns it into form errors. The `trace=` argument is glassbox's own.
"""

import copy
import re

NON_FIELD_ERRORS = "__all__"


class ValidationError(Exception):
    """A value did not pass. `message` is what the user reads; `code` names the rule for
    programs ("required", "invalid", "max_length", ...). It may also carry several messages
    (a list) or messages for several fields (a dict, from `clean()`).

    >>> ValidationError("Enter a whole number.", code="invalid").messages
    ['Enter a whole number.']
    >>> ValidationError({"end": "Must be after the start."}).error_dict
    {'end': [('Must be after the start.', None)]}
    """

    def __init__(self, message, code=None, params=None):
        self.error_dict = None
        if isinstance(message, dict):
            self.error_dict = {field: ValidationError(messages).error_list
                               for field, messages in message.items()}
            self.error_list = [pair for pairs in self.error_dict.values() for pair in pairs]
        elif isinstance(message, (list, tuple)):
            self.error_list = []
            for item in message:
                error = item if isinstance(item, ValidationError) else ValidationError(item)
                self.error_list.extend(error.error_list)
        else:
            text = str(message) % params if params else str(message)
            self.error_list = [(text, code)]
        super().__init__(self.messages)

    @property
    def messages(self):
        return [message for message, _code in self.error_list]

    def __str__(self):
        return "; ".join(self.messages)


class ErrorList(list):
    """The messages of one field (a list of str), with their codes kept beside them."""

    def __init__(self, pairs=()):
        super().__init__(message for message, _code in pairs)
        self.pairs = list(pairs)

    def extend_pairs(self, pairs):
        self.pairs.extend(pairs)
        self.extend(message for message, _code in pairs)

    def get_json_data(self):
        return [{"message": message, "code": code or ""} for message, code in self.pairs]


class ErrorDict(dict):
    """Field name -> ErrorList. A plain dict to `JsonResponse`: {"age": ["Enter a whole number."]}."""

    def get_json_data(self):
        """Each message with its code: {"age": [{"message": "...", "code": "invalid"}]}."""
        return {field: errors.get_json_data() for field, errors in self.items()}


# ---------------------------------------------------------------------------------------------
# Fields: each turns one raw value into a clean one, or says why it cannot
# ---------------------------------------------------------------------------------------------


class Field:
    """The base of every form field: required or not, then the subclass's own rules."""

    empty_values = (None, "", [], (), {})
    default_error_messages = {"required": "This field is required."}

    def __init__(self, required=True, label=None, initial=None, help_text="",
                 error_messages=None, validators=()):
        self.required = required
        self.label = label
        self.initial = initial
        self.help_text = help_text
        self.validators = list(validators)
        self.error_messages = {}
        for klass in reversed(type(self).__mro__):  # a subclass's messages win
            self.error_messages.update(getattr(klass, "default_error_messages", {}))
        self.error_messages.update(error_messages or {})

    def error(self, code, **params):
        """The ValidationError for one of this field's rules, with its message filled in."""
        return ValidationError(self.error_messages[code], code=code, params=params or None)

    def to_python(self, value):
        """Convert the raw value (text from a form, anything from JSON) to the Python type."""
        return value

    def validate(self, value):
        """Check the converted value; raise ValidationError if it breaks a rule."""
        if value in self.empty_values and self.required:
            raise self.error("required")

    def clean(self, value):
        """Convert, check, run the extra validators; return the clean value.

        >>> IntegerField(min_value=1).clean(" 7 ")
        7
        """
        value = self.to_python(value)
        self.validate(value)
        for validator in self.validators:
            validator(value)
        return value


class CharField(Field):
    """Text. Surrounding spaces are stripped (`strip=False` keeps them); an empty or missing
    value becomes "" (`empty_value`).

    >>> CharField(max_length=3).clean("  Ada ")
    'Ada'
    """

    default_error_messages = {
        "max_length": "Ensure this value has at most %(limit)d characters (it has %(length)d).",
        "min_length": "Ensure this value has at least %(limit)d characters (it has %(length)d).",
        "invalid": "Enter text.",
    }

    def __init__(self, max_length=None, min_length=None, strip=True, empty_value="", **kwargs):
        self.max_length, self.min_length = max_length, min_length
        self.strip, self.empty_value = strip, empty_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return self.empty_value
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.error("invalid")  # a list or an object from JSON is not text
        value = str(value)
        return value.strip() if self.strip else value

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if self.max_length is not None and len(value) > self.max_length:
            raise self.error("max_length", limit=self.max_length, length=len(value))
        if self.min_length is not None and len(value) < self.min_length:
            raise self.error("min_length", limit=self.min_length, length=len(value))


class IntegerField(Field):
    """A whole number, from text ("42") or from JSON (42). Not 4.5, not "4.5", not true.

    >>> IntegerField().clean("42") + 1
    43
    """

    default_error_messages = {
        "invalid": "Enter a whole number.",
        "min_value": "Ensure this value is greater than or equal to %(limit)s.",
        "max_value": "Ensure this value is less than or equal to %(limit)s.",
    }

    def __init__(self, min_value=None, max_value=None, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, bool):  # True is an int in Python, but not a number anyone typed
            raise self.error("invalid")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        try:
            return int(str(value).strip())
        except ValueError:
            raise self.error("invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise self.error("min_value", limit=self.min_value)
        if self.max_value is not None and value > self.max_value:
            raise self.error("max_value", limit=self.max_value)


class EmailField(CharField):
    """An email address: something@somewhere.tld, with no spaces. (Whether it exists, only
    sending a message can tell.)"""

    default_error_messages = {"invalid": "Enter a valid email address."}
    pattern = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")

    def validate(self, value):
        super().validate(value)
        if value and not self.pattern.fullmatch(value):
            raise self.error("invalid")


class BooleanField(Field):
    """A checkbox: a box left unticked sends nothing, so `required=False` is usual."""

    def to_python(self, value):
        if isinstance(value, str) and value.lower() in ("false", "0", "off", ""):
            return False
        return bool(value)

    def validate(self, value):
        if not value and self.required:
            raise self.error("required")


class ChoiceField(Field):
    """One of a fixed list. `choices` are values, or (value, label) pairs.

    >>> ChoiceField(choices=[("s", "Small"), ("l", "Large")]).clean("l")
    'l'
    """

    default_error_messages = {
        "invalid_choice": "Select a valid choice. %(value)s is not one of the available choices.",
    }

    def __init__(self, choices=(), **kwargs):
        self.choices = [choice if isinstance(choice, (list, tuple)) else (choice, choice)
                        for choice in choices]
        super().__init__(**kwargs)

    def to_python(self, value):
        return "" if value in self.empty_values else str(value)

    def validate(self, value):
        super().validate(value)
        allowed = [str(choice_value) for choice_value, _label in self.choices]
        if value and value not in allowed:
            raise self.error("invalid_choice", value=value)


# ---------------------------------------------------------------------------------------------
# The form: its fields, cleaned together
# ---------------------------------------------------------------------------------------------


class DeclarativeFieldsMetaclass(type):
    """Collects the Field attributes of a form class, in the order written, into
    `base_fields` (a parent's fields first), so `class F(Form): name = CharField()` works."""

    def __new__(mcs, name, bases, attrs):
        declared = {key: value for key, value in attrs.items() if isinstance(value, Field)}
        for key in declared:
            attrs.pop(key)
        cls = super().__new__(mcs, name, bases, attrs)
        fields = {}
        for base in reversed(cls.__mro__[1:]):
            fields.update(getattr(base, "base_fields", {}))
        fields.update(declared)
        cls.base_fields = fields
        return cls


class Form(metaclass=DeclarativeFieldsMetaclass):
    """A set of fields, bound to the data of one request. See the module docstring."""

    def __init__(self, data=None, initial=None, trace=None):
        self.is_bound = data is not None
        self.data = data if data is not None else {}
        self.initial = initial or {}
        self.fields = copy.deepcopy(self.base_fields)  # each form its own fields
        self.trace = trace if trace is not None else getattr(data, "trace", None)
        self._errors = None
        if self.is_bound and not hasattr(self.data, "get"):
            self.data = {}  # a JSON list or number: every field will be missing
            self._not_an_object = data

    # -- asking -----------------------------------------------------------------------------

    @property
    def errors(self):
        """Field name -> its messages; cleans the form the first time it is read."""
        if self._errors is None:
            self.full_clean()
        return self._errors

    def is_valid(self):
        """True if the form was given data and every value in it passed."""
        return self.is_bound and not self.errors

    def non_field_errors(self):
        """The errors of the form as a whole (from `clean()`)."""
        return self.errors.get(NON_FIELD_ERRORS, ErrorList())

    def has_error(self, field, code=None):
        pairs = self.errors[field].pairs if field in self.errors else []
        return bool(pairs) if code is None else any(c == code for _m, c in pairs)

    # -- cleaning ---------------------------------------------------------------------------

    def full_clean(self):
        """Clean every field, then the form, then (for a ModelForm) the model instance."""
        self._errors = ErrorDict()
        if not self.is_bound:
            return
        self.cleaned_data = {}
        if hasattr(self, "_not_an_object"):
            self.add_error(None, ValidationError(
                f"Expected an object of fields, got {type(self._not_an_object).__name__}.",
                code="invalid"))
        self._clean_fields()
        self._clean_form()
        self._post_clean()
        if self.trace is not None:
            self.trace.record("form", form=type(self).__name__, valid=not self._errors,
                              fields=list(self.fields), errors=dict(self._errors))

    def _clean_fields(self):
        for name, field in self.fields.items():
            raw = self.data.get(name)
            try:
                self.cleaned_data[name] = field.clean(raw)
                custom = getattr(self, f"clean_{name}", None)
                if custom is not None:
                    self.cleaned_data[name] = custom()
            except ValidationError as error:
                self.add_error(name, error)

    def _clean_form(self):
        try:
            cleaned = self.clean()
        except ValidationError as error:
            self.add_error(None, error)
        else:
            if cleaned is not None:
                self.cleaned_data = cleaned

    def _post_clean(self):
        """A hook after clean(); ModelForm checks its model instance here."""

    def clean(self):
        """Override for rules about several fields; return cleaned_data (or None)."""
        return self.cleaned_data

    def add_error(self, field, error):
        """Record `error` (a message or a ValidationError) against `field` (None: the whole
        form), and take the field out of cleaned_data.

        An error with a dict of fields (`ValidationError({"end": "..."})`) goes to each.
        """
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        if error.error_dict is not None:
            if field is not None:
                raise TypeError("add_error(field, error): when the error is a dict of fields, "
                                "field must be None.")
            targets = error.error_dict.items()
        else:
            targets = [(field or NON_FIELD_ERRORS, error.error_list)]
        for name, pairs in targets:
            if name != NON_FIELD_ERRORS and name not in self.fields:
                raise ValueError(f"{type(self).__name__} has no field named {name!r}; its "
                                 f"fields are {', '.join(self.fields)}.")
            self._errors.setdefault(name, ErrorList()).extend_pairs(pairs)
            getattr(self, "cleaned_data", {}).pop(name, None)

    def __repr__(self):
        state = "unbound" if not self.is_bound else (
            "not cleaned yet" if self._errors is None else f"valid={not self._errors}")
        return f"<{type(self).__name__} {state}, fields=({', '.join(self.fields)})>"


# ---------------------------------------------------------------------------------------------
# ModelForm: the fields come from a model
# ---------------------------------------------------------------------------------------------


def formfield_for(model_field):
    """The form field that checks what a model field (glassbox.db) will accept."""
    from glassbox.db import models

    required = not model_field.blank and not model_field.has_default()
    options = {"required": required, "label": model_field.verbose_name}
    if model_field.choices is not None:
        return ChoiceField(choices=model_field.choices, **options)
    if isinstance(model_field, models.BooleanField):
        return BooleanField(required=False, label=model_field.verbose_name)
    if isinstance(model_field, models.IntegerField):
        return IntegerField(**options)
    if isinstance(model_field, models.CharField):
        return CharField(max_length=model_field.max_length, **options)
    if isinstance(model_field, models.TextField):
        return CharField(**options)
    return Field(**options)


class ModelFormMetaclass(DeclarativeFieldsMetaclass):
    """Adds a field for each model field named in `Meta.fields` (fields declared on the
    form itself win)."""

    def __new__(mcs, name, bases, attrs):
        cls = super().__new__(mcs, name, bases, attrs)
        meta = getattr(cls, "Meta", None)
        if meta is None or getattr(meta, "model", None) is None:
            return cls
        names = getattr(meta, "fields", None)
        if not isinstance(names, (list, tuple)):
            from glassbox.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured(
                f"{name}.Meta needs `fields`: the list of model fields the form may set. "
                "(Listing them is the point: a field the form does not name cannot be set by "
                "whoever sends the request. Django also accepts `exclude` or '__all__'; "
                "glassbox asks for the list.)")
        generated = {}
        for field_name in names:
            generated[field_name] = formfield_for(meta.model._meta.get_field(field_name))
        cls.base_fields = {**generated, **cls.base_fields}
        return cls


class ModelForm(Form, metaclass=ModelFormMetaclass):
    """A form for creating or changing one model instance:

        class QuestionForm(ModelForm):
            class Meta:
                model = Question
                fields = ["question_text"]

        form = QuestionForm(request.POST)
        if form.is_valid():
            question = form.save()            # INSERT (or UPDATE with instance=...)

    After the fields and `clean()`, the values are set on the instance and the model's own
    `full_clean()` runs (uniqueness included), so the database never sees what the model
    would refuse.
    """

    def __init__(self, data=None, initial=None, instance=None, trace=None):
        meta = self.Meta
        self.instance = instance if instance is not None else meta.model()
        super().__init__(data, initial=initial, trace=trace)

    def _post_clean(self):
        from glassbox.db import ValidationError as ModelValidationError

        meta = self.instance._meta
        for name, value in self.cleaned_data.items():
            if name not in meta.field_names():
                continue  # a field of the form only (a "confirm password" box)
            if name not in self.data and meta.get_field(name).has_default():
                continue  # not sent at all: keep the model's default (as Django does)
            setattr(self.instance, name, value)
        exclude = [field.name for field in self.instance._meta.fields
                   if field.name not in self.cleaned_data]
        try:
            self.instance.full_clean(exclude=exclude)
        except ModelValidationError as error:
            for name, messages in error.message_dict.items():
                field = name if name in self.fields else None
                self.add_error(field, ValidationError(list(messages)))

    def save(self, commit=True):
        """The instance with the cleaned values; saved to the database unless commit=False."""
        if self.errors:
            raise ValueError(f"The {type(self.instance).__name__} could not be saved because "
                             f"the form did not validate: {dict(self.errors)!r}.")
        if commit:
            self.instance.save()
        return self.instance
