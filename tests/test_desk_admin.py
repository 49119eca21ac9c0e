"""The desk's admin pages: smoke tests, query counts, badges, quote check, duplicate warning."""

import pytest
from django.contrib import admin
from django.urls import reverse

from statements import selectors
from statements.models import Claim, ClaimTranslation, Source, Statement

from .conftest import admin_form_data, postgres_only
from .factories import (
    ClaimFactory,
    CorrectionFactory,
    SourceFactory,
    StanceFactory,
    StatementFactory,
    TopicFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

STATEMENTS_ADMINS = [
    model for model in admin.site._registry if model._meta.app_label == "statements"
]


@pytest.fixture
def desk(make_desk_client, superuser):
    return make_desk_client(superuser)


@pytest.mark.parametrize("model", STATEMENTS_ADMINS, ids=lambda model: model._meta.model_name)
def test_every_model_admin_renders(desk, make_claim, model):
    """Changelist (with a search), add form, change form and history of one row each."""
    claim = make_claim(status="published")
    CorrectionFactory(verdict=claim.verdict)
    claim.redirects.create(old_slug="an-old-address")
    claim.topics.add(TopicFactory())
    ClaimTranslation.objects.create(claim=claim, language="hi", origin="machine", text="दावा")
    row = model.objects.first()
    name = f"admin:statements_{model._meta.model_name}"

    assert desk.get(reverse(f"{name}_changelist"), {"q": "claim"}).status_code == 200
    assert desk.get(reverse(f"{name}_add")).status_code == 200
    assert desk.get(reverse(f"{name}_change", args=[row.pk])).status_code == 200
    assert desk.get(reverse(f"{name}_history", args=[row.pk])).status_code == 200


def make_rows(count):
    """`count` claims in every state, each with a verdict, topic, statement and correction."""
    topic = TopicFactory()
    statuses = ["draft", "in_review", "published", "retracted"]
    for index in range(count):
        status = statuses[index % len(statuses)]
        claim = ClaimFactory(**({status: True} if status != "draft" else {}))
        claim.topics.add(topic)
        stance = StanceFactory(claim=claim)
        verdict = VerdictFactory(claim=claim)
        ClaimTranslation.objects.create(claim=claim, language="ur", origin="human", text="دعویٰ")
        if claim.is_public:
            CorrectionFactory(verdict=verdict)
        stance.statement.source.captured_text = stance.statement.text
        stance.statement.source.save()


# Every desk request: the second-factor device (django-otp) and the session's renewed idle
# expiry (a savepoint, the update, its release).
DESK_REQUEST = 4
# Changelist queries: session, user, count(s), rows, filters' choices. None grows with the
# number of rows on the page.
CHANGELIST_QUERIES = {
    # (... and the rating models for the filter by rating model)
    "claim": DESK_REQUEST + 11,
    "verdict": DESK_REQUEST + 6,
    "statement": DESK_REQUEST + 9,
    "stance": DESK_REQUEST + 5,
    "source": DESK_REQUEST + 7,
    "speaker": DESK_REQUEST + 6,
    "correction": DESK_REQUEST + 7,
    "claimtranslation": DESK_REQUEST + 5,
}


@pytest.mark.parametrize("count", [3, 50])
@pytest.mark.parametrize("model", CHANGELIST_QUERIES)
def test_changelist_queries_do_not_grow_with_the_page(
    desk, django_assert_num_queries, model, count
):
    make_rows(count)
    url = reverse(f"admin:statements_{model}_changelist")
    with django_assert_num_queries(CHANGELIST_QUERIES[model]):
        response = desk.get(url)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == response.context["cl"].result_count


def test_claims_changelist_shows_badges_and_links(desk, make_claim):
    draft = make_claim(status="draft")
    published = make_claim(status="published")
    page = desk.get(reverse("admin:statements_claim_changelist")).content.decode()

    assert '<span class="desk-badge desk-status-draft">Draft</span>' in page
    assert '<span class="desk-badge desk-status-published">Published</span>' in page
    assert '<span class="desk-badge desk-rating" data-colour="#b3261e">False</span>' in page
    assert f'href="{published.get_absolute_url()}">View on site</a>' in page
    preview = reverse("admin:statements_claim_preview", args=[draft.pk])
    assert f'href="{preview}">Preview</a>' in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status__exact": "published"}, ["published"]),
        ({"q": "Kashmir"}, ["kashmir"]),
        ({"q": "asked me to mediate"}, ["quoted"]),
    ],
)
def test_claims_changelist_filters_and_searches(desk, make_claim, params, expected):
    make_claim(status="published", slug="published")
    make_claim(status="draft", slug="kashmir", text="Kashmir is a bilateral issue")
    quoted = make_claim(status="draft", slug="quoted", text="Modi made a request")
    stance = quoted.stances.get()
    stance.statement.text = "He asked me to mediate."
    stance.statement.save()

    response = desk.get(reverse("admin:statements_claim_changelist"), params)

    assert [claim.slug for claim in response.context["cl"].result_list] == expected


