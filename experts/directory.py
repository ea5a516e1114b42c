"""The /experts/ directory: a django-filter FilterSet over a plain form, so
it works from the URL alone (no JavaScript) and bad values come back as form
errors, never as failures; then one page of cards."""

from functools import partial

from django import forms
from django.db.models import (
    DecimalField,
    F,
    OuterRef,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce
from django.forms.utils import flatatt
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django_filters import (
    BooleanFilter,
    CharFilter,
    ChoiceFilter,
    FilterSet,
    ModelChoiceFilter,
    NumberFilter,
)

from accounts.avatar import initials, tone_index
from core.fragments import ListingPage, lazy_context
from core.images import EXPERT_CARD_PHOTO, prefetch_renditions
from core.models import Skill
from core.search import query_words, search_page_ids
from experts.mentee_count import active_mentees_expression
from experts.models import (
    LANGUAGE_CHOICES,
    ExpertLanguage,
    ExpertPage,
    ExpertPageSkill,
)
from experts.page_context import rate_label
from experts.selectors import get_card_lists, list_visible_experts, with_ratings

PER_PAGE = 12

SORT_CHOICES = [("rating", _("Highest rated")), ("name", _("Name (A–Z)"))]
RATING_CHOICES = [("1", _("1 star or more"))] + [
    (str(n), _("%(n)s stars or more") % {"n": n}) for n in range(2, 6)
]
PRICE_MAX_BELOW_MIN = _("“Up to” must be at least the “from” rate.")


def _keep(queryset, name, value):
    # Applied in ExpertFilter.filter_queryset (sorting needs the whole set).
    return queryset


def with_mentee_places(queryset: QuerySet[ExpertPage]) -> QuerySet[ExpertPage]:
    """Annotate `active_mentees`, in one subquery for any number of experts."""
    return queryset.annotate(
        active_mentees=active_mentees_expression(OuterRef("expert_id"))
    )


def _skills_of(experts: QuerySet[ExpertPage]) -> QuerySet[Skill]:
    used = ExpertPageSkill.objects.filter(
        content_object__in=experts.values("pk")
    ).values("tag_id")
    return Skill.objects.filter(pk__in=used)


class InlineSelect(forms.Select):
    """A select whose options are joined here rather than rendered through
    a template each: the skill and language lists run to a hundred options
    and more, and Django's include per option was a fifth of the page's
    time. The same HTML otherwise (no option groups here)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "\n",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            options,
        )


class CheckboxFilter(BooleanFilter):
    """Ticked or not: a plain checkbox, where BooleanFilter offers
    yes/no/unknown."""

    field_class = forms.BooleanField


class ExpertFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and high < low:
            self.add_error("price_max", PRICE_MAX_BELOW_MIN)
        return data


class ExpertFilter(FilterSet):
    q = CharFilter(label=_("Search"), method="filter_text", max_length=200, strip=True)
    skill = ModelChoiceFilter(
        label=_("Skill"),
        # Replaced per request in __init__ by the skills of listed experts.
        queryset=Skill.objects.none(),
        to_field_name="slug",
        method="filter_skill",
        widget=InlineSelect,
        empty_label=_("Any skill"),
    )
    min_rating = ChoiceFilter(
        label=_("Minimum rating"),
        choices=RATING_CHOICES,
        method="filter_rating",
        widget=InlineSelect,
        empty_label=_("Any rating"),
    )
    language = ChoiceFilter(
        label=_("Language"),
        choices=LANGUAGE_CHOICES,
        method="filter_language",
        widget=InlineSelect,
        empty_label=_("Any language"),
    )
    accepting = CheckboxFilter(
        label=_("Accepting mentees now"), method="filter_accepting"
    )
    price_min = NumberFilter(
        label=_("From"),
        method="filter_price_min",
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )
    price_max = NumberFilter(
        label=_("Up to"),
        method="filter_price_max",
        min_value=0,
        max_digits=8,
        decimal_places=2,
    )
    sort = ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method=_keep,
        empty_label=None,
        widget=InlineSelect,
    )

    class Meta:
        model = ExpertPage
        form = ExpertFilterForm
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = list_visible_experts()
        super().__init__(data, queryset, **kwargs)
        # From the same queryset: core.access reads the view
        # restrictions once, and only skills someone listed has are offered.
        self.filters["skill"].queryset = _skills_of(queryset)
        for name in ("price_min", "price_max"):
            self.form.fields[name].widget.attrs.update(
                {"inputmode": "decimal", "step": "any"}
            )

    def filter_text(self, queryset, name, value):
        # The site search's engine: name (the page title), headline, bio and
        # skills, whole words, as on /search/.
        return queryset.filter(pk__in=search_page_ids(ExpertPage, query_words(value)))

    def filter_skill(self, queryset, name, value):
        tagged = ExpertPageSkill.objects.filter(tag=value).values("content_object_id")
        return queryset.filter(pk__in=tagged)

    def filter_rating(self, queryset, name, value):
        return queryset.filter(rating_average__gte=int(value))

    def filter_language(self, queryset, name, value):
        speaking = ExpertLanguage.objects.filter(language=value).values("page_id")
        return queryset.filter(pk__in=speaking)

    def filter_accepting(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            accepts_mentees=True, active_mentees__lt=F("mentee_capacity")
        )

    def filter_price_min(self, queryset, name, value):
        return queryset.filter(rate__gte=value)

    def filter_price_max(self, queryset, name, value):
        return queryset.filter(rate__lte=value)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # No rate means mentoring without a fee: 0 for the price range.
        queryset = with_mentee_places(with_ratings(queryset)).annotate(
            rate=Coalesce(
                "hourly_rate",
                Value(0),
                output_field=DecimalField(max_digits=8, decimal_places=2),
            )
        )
        queryset = super().filter_queryset(queryset)
        return _order(queryset, self.form.cleaned_data.get("sort") or "rating")


def _order(queryset: QuerySet, sort: str) -> QuerySet:
    if sort == "name":
        return queryset.order_by("title", "pk")
    return queryset.order_by(
        F("rating_average").desc(nulls_last=True), "-rating_count", "title", "pk"
    )


def with_card_data(queryset: QuerySet[ExpertPage]) -> QuerySet[ExpertPage]:
    """What a card shows beside the annotations `ExpertFilter` adds: the
    photo joined, its rendition in one more query for any number of cards
    (and their skills and languages in one, `_as_cards`)."""
    return queryset.select_related("expert", "photo").prefetch_related(
        prefetch_renditions("photo", (EXPERT_CARD_PHOTO,))
    )


def _as_cards(pages) -> list[ExpertPage]:
    pages = list(pages)
    lists = get_card_lists([page.pk for page in pages])
    for page in pages:
        page.card_skills, page.card_languages = lists[page.pk]
        _as_card(page)
    return pages


def _as_card(page: ExpertPage) -> ExpertPage:
    page.photo_rendition = (
        page.photo.get_rendition(EXPERT_CARD_PHOTO) if page.photo else None
    )
    page.initials = initials(page.title)
    page.avatar_tone = tone_index(page.expert.username)
    page.accepting_now = (
        page.accepts_mentees and page.active_mentees < page.mentee_capacity
    )
    page.rate_label = rate_label(page)
    return page


def get_expert_cards(ids: list[int]) -> list[ExpertPage]:
    """The expert pages with these ids, in this order, with what a card
    shows: rating, mentee places, skills, languages, photo rendition."""
    cards = with_card_data(
        with_mentee_places(with_ratings(ExpertPage.objects.filter(pk__in=ids)))
    )
    by_id = {page.pk: page for page in _as_cards(cards)}
    return [by_id[pk] for pk in ids if pk in by_id]


def directory_context(request: HttpRequest) -> dict:
    """What the directory template needs: the filter form, the query string
    to carry the filters across pages, and one page of results, loaded
    only if the template asks (core.fragments)."""
    expert_filter = ExpertFilter(request.GET)
    params = request.GET.copy()
    page_number = params.pop("page", [""])[-1]
    # The sorted query loads one page of cards: the ratings it sorts by are
    # the ones the cards show, and prefetches run for those twelve only.
    found = ListingPage(
        with_card_data(expert_filter.qs), PER_PAGE, page_number, _as_cards
    )
    return {
        "filter": expert_filter,
        "filter_form": expert_filter.form,
        **lazy_context(found, ("paginator", "results")),
        "experts": partial(getattr, found, "cards"),
        "page_number": page_number,
        "filter_query": params.urlencode(),
        "is_filtered": any(key != "sort" for key in params),
    }
