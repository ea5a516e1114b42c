"""Who a campaign goes to: its segment, intersected with newsletter consent.

Members are asked through accounts.email_preferences (the newsletter is
opt-in); visitors' addresses (Subscriber) count once confirmed, and only for
the segment of all subscribers, since nothing else is known about them. An
address that belongs to a member follows the member's own choice, so a
member who switched the newsletter off is not mailed through an old
subscription. Each address appears once (compared lower-cased), the member
first."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.email_preferences import list_users_who_want
from accounts.models import EXPERTS_GROUP_NAME, EmailKind, User
from marketing.mailing import Recipient
from marketing.models import Campaign, Subscriber
from sessions.models import Booking

# A booking that means the member took part (attendance may not be marked).
ATTENDED_STATUSES = (Booking.Status.CONFIRMED, Booking.Status.ATTENDED)


def list_newsletter_members() -> QuerySet:
    return list_users_who_want(EmailKind.NEWSLETTER)


def list_members_interested_in(skill_id: int) -> QuerySet:
    """Members whose profile lists the skill among its skills or interests."""
    return list_newsletter_members().filter(
        Q(profile__skill_items__tag_id=skill_id)
        | Q(profile__interest_items__tag_id=skill_id)
    )


def list_experts() -> QuerySet:
    return list_newsletter_members().filter(groups__name=EXPERTS_GROUP_NAME)


def list_members_who_attended(category_id: int) -> QuerySet:
    """Members with a confirmed (or attended) place in a session of the
    category that has ended."""
    attended = Booking.objects.filter(
        member=OuterRef("pk"),
        status__in=ATTENDED_STATUSES,
        session__category_id=category_id,
        session__ends_at__lte=timezone.now(),
    )
    return list_newsletter_members().filter(Exists(attended))


def list_confirmed_subscribers() -> QuerySet:
    members = User.objects.filter(email__iexact=OuterRef("email"))
    return Subscriber.objects.filter(confirmed_at__isnull=False).exclude(
        Exists(members)
    )


def _segment_members(campaign: Campaign) -> QuerySet:
    segment = campaign.segment
    if segment == Campaign.Segment.ALL:
        return list_newsletter_members()
    if segment == Campaign.Segment.EXPERTS:
        return list_experts()
    if segment == Campaign.Segment.SKILL and campaign.segment_skill_id:
        return list_members_interested_in(campaign.segment_skill_id)
    if segment == Campaign.Segment.ATTENDED and campaign.segment_category_id:
        return list_members_who_attended(campaign.segment_category_id)
    # A segment missing its skill or category reaches nobody, never everyone.
    return User.objects.none()


def list_segment_recipients(campaign: Campaign) -> list[Recipient]:
    """Everyone the campaign would go to now, one per address."""
    members = (
        User.objects.filter(pk__in=_segment_members(campaign).values("pk"))
        .select_related("profile")
        .order_by("pk")
    )
    recipients, seen = [], set()
    for user in members:
        key = user.email.lower()
        if key not in seen:
            seen.add(key)
            recipients.append(Recipient.for_user(user))
    if campaign.segment == Campaign.Segment.ALL:
        for subscriber in list_confirmed_subscribers().order_by("pk"):
            key = subscriber.email.lower()
            if key not in seen:
                seen.add(key)
                recipients.append(Recipient.for_subscriber(subscriber))
    return recipients


def count_segment_recipients(campaign: Campaign) -> int:
    return len(list_segment_recipients(campaign))
