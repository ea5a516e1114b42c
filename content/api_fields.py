"""Premium text in Wagtail's pages API (/api/v2/): the API only knows
Wagtail's own view restrictions, and a premium page is a public page with a
gated body, so the body field asks the premium gate itself."""

from rest_framework import serializers

from payments.access import can_view


def stream_representation(stream, context) -> list[dict]:
    """What Wagtail's API gives for a StreamField."""
    return [
        {
            "type": child.block_type,
            "value": child.block.get_api_representation(child.value, context),
            "id": child.id,
        }
        for child in stream
    ]


class GatedStreamField(serializers.Field):
    """A StreamField's API representation for readers `can_view` lets in,
    `null` for everyone else."""

    def __init__(self, stream_name: str, **kwargs):
        self.stream_name = stream_name
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        request = self.context.get("request")
        if not can_view(getattr(request, "user", None), page):
            return None
        return stream_representation(getattr(page, self.stream_name), self.context)


class GatedLessonsField(serializers.Field):
    """A course's lessons: titles and summaries for everyone (the public
    outline), bodies only for readers with access."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        request = self.context.get("request")
        allowed = can_view(getattr(request, "user", None), page)
        lessons = []
        for lesson in page.lessons.all():
            item = {"title": lesson.title, "summary": lesson.summary, "body": None}
            if allowed:
                item["body"] = stream_representation(lesson.body, self.context)
            lessons.append(item)
        return lessons
