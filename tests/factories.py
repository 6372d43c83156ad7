"""factory_boy factories for Claimtrail's models. Shared by every test module: add, don't fork."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Assessment, Assignment, Claim, ClaimLink, Rating, Speaker, Statement
from sources.models import Outlet, Section, Source

ARTICLE_TEXT = (
    "Minister warns of floods\n\n"
    "\u201cThe river will rise by two metres before Friday,\u201d Environment Minister "
    "Jana Novak said on Tuesday. According to the weather service, more rain is expected."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        """UserFactory(role="annotator") puts the user in that role's group."""
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Daily Example {n}")
    domain = factory.Sequence(lambda n: f"daily{n}.example.org")
    country = "GB"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    outlet = factory.SubFactory(OutletFactory)
    title = factory.LazyAttribute(lambda source: source.text.split("\n", 1)[0])
    text = factory.Sequence(lambda n: f"{ARTICLE_TEXT}\n\nStory {n}.")
    raw = factory.SelfAttribute("text")
    language = "en"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    source = factory.SubFactory(SourceFactory)
    kind = Section.Kind.BODY
    start = 0
    end = factory.LazyAttribute(lambda section: len(section.source.text))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Jana Novak {n}")
    role = "Environment Minister"


class StatementFactory(factory.django.DjangoModelFactory):
    """A statement over the first quote of ARTICLE_TEXT unless start/end say otherwise."""

    class Meta:
        model = Statement

    source = factory.SubFactory(SourceFactory)
    start = factory.LazyAttribute(lambda s: s.source.text.index("\u201c") + 1)
    end = factory.LazyAttribute(lambda s: s.source.text.index(",\u201d"))
    text = factory.LazyAttribute(lambda s: s.source.text[s.start : s.end])
    kind = Statement.Kind.DIRECT
    speaker = factory.SubFactory(SpeakerFactory)
    speaker_mention = "Environment Minister Jana Novak"
    cue = "said"


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"The river will flood the old town ({n})")


class ClaimLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimLink

    statement = factory.SubFactory(StatementFactory)
    claim = factory.SubFactory(ClaimFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    source = factory.SubFactory(SourceFactory)
    annotator = factory.SubFactory(UserFactory, role="annotator")


# The rating scale migration 0010 seeds (a transactional test's flush removes it).
DEFAULT_SCALE = ["False", "Misleading", "Missing context", "Mostly true", "True"]


def rating(label: str) -> Rating:
    """The default scale's verdict ``label``, the scale made first if it is missing."""
    for value, name in enumerate(DEFAULT_SCALE, 1):
        Rating.objects.get_or_create(value=value, defaults={"label": name})
    return Rating.objects.get(label=label)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """Stored as given (``state`` proposed by default); decisions go through claims.review."""

    class Meta:
        model = Assessment

    claim = factory.SubFactory(ClaimFactory)
    summary = "The river rose by forty centimetres, not two metres."
    note = "The gauge at the old bridge peaked at 2.4 m on Friday."
    sources = factory.LazyFunction(
        lambda: [{"url": "https://water.example/gauges/old-bridge", "title": "Gauge readings"}]
    )
