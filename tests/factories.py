"""factory_boy factories for the domain. Defaults build a valid draft; traits publish."""

import datetime

import factory
from django.utils import timezone

from statements.models import (
    Claim,
    Correction,
    Rating,
    Source,
    Speaker,
    Stance,
    Statement,
    Topic,
    Verdict,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.User"
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    role = "Minister"


class OrganisationFactory(SpeakerFactory):
    kind = Speaker.Kind.ORGANISATION
    name = factory.Sequence(lambda n: f"Ministry {n}")
    slug = factory.Sequence(lambda n: f"ministry-{n}")
    role = ""


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.org/story-{n}")
    title = factory.Sequence(lambda n: f"Story {n}")
    publisher = "Example News"
    kind = Source.Kind.ARTICLE
    # Whole seconds, as the desk's date and time boxes take them.
    published_at = factory.LazyFunction(
        lambda: (timezone.now() - datetime.timedelta(days=30)).replace(microsecond=0)
    )


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    speaker = factory.SubFactory(SpeakerFactory)
    text = factory.Sequence(lambda n: f"Statement number {n}.")
    said_on = datetime.date(2019, 7, 22)
    source = factory.SubFactory(SourceFactory)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    """A draft claim. `published=True` or `retracted=True` for the public states."""

    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Claim number {n} is true")
    slug = factory.Sequence(lambda n: f"claim-{n}")
    status = Claim.Status.DRAFT

    class Params:
        in_review = factory.Trait(status=Claim.Status.IN_REVIEW)
        published = factory.Trait(
            status=Claim.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )
        retracted = factory.Trait(
            status=Claim.Status.RETRACTED,
            published_at=factory.LazyFunction(timezone.now),
            retracted_at=factory.LazyFunction(timezone.now),
            retraction_notice="We retracted this fact-check.",
        )


class StanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stance

    statement = factory.SubFactory(StatementFactory)
    claim = factory.SubFactory(ClaimFactory)
    stance = Stance.Kind.ASSERTS


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.LazyFunction(lambda: Rating.objects.get(slug="false"))
    conclusion = "The record does not support it."
    analysis = "The **record** does not support it."


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    verdict = factory.SubFactory(VerdictFactory)
    text = "We corrected the date of the statement."
