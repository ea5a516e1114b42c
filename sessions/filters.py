"""The /sessions/ filters: a django-filter FilterSet over a plain form, so the
page works from the URL alone (no JavaScript), and bad values come back as
form errors rather than failures."""

from functools import cached_property, partial

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import (
    CharFilter,
    ChoiceFilter,
    DateFilter,
    FilterSet,
    ModelChoiceFilter,
    MultipleChoiceFilter,
)
from django_filters import fields as filter_fields

from core.fragments import ListingPage, lazy_context
from core.search import query_words, search_page_ids
from core.widgets import DateInput
from sessions.models import Category, SessionPage
from sessions.selectors import (
    get_session_cards,
    list_public_sessions,
    list_visible_sessions,
    sessions_with_skill,
)
from sessions.timezones import day_bounds_utc, member_zone

PER_PAGE = 12

SORT_CHOICES = [
    ("soonest", _("Soonest first")),
    ("top_rated", _("Top rated")),
    ("newest", _("Newest")),
]
INCLUDE_CHOICES = [
    ("past", _("Past sessions")),
    ("cancelled", _("Cancelled sessions")),
]
PRICE_CHOICES = [("free", _("Free")), ("paid", _("Paid"))]
RATING_CHOICES = [("1", _("1 star or more"))] + [
    (str(n), _("%(n)s stars or more") % {"n": n}) for n in range(2, 6)
]
DATE_TO_BEFORE_FROM = _("The “to” date must be on or after the “from” date.")


def _keep(queryset, name, value):
    # Applied in SessionFilter.filter_queryset, which also handles "absent".
    return queryset


class SessionFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", DATE_TO_BEFORE_FROM)
        return data


class _CategoryChoiceIterator(filter_fields.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for category in self.field.categories:
            yield self.choice(category)

    def __len__(self):
        return len(self.field.categories) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.categories)


class _CategoryChoiceField(filter_fields.ModelChoiceField):
    """Checks the chosen slug against the categories the form lists, so a
    filtered page reads them once, not once to check and once to list."""

    iterator = _CategoryChoiceIterator

    @cached_property
    def categories(self) -> list[Category]:
        return list(self.queryset)

    def __deepcopy__(self, memo):
        # Each form lists the categories there are when it is made.
        result = super().__deepcopy__(memo)
        result.__dict__.pop("categories", None)
        return result

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        for category in self.categories:
            if str(getattr(category, key)) == str(value):
                return category
        raise ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class _CategoryFilter(ModelChoiceFilter):
    field_class = _CategoryChoiceField


class SessionFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text", max_length=200, strip=True)
    category = _CategoryFilter(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        empty_label=_("Any category"),
    )
    tag = CharFilter(label=_("Skill"), method="filter_skill", max_length=100)
    date_from = DateFilter(
        label=_("From"), method="filter_date_from", widget=DateInput()
    )
    date_to = DateFilter(label=_("To"), method="filter_date_to", widget=DateInput())
    min_rating = ChoiceFilter(
        label=_("Rating"),
        choices=RATING_CHOICES,
        method="filter_rating",
        empty_label=_("Any rating"),
    )
    format = ChoiceFilter(
        label=_("Format"), choices=SessionPage.Format.choices, empty_label=_("Any")
    )
    level = ChoiceFilter(
        label=_("Level"), choices=SessionPage.Level.choices, empty_label=_("Any")
    )
    price = ChoiceFilter(
        label=_("Price"),
        choices=PRICE_CHOICES,
        method="filter_price",
        empty_label=_("Free or paid"),
    )
    sort = ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method=_keep, empty_label=None
    )
    include = MultipleChoiceFilter(
        label=_("Also show"),
        choices=INCLUDE_CHOICES,
        method=_keep,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = SessionPage
        form = SessionFilterForm
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, viewer=None, **kwargs):
        if queryset is None:
            queryset = list_public_sessions()
        super().__init__(data, queryset, **kwargs)
        # Dates are days in the viewer's calendar, not in UTC.
        self.zone = member_zone(viewer)

    def filter_text(self, queryset, name, value):
        # The site search's engine, so a word finds the same sessions here.
        return queryset.filter(pk__in=search_page_ids(SessionPage, query_words(value)))

    def filter_skill(self, queryset, name, value):
        return queryset.filter(pk__in=sessions_with_skill(value))

    def filter_date_from(self, queryset, name, value):
        start, _end = day_bounds_utc(value, self.zone)
        return queryset.filter(starts_at__gte=start)

    def filter_date_to(self, queryset, name, value):
        _start, end = day_bounds_utc(value, self.zone)
        return queryset.filter(starts_at__lt=end)

    def filter_rating(self, queryset, name, value):
        return queryset.filter(rating_average__gte=int(value))

    def filter_price(self, queryset, name, value):
        return (
            queryset.filter(price=0)
            if value == "free"
            else queryset.filter(price__gt=0)
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        data = self.form.cleaned_data
        include = set(data.get("include") or [])
        if "past" not in include:
            queryset = queryset.filter(starts_at__gte=timezone.now())
        if "cancelled" not in include:
            queryset = queryset.exclude(status=SessionPage.Status.CANCELLED)
        queryset = super().filter_queryset(queryset)
        return _order(queryset, data.get("sort") or "soonest")


class ApiSessionFilter(SessionFilter):
    """The same filters for /api/v1/sessions/, but `category` is any slug,
    as `tag` is: one that names no category finds no sessions. The page's
    form offers the categories there are; an API client cannot be told them
    in its OpenAPI document, so none of its slugs may be an error."""

    category = CharFilter(label=_("Category"), field_name="category__slug")


def _order(queryset: QuerySet, sort: str) -> QuerySet:
    if sort == "top_rated":
        return queryset.order_by(
            F("rating_average").desc(nulls_last=True), "-rating_count", "starts_at"
        )
    if sort == "newest":
        return queryset.order_by(F("first_published_at").desc(nulls_last=True), "-pk")
    return queryset.order_by("starts_at", "pk")


def discovery_context(request: HttpRequest) -> dict:
    """What the index template needs: the filter form, the query string to
    carry the filters across pages, and one page of results, loaded only if
    the template asks (core.fragments)."""
    session_filter = SessionFilter(
        request.GET, list_visible_sessions(), viewer=request.user
    )
    params = request.GET.copy()
    page_number = params.pop("page", [""])[-1]
    found = ListingPage(
        session_filter.qs.values_list("pk", flat=True),
        PER_PAGE,
        page_number,
        get_session_cards,
    )
    return {
        "filter": session_filter,
        "filter_form": session_filter.form,
        **lazy_context(found, ("paginator", "results")),
        "sessions": partial(getattr, found, "cards"),
        "page_number": page_number,
        "filter_query": params.urlencode(),
        "is_filtered": any(key != "sort" for key in params),
        "viewer_zone": session_filter.zone.key,
    }
