"""One row of every model the desk edits, and one field of it to edit, for the tests that
must hold on every model (no lost edits, history that restores)."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from pages.models import ClaimSubmission, Page
from statements.models import ClaimTranslation, Rating, Topic

from .factories import CorrectionFactory, SourceFactory, SpeakerFactory, UserFactory


@dataclass(frozen=True)
class Edit:
    label: str  # app_label.model_name
    field: str  # the form field edited
    first: Any  # what the first person types
    second: Any  # what the second person types
    # The field as the conflict message names it.
    verbose: str

    @property
    def url_name(self) -> str:
        return self.label.replace(".", "_")


EDITS = [
    Edit("statements.claim", "text", "Modi asked Trump", "Modi asked Trump to mediate", "claim"),
    Edit("statements.verdict", "conclusion", "No record.", "India denies it.", "conclusion"),
    Edit("statements.statement", "context", "At the White House", "With Imran Khan", "context"),
    Edit("statements.source", "title", "Remarks by the President", "Remarks", "title"),
    Edit("statements.speaker", "bio", "45th president.", "Former president.", "short bio"),
    Edit("statements.stance", "stance", "denies", "context", "stance"),
    Edit("statements.topic", "description", "The region.", "The valley.", "description"),
    Edit(
        "statements.rating", "description", "Accurate.", "Accurate, nothing missing.", "description"
    ),
    Edit("statements.correction", "text", "Date fixed.", "Date of briefing fixed.", "correction"),
    Edit("statements.claimtranslation", "text", "मोदी ने कहा", "मोदी ने अनुरोध किया", "claim"),
    Edit("pages.page", "body", "We check claims.", "We check what is said.", "body"),
    Edit("pages.claimsubmission", "desk_note", "Worth a look.", "Seen already.", "desk note"),
]


def make_row(label: str, make_claim):
    """A row of `label`; content rows hang off a draft claim so that any desk role may edit
    them, the rest are what they are in production."""
    draft = make_claim(status="draft")
    stance = draft.stances.get()
    match label:
        case "statements.claim":
            return draft
        case "statements.verdict":
            return draft.verdict
        case "statements.statement":
            return stance.statement
        case "statements.source":
            return SourceFactory(title="A source")
        case "statements.speaker":
            return SpeakerFactory()
        case "statements.stance":
            return stance
        case "statements.topic":
            return Topic.objects.create(name="Kashmir", slug="kashmir")
        case "statements.rating":
            return Rating.objects.get(slug="true")
        case "statements.correction":
            return CorrectionFactory(verdict=make_claim(status="published").verdict)
        case "statements.claimtranslation":
            return ClaimTranslation.objects.create(
                claim=draft, language="hi", origin="machine", text="मोदी ने ट्रंप से कहा"
            )
        case "pages.page":
            return Page.objects.get(slug="about")
        case "pages.claimsubmission":
            return ClaimSubmission.objects.create(claim_text="Check this")
    raise LookupError(label)


def make_public_row(label: str, claim):
    """A row of `label` that readers see on the published `claim` (conftest's published_claim:
    a topic, evidence, two statements by two speakers, a correction)."""
    stance = claim.stances.order_by("id").first()
    match label:
        case "statements.claim":
            return claim
        case "statements.verdict":
            return claim.verdict
        case "statements.statement":
            return stance.statement
        case "statements.source":
            return stance.statement.source
        case "statements.speaker":
            return stance.statement.speaker
        case "statements.stance":
            return stance
        case "statements.topic":
            return claim.topics.get()
        case "statements.rating":
            return claim.verdict.rating
        case "statements.correction":
            return claim.verdict.corrections.get()
        case "statements.claimtranslation":
            # Reviewed, so readers of /hi/ see it.
            return ClaimTranslation.objects.create(
                claim=claim,
                language="hi",
                origin="human",
                text="मोदी ने ट्रंप से कहा",
                reviewed_by=UserFactory(username="translation-reviewer"),
                reviewed_at=timezone.now(),
            )
        case "pages.page":
            return Page.objects.get(slug="methodology")
        case "pages.claimsubmission":
            return ClaimSubmission.objects.create(claim_text="Check this", claim=claim)
    raise LookupError(label)
