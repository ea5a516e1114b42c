from django.contrib import admin, messages
from django.shortcuts import redirect
from taggit.admin import TagAdmin
from taggit.models import Tag

NO_TAGS_SELECTED = "Select the tags to merge in the list first."


class SkillTagAdmin(TagAdmin):
    """django-taggit's tag admin. Its merge form, posted without tags chosen
    in the list first (a second tab, a bookmark), looked up an empty id and
    failed with a server error; now it says what to do."""

    def merge_tags_view(self, request):
        chosen = request.session.get("selected_tag_ids", "").split(",")
        if request.method == "POST" and not all(tag_id.isdigit() for tag_id in chosen):
            self.message_user(request, NO_TAGS_SELECTED, level=messages.ERROR)
            return redirect("..")
        return super().merge_tags_view(request)


admin.site.unregister(Tag)
admin.site.register(Tag, SkillTagAdmin)
