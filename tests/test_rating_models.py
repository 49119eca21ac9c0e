"""Rating models (issue 13 item 1; docs/site.md): a claim is checked under one of three
scales (truth, consistency, promise), each with its own ratings, colours, ClaimReview mapping,
filters, methodology section and desk editing (issue 9 item 7)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from statements import services
from statements.models import Claim, Rating, RatingScale, Verdict

from .conftest import admin_form_data
from .factories import ClaimFactory, StanceFactory, VerdictFactory

pytestmark = pytest.mark.django_db

SCALES = ["truth", "consistency", "promise"]
# Per scale: (worst, a middle step, best, number of scored steps).
STEPS = {
    "truth": ("false", "half-true", "true", 5),
    "consistency": ("full-flop", "half-flip", "no-flip", 3),
    "promise": ("promise-broken", "in-the-works", "promise-kept", 5),
}


def rated_claim(scale: str, rating: str, **kwargs) -> Claim:
    """A published claim on `scale`, rated `rating`, with one asserting statement."""
    claim = ClaimFactory(published=True, scale=RatingScale.objects.get(slug=scale), **kwargs)
    VerdictFactory(claim=claim, rating=Rating.objects.get(slug=rating))
    StanceFactory(claim=claim)
    return claim


def json_ld(response) -> dict:
    html = response.content.decode()
    return json.loads(html.split('type="application/ld+json">')[1].split("</script>")[0])


# --- ClaimReview --------------------------------------------------------------------------


@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("step", [0, 1, 2], ids=["worst", "middle", "best"])
def test_claimreview_places_the_rating_on_its_own_scale(client, api_client, scale, step):
    slug = STEPS[scale][step]
    rating = Rating.objects.get(slug=slug)
    claim = rated_claim(scale, slug)
    expected = {
        "@type": "Rating",
        "ratingValue": rating.ordinal,
        "bestRating": STEPS[scale][3],
        "worstRating": 1,
        "alternateName": rating.label,
    }
    assert json_ld(client.get(claim.get_absolute_url()))["reviewRating"] == expected
    api = api_client.get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert api["reviewRating"] == expected


def test_a_step_that_is_not_a_judgement_has_a_name_and_no_value(client):
    claim = rated_claim("promise", "not-yet-rated")
    assert json_ld(client.get(claim.get_absolute_url()))["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Not Yet Rated",
    }


def test_a_scale_edited_in_the_desk_moves_its_bounds_and_no_other(client):
    Rating.objects.create(
        scale=RatingScale.objects.consistency(),
        label="Flip-flop-flip",
        slug="flip-flop-flip",
        ordinal=4,
        description="Back and forth.",
        colour="#1b5e20",
    )
    consistency = rated_claim("consistency", "no-flip")
    truth = rated_claim("truth", "true")
    assert json_ld(client.get(consistency.get_absolute_url()))["reviewRating"]["bestRating"] == 4
    assert json_ld(client.get(truth.get_absolute_url()))["reviewRating"]["bestRating"] == 5


# --- A verdict rates its claim on the claim's scale ------------------------------------------


@pytest.mark.parametrize("scale", SCALES)
def test_a_verdict_takes_only_a_rating_of_its_claims_scale(scale, fact_checker):
    claim = ClaimFactory(scale=RatingScale.objects.get(slug=scale))
    other = next(s for s in SCALES if s != scale)
    verdict = Verdict(claim=claim, rating=Rating.objects.get(slug=STEPS[other][0]), conclusion="x")
    with pytest.raises(ValidationError) as refused:
        services.verdict_save(verdict=verdict, user=fact_checker)
    assert "but this claim is checked on the" in str(refused.value.message_dict["rating"])
    assert not Verdict.objects.filter(claim=claim).exists()

    verdict = Verdict(claim=claim, rating=Rating.objects.get(slug=STEPS[scale][0]), conclusion="x")
    services.verdict_save(verdict=verdict, user=fact_checker)
    assert Verdict.objects.get(claim=claim).rating.slug == STEPS[scale][0]


def test_the_desk_names_the_scale_when_a_rating_is_off_it(make_desk_client, fact_checker):
    claim = ClaimFactory(scale=RatingScale.objects.consistency())
    VerdictFactory(claim=claim, rating=Rating.objects.get(slug="no-flip"), conclusion="Same.")
    browser = make_desk_client(fact_checker)
    url = reverse("admin:statements_claim_change", args=[claim.pk])
    form = admin_form_data(browser.get(url))
    form["verdict-0-rating"] = Rating.objects.get(slug="false").pk
    response = browser.post(url, form)
    assert response.status_code == 200
    assert "is a rating of the Truth scale, but this claim is checked on the Consistency" in (
        response.content.decode()
    )
    assert Verdict.objects.get(claim=claim).rating.slug == "no-flip"


def test_a_rated_claim_keeps_its_scale(fact_checker):
    claim = ClaimFactory()
    VerdictFactory(claim=claim)
    claim.scale = RatingScale.objects.promise()
    with pytest.raises(ValidationError) as refused:
        services.claim_save(claim=claim, user=fact_checker)
    assert "change the rating first" in str(refused.value.message_dict["scale"])
    assert Claim.objects.get(pk=claim.pk).scale.slug == "truth"


# --- Filters ------------------------------------------------------------------------------


@pytest.fixture
def one_claim_per_scale():
    return {scale: rated_claim(scale, STEPS[scale][0], text=f"On {scale}") for scale in SCALES}


@pytest.mark.parametrize("scale", SCALES)
def test_the_claim_list_filters_by_scale_and_rating(client, one_claim_per_scale, scale):
    page = client.get(f"/claims/?scale={scale}").content.decode()
    assert [s for s in SCALES if f"On {s}" in page] == [scale]
    page = client.get(f"/claims/?scale={scale}&rating={STEPS[scale][0]}").content.decode()
    assert [s for s in SCALES if f"On {s}" in page] == [scale]


@pytest.mark.parametrize("scale", SCALES)
def test_the_api_filters_by_scale_and_rating(api_client, one_claim_per_scale, scale):
    found = api_client.get(f"/api/v1/claims/?scale={scale}").json()["results"]
    assert [claim["text"] for claim in found] == [f"On {scale}"]
    found = api_client.get(f"/api/v1/claims/?rating={STEPS[scale][0]}").json()["results"]
    assert [claim["text"] for claim in found] == [f"On {scale}"]
    ratings = api_client.get(f"/api/v1/ratings/?scale={scale}&page_size=100").json()["results"]
    assert {rating["scale"] for rating in ratings} == {scale}
    assert len(ratings) == Rating.objects.filter(scale__slug=scale).count()


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("scale=nope", "scale"),
        ("rating=nope", "rating"),
        ("scale=truth&rating=full-flop", "rating"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it_on_the_site(client, one_claim_per_scale, query, parameter):
    page = client.get(f"/claims/?{query}")
    assert page.status_code == 400
    text = page.content.decode()
    assert "not understood" in text and "On truth" not in text
    assert f'id="id_{parameter}-error"' in text


def test_a_rating_off_the_chosen_scale_is_said_in_words_on_the_site(client):
    text = client.get("/claims/?scale=truth&rating=full-flop").content.decode()
    assert "“Full Flop” is a rating of the Consistency scale, not of the Truth scale." in text


@pytest.mark.parametrize("parameter", ["scale", "rating"])
def test_an_unknown_slug_is_a_400_naming_it_in_the_api(api_client, parameter):
    api = api_client.get(f"/api/v1/claims/?{parameter}=nope")
    assert api.status_code == 400
    assert api.json()["errors"] == {parameter: ["Unknown slug 'nope'."]}


def test_the_api_lists_nothing_for_a_rating_of_another_scale(api_client, one_claim_per_scale):
    # Two values each valid (the schema lists both): they select no claim, as any two filters
    # that match nothing together.
    api = api_client.get("/api/v1/claims/?scale=truth&rating=full-flop")
    assert (api.status_code, api.json()["results"]) == (200, [])


@pytest.mark.parametrize("path", ["/claims/?scale=nope", "/promises/?status=nope"])
def test_every_list_page_with_filters_answers_a_bad_value_the_same_way(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()


def test_the_schema_names_the_scale_filter(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    for path in ("/api/v1/claims/", "/api/v1/ratings/"):
        parameters = schema["paths"][path]["get"]["parameters"]
        scale = next(p for p in parameters if p["name"] == "scale")
        assert scale["schema"]["enum"] == ["consistency", "promise", "truth"]


@pytest.mark.parametrize("scale", SCALES)
def test_a_scale_filtered_list_costs_the_same_for_two_claims_or_thirty(client, scale):
    """Guards the N+1 of drawing each card's verdict on its own scale."""

    def budget(path: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    path = f"/claims/?scale={scale}&rating={STEPS[scale][0]}&nocache={{}}"
    for _ in range(2):
        rated_claim(scale, STEPS[scale][0])
    few = budget(path.format(1))
    api_few = budget(f"/api/v1/claims/?scale={scale}&n=1")
    for _ in range(28):
        rated_claim(scale, STEPS[scale][0])
    assert budget(path.format(2)) == few
    assert budget(f"/api/v1/claims/?scale={scale}&n=2") == api_few


# --- Editing a scale in the desk (issue 9 item 7) ------------------------------------------


def scale_page(browser, scale: RatingScale) -> tuple[str, dict]:
    url = reverse("admin:statements_ratingscale_change", args=[scale.pk])
    return url, admin_form_data(browser.get(url))


def row_of(form: dict, rating: Rating) -> str:
    """The inline prefix (ratings-N) of `rating`'s row in the posted form."""
    return next(
        key[: -len("-id")]
        for key, value in form.items()
        if key.endswith("-id") and str(value) == str(rating.pk)
    )


def positions(scale: RatingScale) -> list[str]:
    return list(scale.ratings.order_by("ordinal").values_list("slug", flat=True))


@pytest.mark.parametrize("scale_slug", SCALES)
def test_an_editor_reorders_a_scale_in_one_save(make_desk_client, editor, scale_slug):
    scale = RatingScale.objects.get(slug=scale_slug)
    before = positions(scale)
    browser = make_desk_client(editor)
    url, form = scale_page(browser, scale)
    first, second = (Rating.objects.get(slug=slug) for slug in before[:2])
    form[f"{row_of(form, first)}-ordinal"] = 2
    form[f"{row_of(form, second)}-ordinal"] = 1
    response = browser.post(url, form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert positions(scale) == [before[1], before[0], *before[2:]]
    # Each row that moved keeps a revision naming who moved it.
    assert Rating.objects.get(pk=first.pk).history.latest().history_user == editor


@pytest.mark.parametrize("scale_slug", SCALES)
def test_an_editor_inserts_a_step_in_one_save(make_desk_client, editor, scale_slug):
    scale = RatingScale.objects.get(slug=scale_slug)
    before = positions(scale)
    browser = make_desk_client(editor)
    url, form = scale_page(browser, scale)
    # Everything from position 2 moves up one; the new step takes position 2.
    for rating in scale.ratings.filter(ordinal__gte=2):
        form[f"{row_of(form, rating)}-ordinal"] = rating.ordinal + 1
    total = int(form["ratings-TOTAL_FORMS"])
    form.update(
        {
            "ratings-TOTAL_FORMS": total + 1,
            f"ratings-{total}-label": "Barely",
            f"ratings-{total}-slug": f"barely-{scale_slug}",
            f"ratings-{total}-ordinal": 2,
            f"ratings-{total}-scored": "on",
            f"ratings-{total}-colour": "#1b5e20",
            f"ratings-{total}-description": "Only just.",
        }
    )
    response = browser.post(url, form)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert positions(scale) == [before[0], f"barely-{scale_slug}", *before[1:]]


@pytest.mark.parametrize("scale_slug", SCALES)
def test_a_fact_checker_may_not_edit_a_scale(make_desk_client, fact_checker, editor, scale_slug):
    scale = RatingScale.objects.get(slug=scale_slug)
    before = positions(scale)
    url, form = scale_page(make_desk_client(editor), scale)
    first, second = (Rating.objects.get(slug=slug) for slug in before[:2])
    form[f"{row_of(form, first)}-ordinal"] = 2
    form[f"{row_of(form, second)}-ordinal"] = 1
    response = make_desk_client(fact_checker).post(url, form)
    assert response.status_code == 403
    assert positions(scale) == before


@pytest.mark.parametrize("scale_slug", SCALES)
def test_two_ratings_at_one_position_get_a_human_message(make_desk_client, editor, scale_slug):
    scale = RatingScale.objects.get(slug=scale_slug)
    before = positions(scale)
    browser = make_desk_client(editor)
    url, form = scale_page(browser, scale)
    second = Rating.objects.get(slug=before[1])
    form[f"{row_of(form, second)}-ordinal"] = 1
    page = browser.post(url, form).content.decode()
    assert "are both at position 1: give each rating its own position." in page
    assert "rating_ordinal" not in page and "duplicate" not in page.lower()
    assert positions(scale) == before


@pytest.mark.parametrize("scale_slug", SCALES)
def test_an_unreadable_colour_is_refused_with_its_ratio(make_desk_client, editor, scale_slug):
    scale = RatingScale.objects.get(slug=scale_slug)
    rating = scale.ratings.order_by("ordinal").first()
    browser = make_desk_client(editor)
    url, form = scale_page(browser, scale)
    form[f"{row_of(form, rating)}-colour"] = "#f9a825"
    page = browser.post(url, form).content.decode()
    assert "has a contrast of 1.97:1" in page
    assert Rating.objects.get(pk=rating.pk).colour == rating.colour


@pytest.mark.parametrize("scale_slug", SCALES)
def test_a_rating_in_use_is_not_deleted_and_says_where(make_desk_client, editor, scale_slug):
    scale = RatingScale.objects.get(slug=scale_slug)
    used = Rating.objects.get(slug=STEPS[scale_slug][0])
    rated_claim(scale_slug, used.slug)
    browser = make_desk_client(editor)
    url, form = scale_page(browser, scale)
    form[f"{row_of(form, used)}-DELETE"] = "on"
    page = browser.post(url, form).content.decode()
    assert f"“{used.label}” is the rating of 1 verdict (1 published), so it cannot be" in page
    assert Rating.objects.filter(pk=used.pk).exists()

    # Its own delete page says the same, with a link to the claims rated so.
    page = browser.get(reverse("admin:statements_rating_delete", args=[used.pk])).content.decode()
    assert "is the rating of 1 verdict" in page
    assert f"?verdict__rating__id__exact={used.pk}" in page
    browser.post(reverse("admin:statements_rating_delete", args=[used.pk]), {"post": "yes"})
    assert Rating.objects.filter(pk=used.pk).exists()


def test_an_unused_rating_is_deleted_by_an_editor_and_not_by_a_fact_checker(
    make_desk_client, editor, fact_checker
):
    spare = Rating.objects.create(
        scale=RatingScale.objects.consistency(),
        label="Spare",
        slug="spare",
        ordinal=9,
        description="Unused.",
        colour="#1b5e20",
    )
    url = reverse("admin:statements_rating_delete", args=[spare.pk])
    assert make_desk_client(fact_checker).post(url, {"post": "yes"}).status_code == 403
    assert Rating.objects.filter(pk=spare.pk).exists()
    assert make_desk_client(editor).post(url, {"post": "yes"}).status_code == 302
    assert not Rating.objects.filter(pk=spare.pk).exists()


def test_the_scale_page_loads_its_reorder_script_as_a_static_file(make_desk_client, editor):
    url = reverse("admin:statements_ratingscale_change", args=[RatingScale.objects.truth().pk])
    page = make_desk_client(editor).get(url).content.decode()
    assert "statements/rating_order" in page
    assert "<script>" not in page