def test_claims_filter_by_rating_topic_and_speaker(desk, make_claim):
    wanted = make_claim(status="published")
    make_claim(status="published")
    topic = TopicFactory()
    wanted.topics.add(topic)
    speaker = wanted.stances.get().statement.speaker

    for params in [
        {"topics__id__exact": topic.pk},
        {"statements__speaker__id__exact": speaker.pk},
    ]:
        response = desk.get(reverse("admin:statements_claim_changelist"), params)
        assert list(response.context["cl"].result_list) == [wanted]
    rated = desk.get(
        reverse("admin:statements_claim_changelist"),
        {"verdict__rating__id__exact": wanted.verdict.rating_id},
    )
    assert rated.context["cl"].result_count == 2


def test_a_draft_is_previewed_as_readers_would_see_it(desk, make_claim, client):
    claim = make_claim(status="draft", text="A claim not yet published")
    response = desk.get(reverse("admin:statements_claim_preview", args=[claim.pk]))
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    preview = desk.get(claim.get_absolute_url())
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "A claim not yet published" in page
    assert "Draft — not published" in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    # Readers get nothing at that address.
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_the_change_page_offers_the_next_steps(make_desk_client, editor, claim_in_review):
    page = make_desk_client(editor).get(
        reverse("admin:statements_claim_change", args=[claim_in_review.pk])
    )
    content = page.content.decode()
    assert "Publish</button>" in content
    assert "Return to draft</button>" in content
    assert "Submit for review</button>" not in content
    assert "Before this claim can be published" not in content


def test_the_change_page_says_what_stops_publication(make_desk_client, editor):
    claim = ClaimFactory()
    page = make_desk_client(editor).get(reverse("admin:statements_claim_change", args=[claim.pk]))
    content = page.content.decode()
    assert "Before this claim can be published" in content
    assert "Add at least one statement that makes or denies the claim." in content


def test_unknown_transitions_and_claims_are_not_found(desk, make_claim):
    claim = make_claim(status="draft")
    assert (
        desk.post(
            reverse("admin:statements_claim_transition", args=[claim.pk, "delete"])
        ).status_code
        == 404
    )
    assert desk.get(reverse("admin:statements_claim_preview", args=[999999])).status_code == 404
    assert (
        desk.post(reverse("admin:statements_claim_transition", args=["nope", "submit"])).status_code
        == 404
    )


# --- Quote check ----------------------------------------------------------------------------


@pytest.fixture
def quotes():
    source = SourceFactory(
        captured_text="Kumar said: “No such request has been made by PM Modi to the US President.”"
    )
    return {
        "found": StatementFactory(
            source=source,
            text='"no such request has been made by PM Modi to the US President"',
        ),
        "missing": StatementFactory(source=source, text="Modi never spoke to Trump."),
        "unknown": StatementFactory(source=SourceFactory(captured_text="")),
    }


def test_quote_check_ignores_quote_marks_case_and_spaces(quotes):
    assert selectors.statement_quote_found(statement=quotes["found"]) is True
    assert selectors.statement_quote_found(statement=quotes["missing"]) is False
    assert selectors.statement_quote_found(statement=quotes["unknown"]) is None


def test_statements_changelist_flags_quotes_not_in_their_source(desk, quotes):
    page = desk.get(reverse("admin:statements_statement_changelist")).content.decode()
    assert page.count("✘ not found in source") == 1
    assert page.count("✔ found in source") == 1
    assert page.count("no captured text") == 1


@pytest.mark.parametrize("value", ["found", "missing", "unknown"])
def test_statements_filter_by_quote_check(desk, quotes, value):
    response = desk.get(reverse("admin:statements_statement_changelist"), {"quote": value})
    assert list(response.context["cl"].result_list) == [quotes[value]]


def test_statement_page_and_claim_page_show_the_quote_check(desk, quotes):
    statement = quotes["missing"]
    page = desk.get(reverse("admin:statements_statement_change", args=[statement.pk]))
    assert "✘ not found in source" in page.content.decode()

    claim = ClaimFactory()
    StanceFactory(claim=claim, statement=statement)
    page = desk.get(reverse("admin:statements_claim_change", args=[claim.pk])).content.decode()
    assert "do not appear word for word" in page
    assert "✘ not found in source" in page


# --- Duplicate warning ----------------------------------------------------------------------


@pytest.fixture
def existing_claims():
    return [
        ClaimFactory(text="Narendra Modi asked Donald Trump to mediate on Kashmir"),
        ClaimFactory(text="India's GDP grew by eight per cent last year"),
    ]


