"""Claims in Hindi and Urdu (issue 13, item 7, content side): reviewed translations served on
the /hi/ and /ur/ pages, the API, feeds, ClaimReview and search, with the original shown,
marked, where there is none; and translations edited under the desk's rules for public text.

The translated words are test data made here, not quotes of anyone: they translate the
claim and verdict that `published_claim` invents.
"""

import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from statements import services
from statements.models import ClaimTranslation, Correction

from .conftest import admin_form_data
from .factories import ClaimFactory, StanceFactory, VerdictFactory

pytestmark = pytest.mark.django_db

HINDI = {
    "text": "मोदी ने ट्रंप से कश्मीर पर मध्यस्थता करने को कहा",
    "conclusion": "भारत ने ऐसे किसी अनुरोध से इनकार किया।",
    "analysis": "विदेश मंत्रालय ने उसी दिन **खंडन** किया।",
}
URDU = {
    "text": "مودی نے ٹرمپ سے کشمیر پر ثالثی کرنے کو کہا",
    "conclusion": "بھارت نے ایسی کسی درخواست سے انکار کیا۔",
    "analysis": "وزارت خارجہ نے اسی دن تردید کی۔",
}
WORDS = {"hi": HINDI, "ur": URDU}


def translate(claim, language, *, reviewer=None, origin="machine", **fields):
    """A translation of `claim`, reviewed by `reviewer` if given, written straight to the table."""
    values = {**WORDS[language], **fields}
    return ClaimTranslation.objects.create(
        claim=claim,
        language=language,
        origin=origin,
        reviewed_by=reviewer,
        reviewed_at=timezone.now() if reviewer else None,
        **values,
    )


def h1(page: str) -> str:
    return re.search(r"<h1[^>]*>.*?</h1>", page, re.S).group(0)


# The notes beside translated or untranslated text, as a reader of the page's language reads
# them: the catalogues translate them too.
MARKS = {
    "machine": "Machine translation, reviewed by %(reviewer)s",
    "human": "Human translation, reviewed by %(reviewer)s",
}
FALLBACK = "Not yet translated into %(requested)s: shown in %(original)s."
LANGUAGE_NAMES = {"hi": "हिंदी", "ur": "اردو"}


def note(language: str, msgid: str, **values) -> str:
    with translation.override(language):
        return gettext(msgid) % values


def fallback_note(language: str) -> str:
    return note(language, FALLBACK, requested=LANGUAGE_NAMES[language], original="English")


def json_ld(page: str) -> dict:
    return json.loads(re.search(r'application/ld\+json">(.*?)</script>', page, re.S).group(1))


# --- The site -------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "origin"), [("hi", "machine"), ("ur", "human")])
def test_claim_page_in_hindi_and_urdu_shows_the_reviewed_translation_and_its_mark(
    client, published_claim, editor, language, origin
):
    translate(published_claim, language, reviewer=editor, origin=origin)
    words = WORDS[language]

    page = client.get(f"/{language}{published_claim.get_absolute_url()}").content.decode()

    assert words["text"] in h1(page) and published_claim.text not in h1(page)
    assert 'lang="en"' not in h1(page)
    assert f'<p class="conclusion">{words["conclusion"]}</p>' in page
    assert words["analysis"].split("**")[0] in page
    assert note(language, MARKS[origin], reviewer="Edith Editor") in page
    assert fallback_note(language) not in page
    review = json_ld(page)
    assert (review["inLanguage"], review["claimReviewed"]) == (language, words["text"])
    assert review["description"] == words["conclusion"]


def test_english_page_is_unchanged_by_a_translation(client, published_claim, editor):
    translate(published_claim, "hi", reviewer=editor)

    page = client.get(published_claim.get_absolute_url()).content.decode()

    assert published_claim.text in h1(page) and HINDI["text"] not in page
    assert "translation" not in h1(page) and "Machine translation" not in page
    assert json_ld(page)["inLanguage"] == "en"


@pytest.mark.parametrize("language", ["hi", "ur"])
def test_without_a_translation_the_original_shows_marked_as_english(
    client, published_claim, language
):
    page = client.get(f"/{language}{published_claim.get_absolute_url()}").content.decode()

    assert f'<h1 lang="en" dir="ltr">{published_claim.text}</h1>' in page
    assert fallback_note(language) in page
    assert (
        f'<p class="conclusion" lang="en" dir="ltr">{published_claim.verdict.conclusion}</p>'
        in page
    )
    assert '<div class="analysis-text" lang="en" dir="ltr">' in page
    review = json_ld(page)
    assert (review["inLanguage"], review["claimReviewed"]) == ("en", published_claim.text)


