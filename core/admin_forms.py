"""Page editor forms every page builds on."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from core.admin_permissions import own_uploads

IMAGE_NOT_YOURS = _("Choose one of your own images.")


def image_ids(page) -> dict[str, str]:
    """The images `page` shows (image id -> the field holding it): image
    fields, images in StreamField blocks and in rich text."""
    image_type = ReferenceIndex._get_base_content_type(get_image_model()).pk
    # The reference index's own scan, so every kind of field Wagtail knows
    # to hold a reference is covered.
    return {
        object_id: model_path.split(".")[0]
        for type_id, object_id, model_path, _path in (
            ReferenceIndex._extract_references_from_object(page)
        )
        if type_id == image_type
    }


class PageForm(WagtailAdminPageForm):
    """The base of every page's editor form (BasePage.base_form_class).

    The image chooser offers experts only their own uploads, but the editor
    saves whatever image id it is sent: an image the editor may not choose
    (core.admin_permissions.own_uploads) is refused, unless the page
    already showed it (so an old page still saves after its images moved
    hands)."""

    def clean_slug(self):
        """A new page whose slug is taken under its parent gets the next free
        one ("intro-to-sql-2"), as Wagtail does for a slug it makes itself.
        The editor's autosave creates a draft as soon as a title is typed;
        an abandoned one, or a session run again under the same title,
        would otherwise refuse every later page with that title. Renaming
        an existing page onto a taken slug is still refused below."""
        slug = self.cleaned_data.get("slug")
        parent = getattr(self, "parent_page", None)
        if not slug or self.instance.pk or parent is None:
            return slug
        candidate, number = slug, 1
        while not Page._slug_is_available(candidate, parent, self.instance):
            number += 1
            candidate = f"{slug}-{number}"
        return candidate

    def clean(self):
        data = super().clean()
        # Still the page as stored: the data is applied after clean().
        self._images_before = set(image_ids(self.instance))
        return data

    def _post_clean(self):
        super()._post_clean()
        user = self.for_user
        if user is None or not hasattr(self, "_images_before"):
            return
        new = {
            pk: field
            for pk, field in image_ids(self.instance).items()
            if pk not in self._images_before
        }
        allowed = own_uploads(
            get_image_model().objects.filter(pk__in=list(new)), user
        ).values_list("pk", flat=True)
        refused = set(new) - {str(pk) for pk in allowed}
        for field in sorted({new[pk] for pk in refused}):
            self.add_error(field if field in self.fields else None, IMAGE_NOT_YOURS)


class SelfOnlyPersonForm(PageForm):
    """Experts write pages in their own name only: for anyone but staff, the
    field named `person_field` (a session's host, an article's author) shows
    them and cannot be changed; otherwise an expert could publish a page in
    another person's name."""

    person_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get(self.person_field)
        if field is None or user is None or user.is_staff or user.is_superuser:
            return
        field.queryset = get_user_model().objects.filter(pk=user.pk)
        field.disabled = True
        if not getattr(self.instance, f"{self.person_field}_id", None):
            self.initial[self.person_field] = user.pk