def test_similar_claims_are_found_while_typing(desk, existing_claims):
    response = desk.get(
        reverse("admin:statements_claim_similar"), {"q": "Modi asked Trump to mediate in Kashmir"}
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [result["text"] for result in results] == [existing_claims[0].text]
    assert results[0]["url"] == reverse(
        "admin:statements_claim_change", args=[existing_claims[0].pk]
    )


def test_unrelated_or_empty_text_finds_nothing(desk, existing_claims):
    for query in ["", "ab", "Brazil won the football world cup"]:
        response = desk.get(reverse("admin:statements_claim_similar"), {"q": query})
        assert response.json() == {"results": []}, query


def test_a_claim_is_not_its_own_duplicate(desk, existing_claims):
    claim = existing_claims[0]
    response = desk.get(
        reverse("admin:statements_claim_similar"), {"q": claim.text, "exclude": claim.pk}
    )
    assert response.json() == {"results": []}
    bad = desk.get(reverse("admin:statements_claim_similar"), {"q": claim.text, "exclude": "x"})
    assert len(bad.json()["results"]) == 1


def test_the_add_form_lists_similar_claims_after_a_refused_save(desk, existing_claims):
    response = desk.post(
        reverse("admin:statements_claim_add"),
        {"text": "Modi asked Trump to mediate on Kashmir", "slug": ""},
    )
    assert response.status_code == 200  # the slug is missing
    assert existing_claims[0].text in response.content.decode()
    assert Claim.objects.count() == 2


def test_the_similar_claims_endpoint_is_for_the_desk(make_desk_client, existing_claims):
    response = make_desk_client().get(reverse("admin:statements_claim_similar"), {"q": "Modi"})
    assert response.status_code == 302


@postgres_only()
def test_trigram_similarity_ranks_the_closest_first(existing_claims):
    closer = ClaimFactory(text="Narendra Modi asked Donald Trump to mediate on Kashmir issue")
    results = selectors.claims_similar_to(
        text="Narendra Modi asked Donald Trump to mediate on Kashmir issue!"
    )
    assert results[:2] == [closer, existing_claims[0]]


# --- Creating through the desk ------------------------------------------------------------


def test_a_fact_checker_creates_a_draft_with_its_verdict(make_desk_client, fact_checker):
    browser = make_desk_client(fact_checker)
    response = browser.post(
        reverse("admin:statements_claim_add"),
        {
            "text": "Modi asked Trump to mediate",
            "slug": "modi-asked-trump-to-mediate",
            "status": "published",
            "verdict-TOTAL_FORMS": "1",
            "verdict-INITIAL_FORMS": "0",
            "verdict-0-conclusion": "No record supports it.",
            "verdict-0-analysis": "",
            "stances-TOTAL_FORMS": "0",
            "stances-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    claim = Claim.objects.get(slug="modi-asked-trump-to-mediate")
    assert claim.status == Claim.Status.DRAFT
    assert claim.verdict.conclusion == "No record supports it."
    assert claim.history.get().history_user == fact_checker
    # Written, then its author recorded: two revisions, both hers.
    assert {rev.history_user for rev in claim.verdict.history.all()} == {fact_checker}
    assert list(claim.verdict.authors.all()) == [fact_checker]


def test_bad_input_is_a_form_error_not_a_crash(desk):
    response = desk.post(
        reverse("admin:statements_source_add"),
        {"title": "x", "kind": "not-a-kind", "url": "not a url"},
    )
    assert response.status_code == 200
    assert not Source.objects.exists()
    response = desk.post(
        reverse("admin:statements_statement_add"), {"text": "", "said_on": "yesterday"}
    )
    assert response.status_code == 200
    assert not Statement.objects.exists()


def test_renaming_a_published_claim_in_the_desk_keeps_its_old_address(
    make_desk_client, editor, make_claim
):
    claim = make_claim(status="published", slug="modi-asked-trump")
    browser = make_desk_client(editor)
    url = reverse("admin:statements_claim_change", args=[claim.pk])
    form = admin_form_data(browser.get(url))
    form["slug"] = "modi-asked-trump-to-mediate"

    assert browser.post(url, form).status_code == 302

    claim.refresh_from_db()
    assert claim.slug == "modi-asked-trump-to-mediate"
    assert list(claim.redirects.values_list("old_slug", flat=True)) == ["modi-asked-trump"]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/statements/statement/?said_on__year=99999999999",
        "/admin/statements/claim/?published_at__month=13&published_at__year=2019",
        "/admin/statements/verdict/{verdict}/history/abc/",
    ],
)
def test_odd_addresses_in_the_desk_are_not_server_errors(desk, make_claim, path):
    claim = make_claim(status="draft")
    response = desk.get(path.format(verdict=claim.verdict.pk))
    assert response.status_code in (302, 404)
