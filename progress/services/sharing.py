"""What a member shows of their progress. Nothing until they choose:
levels as badges on their public profile, skill by skill, and their
progress pages to their mentors."""

from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from core.models import Skill
from progress import errors, selectors
from progress.errors import ProgressError
from progress.models import ProgressSharing


@transaction.atomic
def save_sharing(
    *, member: User, public_skills: Iterable[Skill], share_with_mentors: bool
) -> ProgressSharing:
    public_skills = list(public_skills)
    rated = set(selectors.list_rated_skills(member).values_list("pk", flat=True))
    if any(skill.pk not in rated for skill in public_skills):
        raise ProgressError(errors.SHARED_SKILL_NOT_TRACKED)
    sharing, _created = ProgressSharing.objects.select_for_update().get_or_create(
        member=member
    )
    sharing.share_with_mentors = bool(share_with_mentors)
    sharing.save(update_fields=["share_with_mentors"])
    sharing.public_skills.set(public_skills)
    return sharing
