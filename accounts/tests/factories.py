import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from factory.django import DjangoModelFactory

from accounts.models import ExpertApplication, ProfileEntry, User
from accounts.services import create_profile

PASSWORD = "correct horse battery staple 42"


class UserFactory(DjangoModelFactory):
    """A member who signed up and confirmed their email, with a profile."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    name = factory.Sequence(lambda n: f"Ada Lovelace {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self,
                email=self.email,
                primary=True,
                verified=extracted is not False,
            )

    @factory.post_generation
    def profile(self, create, extracted, **kwargs):
        if create:
            create_profile(user=self, **kwargs)


class StaffFactory(UserFactory):
    """Staff who can reach the Wagtail admin (not superusers)."""

    is_staff = True

    @factory.post_generation
    def admin_access(self, create, extracted, **kwargs):
        if create:
            self.user_permissions.add(
                Permission.objects.get(
                    content_type__app_label="wagtailadmin", codename="access_admin"
                )
            )


class ProfileEntryFactory(DjangoModelFactory):
    class Meta:
        model = ProfileEntry

    kind = ProfileEntry.Kind.EXPERIENCE
    title = factory.Sequence(lambda n: f"Engineer {n}")
    organisation = "Acme"


class ExpertApplicationFactory(DjangoModelFactory):
    class Meta:
        model = ExpertApplication
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    motivation = "I have taught SQL to analysts for ten years."
    links = "https://example.com/talks"

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create:
            self.skills.set(extracted or ["SQL"])
