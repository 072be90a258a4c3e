"""Text people type is plain text, and dates lie in years the register can work with."""

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.core.exceptions import ValidationError

from council.validators import (
    LONG_TEXT_MAX,
    PlainTextValidator,
    one_line,
    plain_text,
    plausible_date,
)
from meetings.models import item_number_validator


@pytest.mark.parametrize(
    "character", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f"]
)
def test_a_control_character_is_refused_and_named_with_its_place(character):
    with pytest.raises(ValidationError) as caught:
        plain_text(f"Mötets{character}öppnande")
    error = caught.value.error_list[0]
    assert error.code == "control_character"
    assert error.params == {"code": f"U+{ord(character):04X}", "position": 7}


@pytest.mark.parametrize(
    "text",
    [
        "Rad ett\nrad två",
        "Windows\r\nrader",
        "Kolumn\tkolumn",
        "Å ä ö é ü",
        "Hård\u00a0blank",
        "🙂",
    ],
)
def test_text_with_line_breaks_tabs_and_any_letters_is_plain_text(text):
    plain_text(text)


def test_a_single_line_field_refuses_a_line_break_but_not_a_tab():
    one_line("Kolumn\tkolumn")
    for text in ("Falun\nBorlänge", "Falun\rBorlänge"):
        with pytest.raises(ValidationError) as caught:
            one_line(text)
        assert caught.value.error_list[0].code == "line_break"


def test_the_validators_compare_equal_for_migrations():
    assert PlainTextValidator(single_line=True) == one_line != plain_text
    assert one_line.deconstruct() == (
        "council.validators.PlainTextValidator",
        (),
        {"single_line": True},
    )


@pytest.mark.parametrize("day", [datetime.date(1899, 12, 31), datetime.date(3000, 1, 1)])
def test_a_date_outside_the_years_the_register_works_with_is_refused(day):
    with pytest.raises(ValidationError):
        plausible_date(day)


def test_dates_of_any_meeting_are_plausible():
    for day in (
        datetime.date(1900, 1, 1),
        datetime.date(2026, 12, 10),
        datetime.date(2999, 12, 31),
    ):
        plausible_date(day)


# Every text field of the site's forms checks its text in the one shared way, whether it
# comes from a model (ModelForms) or is built by the form itself.
FORM_MODULES = [
    "meetings.forms",
    "imports.forms",
    "people.forms",
    "agendas.forms",
    "agreements.forms",
]
# Fields whose text is never stored, or checked by a stricter rule of their own.
NOT_STORED = {
    ("LoginForm", "username"),  # looked up, never stored
    ("PeopleSearchForm", "q"),  # a search
    ("ItemForm", "case_search"),  # a search for the case to choose
}


def typed_text_fields():
    """(name, validators, widget) of each text field of the forms; a ModelForm's field is
    checked by its model field, whose validators the form runs when it cleans."""
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, form in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form, forms.BaseForm) or form.__module__ != module_name:
                continue
            model = getattr(getattr(form, "_meta", None), "model", None)
            model_fields = {f.name: f for f in model._meta.get_fields()} if model else {}
            for field_name, field in form.base_fields.items():
                if not isinstance(field, forms.CharField) or isinstance(field, forms.EmailField):
                    continue
                if isinstance(field.widget, forms.HiddenInput | forms.PasswordInput):
                    continue
                if (name, field_name) in NOT_STORED:
                    continue
                validators = list(field.validators)
                if field_name in model_fields:
                    validators += model_fields[field_name].validators
                if item_number_validator in validators:
                    continue  # a pattern of digits and a letter
                yield f"{module_name}.{name}.{field_name}", validators, field


def test_every_text_field_of_the_forms_refuses_control_characters():
    fields = list(typed_text_fields())
    assert len(fields) > 40
    unchecked = [
        name
        for name, validators, _field in fields
        if not any(isinstance(v, PlainTextValidator) for v in validators)
    ]
    assert unchecked == []


def test_every_multi_line_field_of_the_forms_has_a_ceiling():
    unbounded = [
        name
        for name, validators, field in typed_text_fields()
        if isinstance(field.widget, forms.Textarea)
        and not field.max_length
        and not any(getattr(v, "limit_value", None) for v in validators)
    ]
    assert unbounded == []
    # A clause and its discussion fit one search vector (PostgreSQL: 1 MB).
    assert 2 * LONG_TEXT_MAX < 1024 * 1024 // 2
