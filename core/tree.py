"""Page-tree arithmetic for data migrations, which cannot call treebeard's
model methods on historical models."""

# treebeard's MP_Node alphabet and step length (wagtail.models.Page).
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4


def next_child_path(parent_path: str, last_child_path: str | None) -> str:
    """The materialised path of a new last child, as MP_Node.add_child makes."""
    if last_child_path is None:
        return parent_path + "0001"
    # Increment the last step in base 36.
    value = int(last_child_path[-STEPLEN:], 36) + 1
    step = ""
    while value:
        value, digit = divmod(value, 36)
        step = ALPHABET[digit] + step
    return parent_path + step.rjust(STEPLEN, "0")


def add_index_page(apps, *, model_label: str, slug: str, title: str, **fields):
    """Create a section index (/sessions/, /experts/, /learn/) below the
    default site's home page in a data migration; returns it, the existing
    one, or None when there is no site yet."""
    from django.utils import timezone

    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    model = apps.get_model(model_label)
    existing = model.objects.first()
    if existing is not None:
        return existing
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    home = Page.objects.get(pk=site.root_page_id)
    last_child = (
        Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    app_label, model_name = model_label.split(".")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model_name.lower()
    )
    now = timezone.now()
    index = model.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=content_type,
        path=next_child_path(home.path, last_child),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{slug}/",
        locale_id=home.locale_id,
        live=True,
        first_published_at=now,
        last_published_at=now,
        **fields,
    )
    Page.objects.filter(pk=home.pk).update(numchild=home.numchild + 1)
    return index


def remove_index_page(apps, *, model_label: str, slug: str) -> None:
    """Reverse of add_index_page; keeps the index if pages were added below."""
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Page = apps.get_model("wagtailcore.Page")
    model = apps.get_model(model_label)
    index = model.objects.filter(slug=slug).first()
    if index is None:
        return
    GroupPagePermission.objects.filter(page_id=index.pk).delete()
    if index.numchild:
        return
    parent_path = index.path[:-STEPLEN]
    model.objects.filter(pk=index.pk).delete()
    parent = Page.objects.get(path=parent_path)
    Page.objects.filter(pk=parent.pk).update(numchild=max(parent.numchild - 1, 0))


def grant_page_permission(apps, *, group_name: str, page, codename: str) -> None:
    """Give a group a Wagtail page permission (add_page, publish_page, ...)."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name=group_name).first()
    if group is None or page is None:
        return
    page_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="page"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=page_type, codename=codename, defaults={"name": codename}
    )
    GroupPagePermission.objects.get_or_create(
        group=group, page_id=page.pk, permission=permission
    )