def test_a_translation_without_an_analysis_falls_back_for_the_analysis_alone(
    client, published_claim, editor
):
    translate(published_claim, "hi", reviewer=editor, analysis="")

    page = client.get(f"/hi{published_claim.get_absolute_url()}").content.decode()

    assert HINDI["text"] in h1(page) and 'lang="en"' not in h1(page)
    assert '<div class="analysis-text" lang="en" dir="ltr">' in page
    assert fallback_note("hi") in page
    assert published_claim.verdict.analysis.replace("**", "") not in page  # rendered as Markdown
    assert "does not support it" in page


def test_claim_lists_and_feeds_read_in_the_page_language(client, published_claim, editor):
    translate(published_claim, "hi", reviewer=editor)
    untranslated = ClaimFactory(published=True, text="Another claim, in English only")
    VerdictFactory(claim=untranslated)
    StanceFactory(claim=untranslated)

    listing = client.get("/hi/claims/").content.decode()
    assert HINDI["text"] in listing and HINDI["conclusion"] in listing
    assert re.search(
        r'<h2 class="claim-summary-title" lang="en" dir="ltr"><a [^>]*>Another', listing
    )

    atom = client.get("/hi/feeds/claims/").content.decode()
    assert HINDI["text"] in atom and HINDI["conclusion"] in atom
    assert "Another claim, in English only" in atom
    assert HINDI["text"] not in client.get("/feeds/claims/").content.decode()


def test_unreviewed_translations_and_unpublished_claims_never_reach_readers(
    client, api_client, published_claim, editor
):
    proposed = translate(published_claim, "hi")  # proposed, not reviewed
    draft = ClaimFactory(text="A draft claim")
    VerdictFactory(claim=draft)
    StanceFactory(claim=draft)
    translate(draft, "ur", reviewer=editor, text="مسودہ دعویٰ")

    page = client.get(f"/hi{published_claim.get_absolute_url()}").content.decode()
    assert proposed.text not in page and fallback_note("hi") in page
    assert client.get(f"/ur{draft.get_absolute_url()}").status_code == 404
    detail = api_client.get(f"/api/v1/claims/{published_claim.pk}/", {"lang": "hi"}).json()
    assert detail["text"] == published_claim.text and detail["translation"] is None
    listing = api_client.get("/api/v1/claims/", {"lang": "ur"}).json()["results"]
    assert [claim["text"] for claim in listing] == [published_claim.text]
    for asked in ["मध्यस्थता", "مسودہ"]:
        assert api_client.get("/api/v1/claims/", {"q": asked}).json()["results"] == []
        assert "claim-summary" not in client.get("/hi/search/", {"q": asked}).content.decode()
    assert ClaimTranslation.objects.public().count() == 0


# --- The API --------------------------------------------------------------------------------


def test_api_serves_the_translation_asked_for_with_its_languages_and_mark(
    api_client, published_claim, editor
):
    translation = translate(published_claim, "hi", reviewer=editor, analysis="")

    response = api_client.get(f"/api/v1/claims/{published_claim.pk}/", {"lang": "hi"})

    assert response["Content-Language"] == "hi"
    assert "Accept-Language" in response["Vary"]
    document = response.json()
    assert document["text"] == HINDI["text"]
    assert document["languages"] == {"text": "hi", "conclusion": "hi", "analysis": "en"}
    assert document["translation"] == {
        "language": "hi",
        "origin": "machine",
        "reviewed_by": "Edith Editor",
        "reviewed_at": translation.reviewed_at.isoformat().replace("+00:00", "Z"),
    }
    assert document["verdict"]["conclusion"] == HINDI["conclusion"]
    assert document["verdict"]["analysis"] == published_claim.verdict.analysis

    listed = api_client.get("/api/v1/claims/", {"lang": "hi"}).json()["results"][0]
    assert (listed["text"], listed["conclusion"]) == (HINDI["text"], HINDI["conclusion"])
    assert listed["languages"] == {"text": "hi", "conclusion": "hi"}

    review = api_client.get(f"/api/v1/claims/{published_claim.pk}/claimreview/", {"lang": "hi"})
    assert (review.json()["inLanguage"], review.json()["claimReviewed"]) == ("hi", HINDI["text"])


