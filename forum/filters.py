"""A category's thread listing filters: a django-filter FilterSet over a
plain GET form, so the listing works from the URL alone and bad values come
back as form errors."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import CharFilter, ChoiceFilter, FilterSet

from forum.models import Thread, ThreadSkill

SHOW_CHOICES = [
    ("unanswered", _("Unanswered")),
    ("unsolved", _("Questions without an accepted answer")),
]
SORT_CHOICES = [
    ("active", _("Recently active")),
    ("newest", _("Newest")),
    ("votes", _("Most voted")),
]
SORT_ORDER = {
    "active": ["-last_activity_at", "-pk"],
    "newest": ["-created_at", "-pk"],
    "votes": ["-score", "-last_activity_at", "-pk"],
}


class ThreadFilter(FilterSet):
    show = ChoiceFilter(
        label=_("Show"),
        choices=SHOW_CHOICES,
        method="filter_show",
        empty_label=_("All threads"),
    )
    skill = CharFilter(
        label=_("Skill"),
        method="filter_skill",
        max_length=100,
        strip=True,
        help_text=_("One skill, e.g. SQL."),
    )
    sort = ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = Thread
        fields: list[str] = []

    def filter_show(self, queryset, name, value):
        if value == "unanswered":
            return queryset.filter(answer_count=0)
        if value == "unsolved":
            return queryset.filter(
                kind=Thread.Kind.QUESTION, accepted_answer__isnull=True
            )
        return queryset

    def filter_skill(self, queryset, name, value):
        # By name or slug: links from a thread's tags use the slug.
        tagged = ThreadSkill.objects.filter(
            Q(tag__slug=value) | Q(tag__name__iexact=value)
        )
        return queryset.filter(pk__in=tagged.values("content_object_id"))

    def filter_sort(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.form.cleaned_data.get("sort") or "active"
        return queryset.order_by(*SORT_ORDER[sort])


class ApiThreadFilter(ThreadFilter):
    """The same filters for /api/v1/forum/threads/, across categories:
    `category` is any category's slug (one that names none finds no
    threads: an OpenAPI document cannot list the categories there are), and
    the skill is `tag`, as /api/v1/sessions/ names it."""

    category = CharFilter(label=_("Category"), field_name="category__slug")
    tag = CharFilter(method="filter_skill", max_length=100, strip=True)
    skill = None  # named `tag` here
