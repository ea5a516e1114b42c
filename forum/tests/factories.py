import factory
from factory.django import DjangoModelFactory

from accounts.markdown import render_markdown
from forum.models import Category, Post, Thread
from sessions.tests.factories import MemberFactory


class ForumCategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Forum category {n}")
    slug = factory.Sequence(lambda n: f"forum-category-{n}")
    description = "Questions about data work."


class ThreadFactory(DjangoModelFactory):
    """A thread with its opening post (`body`) and `skills=[...]`, as `ask`
    leaves it."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    category = factory.SubFactory(ForumCategoryFactory)
    author = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"How do I index a big table? ({n})")
    slug = factory.LazyAttribute(lambda o: f"thread-{o.title[-3:-1].strip()}")

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        # Before the opening post, whose save indexes the thread with them.
        if create and extracted:
            self.skills.set(list(extracted))

    @factory.post_generation
    def body(self, create, extracted, **kwargs):
        if create:
            text = extracted or "My query takes **ten seconds**. What should I try?"
            Post.objects.create(
                thread=self,
                is_opening=True,
                author=self.author,
                body=text,
                body_html=render_markdown(text),
            )


class PostFactory(DjangoModelFactory):
    """An answer (set `parent_post` for a reply)."""

    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(MemberFactory)
    body = "Add an index on the column you filter by."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