def test_api_follows_accept_language_and_caches_each_language_apart(
    api_client, published_claim, editor
):
    translate(published_claim, "ur", reviewer=editor)
    url = f"/api/v1/claims/{published_claim.pk}/"

    urdu = api_client.get(url, HTTP_ACCEPT_LANGUAGE="ur-PK,ur;q=0.9,en;q=0.5")
    english = api_client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    urdu_again = api_client.get(url, HTTP_ACCEPT_LANGUAGE="ur")
    unknown = api_client.get(url, HTTP_ACCEPT_LANGUAGE="fr")

    assert (urdu["Content-Language"], urdu.json()["text"]) == ("ur", URDU["text"])
    assert (english["Content-Language"], english.json()["text"]) == ("en", published_claim.text)
    assert urdu_again.json()["text"] == URDU["text"]
    assert unknown.json()["text"] == published_claim.text
    assert urdu["ETag"] != english["ETag"]
    # ?lang= wins over the header.
    assert api_client.get(url, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="ur").json()["text"] == (
        published_claim.text
    )


@pytest.mark.parametrize("asked", ["xx", "", "HI", "hi-IN"])
def test_an_unknown_lang_is_a_400_naming_lang(api_client, published_claim, asked):
    response = api_client.get("/api/v1/claims/", {"lang": asked})

    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["lang"]
    assert "en, hi, ur" in body["errors"]["lang"][0]


# --- The desk's rules -----------------------------------------------------------------------


def translation_form(browser, translation=None, **changes):
    if translation is None:
        url = reverse("admin:statements_claimtranslation_add")
    else:
        url = reverse("admin:statements_claimtranslation_change", args=[translation.pk])
    form = admin_form_data(browser.get(url))
    form.update(changes)
    return url, form


def test_a_fact_checker_proposes_a_translation_that_readers_do_not_see_until_reviewed(
    client, make_desk_client, fact_checker, published_claim
):
    farah = make_desk_client(fact_checker)
    url, form = translation_form(
        farah, claim=published_claim.pk, language="hi", origin="machine", **HINDI
    )
    form["reviewed"] = "on"  # disabled for her: the browser's value is ignored

    assert farah.post(url, form).status_code == 302

    proposed = ClaimTranslation.objects.get(claim=published_claim, language="hi")
    assert (proposed.text, proposed.reviewed_by) == (HINDI["text"], None)
    assert proposed.history.first().history_user == fact_checker
    assert (
        HINDI["text"] not in client.get(f"/hi{published_claim.get_absolute_url()}").content.decode()
    )


def test_a_fact_checker_cannot_change_a_reviewed_translation_of_a_published_claim(
    make_desk_client, fact_checker, editor, published_claim
):
    translation = translate(published_claim, "hi", reviewer=editor)
    farah = make_desk_client(fact_checker)

    url, form = translation_form(farah, translation, text="बदला हुआ पाठ")
    farah.post(url, form)

    with pytest.raises(PermissionDenied):
        services.claim_translation_save(
            translation=ClaimTranslation(
                pk=translation.pk,
                claim=published_claim,
                **{**HINDI, "language": "hi", "origin": "machine", "text": "बदला हुआ पाठ"},
            ),
            user=fact_checker,
            changed_fields=["text"],
            reviewed=False,
        )
    translation.refresh_from_db()
    assert (translation.text, translation.reviewed_by) == (HINDI["text"], editor)


