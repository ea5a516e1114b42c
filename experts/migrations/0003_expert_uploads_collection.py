"""An "Expert uploads" image collection where the Experts group may add
images (and edit the ones they uploaded) and choose images, so experts can
give their page a photo and their sessions and articles a cover. The image
chooser shows each expert only the images they uploaded
(experts.wagtail_hooks)."""

from django.db import migrations

from core.tree import next_child_path

GROUP = "Experts"
COLLECTION = "Expert uploads"
CODENAMES = ("add_image", "choose_image")


def create_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore.Collection")
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name=GROUP).first()
    root = Collection.objects.filter(depth=1).first()
    if group is None or root is None:
        return
    collection = Collection.objects.filter(name=COLLECTION, depth=2).first()
    if collection is None:
        last = (
            Collection.objects.filter(depth=2, path__startswith=root.path)
            .order_by("-path")
            .first()
        )
        collection = Collection.objects.create(
            name=COLLECTION,
            path=next_child_path(root.path, last.path if last else None),
            depth=2,
            numchild=0,
        )
        root.numchild += 1
        root.save(update_fields=["numchild"])
    image_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailimages", model="image"
    )
    for codename in CODENAMES:
        permission, _ = Permission.objects.get_or_create(
            content_type=image_type, codename=codename, defaults={"name": codename}
        )
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


def remove_collection_permissions(apps, schema_editor):
    # The collection and its images stay: they may be in use on pages.
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupCollectionPermission.objects.filter(
        group__name=GROUP,
        collection__name=COLLECTION,
        permission__codename__in=CODENAMES,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("experts", "0002_expert_index"),
        ("accounts", "0002_experts_group"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.RunPython(create_collection, remove_collection_permissions)
    ]
