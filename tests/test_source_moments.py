"""Where in the source (issue 13, item 6): a statement's time range or text span, and the
claim page's link to that moment."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from graph.moments import statement_moment

from .factories import ClaimFactory, SourceFactory, StanceFactory, StatementFactory, VerdictFactory

pytestmark = pytest.mark.django_db

CAPTURED = (
    "At the rally she spoke for an hour. “Every village will have clean water by next year,” "
    "she said, to applause."
)


def on_a_claim_page(client, statement) -> str:
    claim = ClaimFactory(published=True)
    VerdictFactory(claim=claim)
    StanceFactory(claim=claim, statement=statement)
    return client.get(claim.get_absolute_url()).content.decode()


def test_a_time_range_links_to_that_moment_of_the_video(client):
    source = SourceFactory(url="https://video.example.org/rally", kind="broadcast")
    statement = StatementFactory(source=source, media_start=754, media_end=790)

    page = on_a_claim_page(client, statement)

    assert '<a href="https://video.example.org/rally#t=754,790" rel="nofollow noopener">' in page
    assert "Play 12:34–13:10" in page


def test_a_start_alone_plays_from_there(client):
    statement = StatementFactory(
        source=SourceFactory(url="https://audio.example.org/talk#top"), media_start=3754
    )

    assert statement_moment(statement).url == "https://audio.example.org/talk#t=3754"
    assert "Play from 1:02:34" in on_a_claim_page(client, statement)


def test_a_quote_found_in_the_captured_text_links_to_it(client):
    source = SourceFactory(url="https://news.example.org/rally", captured_text=CAPTURED)
    statement = StatementFactory(
        source=source, text="Every village will have clean water by next year."
    )

    page = on_a_claim_page(client, statement)

    fragment = "#:~:text=Every%20village%20will%20have%20clean%20water%20by%20next%20year"
    assert statement_moment(statement).url == "https://news.example.org/rally" + fragment
    assert "Read it in the source" in page


def test_a_long_quote_is_named_by_its_first_and_last_words():
    words = " ".join(f"word{n}" for n in range(14))
    source = SourceFactory(url="https://news.example.org/long", captured_text=f"Intro. {words}.")

    moment = statement_moment(StatementFactory(source=source, text=words))

    assert moment.url.endswith(
        "#:~:text=word0%20word1%20word2%20word3%20word4,word9%20word10%20word11%20word12%20word13"
    )


def test_a_recorded_span_wins_over_the_quote_check():
    source = SourceFactory(captured_text=CAPTURED)
    statement = StatementFactory(source=source, text="Not in the text", text_start=3, text_end=13)

    assert statement_moment(statement).url.endswith("#:~:text=the%20rally")


def test_no_link_without_an_address_or_a_place():
    assert statement_moment(StatementFactory(source=SourceFactory(url=""), media_start=5)) is None
    assert statement_moment(StatementFactory(text="Words nowhere in it")) is None
    assert statement_moment(StatementFactory(source=None)) is None


@pytest.mark.parametrize(
    "fields",
    [
        {"media_start": 90, "media_end": 30},
        {"media_end": 30},
        {"text_start": 10},
        {"text_start": 10, "text_end": 5},
    ],
)
def test_the_database_refuses_a_backwards_or_half_range(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementFactory(**fields)


def test_a_span_past_the_captured_text_is_a_form_error():
    statement = StatementFactory.build(
        speaker=StatementFactory().speaker,
        source=SourceFactory(captured_text="Short."),
        text_start=0,
        text_end=50,
    )
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "text_end" in error.value.message_dict


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (
            {"media_start": 754, "media_end": 790},
            {
                "media_start": 754,
                "media_end": 790,
                "text_start": None,
                "text_end": None,
                "moment_url": "https://video.example.org/rally#t=754,790",
            },
        ),
        (
            {"text_start": 3, "text_end": 13},
            {
                "media_start": None,
                "media_end": None,
                "text_start": 3,
                "text_end": 13,
                "moment_url": "https://video.example.org/rally#:~:text=the%20rally",
            },
        ),
        (
            {},
            {
                "media_start": None,
                "media_end": None,
                "text_start": None,
                "text_end": None,
                "moment_url": None,
            },
        ),
    ],
)
def test_the_statement_api_says_where_in_the_source(api_client, moment, expected):
    source = SourceFactory(url="https://video.example.org/rally", captured_text=CAPTURED)
    statement = StatementFactory(source=source, text="Words said off the record", **moment)
    claim = ClaimFactory(published=True)
    VerdictFactory(claim=claim)
    StanceFactory(claim=claim, statement=statement)

    document = api_client.get(f"/api/v1/statements/{statement.pk}/").json()
    listed = api_client.get("/api/v1/statements/").json()["results"]

    assert {key: document[key] for key in expected} == expected
    assert [{key: item[key] for key in expected} for item in listed] == [expected]


def test_the_openapi_schema_describes_the_moment_fields(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    properties = schema["components"]["schemas"]["Statement"]["properties"]

    for name in ("media_start", "media_end", "text_start", "text_end"):
        assert properties[name]["type"] == "integer" and properties[name]["nullable"] is True
        assert properties[name]["description"]
    assert properties["moment_url"] == {
        "type": "string",
        "format": "uri",
        "nullable": True,
        "readOnly": True,
        "description": properties["moment_url"]["description"],
    }