def test_reviewing_a_translation_of_a_published_claim_needs_a_correction_or_a_minor_edit(
    client, make_desk_client, editor, published_claim
):
    translation = translate(published_claim, "hi")
    edith = make_desk_client(editor)

    url, form = translation_form(edith, translation, reviewed="on")
    refused = edith.post(url, form)
    assert refused.status_code == 200
    assert "say what changed in a correction" in refused.content.decode()
    translation.refresh_from_db()
    assert translation.reviewed_by is None

    url, form = translation_form(edith, translation, reviewed="on", minor_edit="on")
    assert edith.post(url, form).status_code == 302
    translation.refresh_from_db()
    assert translation.reviewed_by == editor and translation.reviewed_at is not None
    assert translation.history.first().history_change_reason == "Minor edit"
    assert HINDI["text"] in client.get(f"/hi{published_claim.get_absolute_url()}").content.decode()

    url, form = translation_form(
        edith,
        translation,
        text="मोदी ने मध्यस्थता का अनुरोध किया",
        reviewed="on",
        correction="We corrected the Hindi translation of the claim.",
    )
    assert edith.post(url, form).status_code == 302
    translation.refresh_from_db()
    assert translation.text == "मोदी ने मध्यस्थता का अनुरोध किया"
    assert Correction.objects.filter(
        verdict=published_claim.verdict, text="We corrected the Hindi translation of the claim."
    ).exists()


def test_a_translation_readers_see_is_withdrawn_by_review_not_deleted(
    make_desk_client, editor, published_claim
):
    translation = translate(published_claim, "hi", reviewer=editor)
    url = reverse("admin:statements_claimtranslation_delete", args=[translation.pk])

    response = make_desk_client(editor).post(url, {"post": "yes"})

    assert response.status_code == 403
    assert ClaimTranslation.objects.filter(pk=translation.pk, reviewed_by=editor).exists()


def test_only_an_editor_reviews_and_a_change_undoes_the_review_on_a_draft(fact_checker, editor):
    draft = ClaimFactory()
    VerdictFactory(claim=draft)
    translation = ClaimTranslation(claim=draft, language="hi", origin="human", **HINDI)

    with pytest.raises(PermissionDenied):
        services.claim_translation_save(
            translation=translation, user=fact_checker, changed_fields=["text"], reviewed=True
        )
    assert not ClaimTranslation.objects.exists()

    services.claim_translation_save(
        translation=translation, user=editor, changed_fields=["text"], reviewed=True
    )
    assert translation.reviewed_by == editor

    translation.text = "नया पाठ"
    services.claim_translation_save(
        translation=translation,
        user=fact_checker,
        changed_fields=["text"],
        reviewed=True,
        expected_version=translation.version,
    )
    translation.refresh_from_db()
    assert (translation.text, translation.reviewed_by) == ("नया पाठ", None)


def test_a_translation_into_the_original_language_is_refused(editor, published_claim):
    with pytest.raises(ValidationError):
        services.claim_translation_save(
            translation=ClaimTranslation(
                claim=published_claim, language="en", origin="human", text="Same"
            ),
            user=editor,
            changed_fields=["text"],
            reviewed=False,
        )


# --- Search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "word"), [("hi", "मध्यस्थता"), ("ur", "ثالثی")])
def test_a_hindi_or_urdu_query_finds_the_claim_by_its_reviewed_translation(
    client, api_client, published_claim, editor, language, word
):
    translate(published_claim, language, reviewer=editor)

    page = client.get(f"/{language}/search/", {"q": word}).content.decode()
    assert published_claim.get_absolute_url() in page
    assert f"<mark>{word}</mark>" in page
    found = api_client.get("/api/v1/claims/", {"q": word}).json()["results"]
    assert [claim["id"] for claim in found] == [published_claim.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored document is PostgreSQL's")
def test_translations_are_indexed_with_the_simple_configuration(published_claim, editor):
    translate(published_claim, "hi", reviewer=editor)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_document::text FROM statements_claimtranslation WHERE claim_id = %s",
            [published_claim.pk],
        )
        document = cursor.fetchone()[0]
    # Words as written (no stemmer), the claim weighted above the conclusion.
    assert "'मध्यस्थता':" in document and "A" in document and "B" in document


def test_translated_and_fallback_pages_have_no_nu_checker_errors(
    client, published_claim, editor, tmp_path
):
    from .test_html_validity import nu_errors

    translate(published_claim, "hi", reviewer=editor, analysis="")
    untranslated = ClaimFactory(published=True, slug="untranslated")
    VerdictFactory(claim=untranslated)
    StanceFactory(claim=untranslated)
    paths = [
        f"/hi/claims/{published_claim.slug}/",
        "/ur/claims/untranslated/",
        "/hi/claims/",
        "/hi/search/?q=मध्यस्थता",
    ]
    pages = {path: client.get(path).content for path in paths}

    assert nu_errors(pages, tmp_path) == {}
