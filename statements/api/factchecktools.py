"""
A Google Fact Check Tools API–compatible claim search, so that a client written for
`factchecktools.googleapis.com/v1alpha1/claims:search` works by changing its base URL.

Answers are built from the same ClaimReview documents as everywhere else. Errors use Google's
shape (`{"error": {"code", "message", "status", "details"}}`) so those clients read them.
"""

import base64
import binascii
import datetime
import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from apikeys.authentication import ApiKeyAuthentication
from apikeys.models import ApiKey

from ..jsonld import ScaleBounds, claim_review
from ..search import claims_matching
from . import fieldmask
from .claimreview import reviewable_claims
from .conditional import ConditionalGetMixin

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
SITE = re.compile(r"^[A-Za-z0-9.-]{1,253}$")

GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "UNIMPLEMENTED",
    406: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
}


class InvalidArgument(exceptions.ValidationError):
    def __init__(self, field: str, message: str):
        super().__init__({field: [message]})
        self.field, self.message = field, message


def google_exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    error: dict[str, Any] = {
        "code": response.status_code,
        "status": GOOGLE_STATUS.get(response.status_code, "UNKNOWN"),
    }
    if isinstance(exc, InvalidArgument):
        error["message"] = f"Invalid value for {exc.field}: {exc.message}"
        error["details"] = [
            {
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [{"field": exc.field, "description": exc.message}],
            }
        ]
    else:
        detail = getattr(exc, "detail", str(exc))
        error["message"] = str(detail)
    response.data = {"error": error}
    return response


class QueryKeyAuthentication(ApiKeyAuthentication):
    """Google's clients send their key as ?key=; the X-API-Key header works too.

    A newsroom switching over keeps its Google `developerKey`, which its client sends on every
    request: a `key=` we did not issue is treated as no key (anonymous, and rate-limited as
    such), while one we issued counts as ours. Only our own header can be wrong: 401.
    """

    def authenticate(self, request):
        if request.META.get("HTTP_X_API_KEY", "").strip():
            return super().authenticate(request)
        raw_key = request.query_params.get("key", "").strip()
        api_key = ApiKey.objects.matching(raw_key) if raw_key else None
        return None if api_key is None else (None, api_key)


def _int(params, name: str, *, default: int, low: int, high: int) -> int:
    """A whole-number parameter; absent or 0 is the default, as in Google's proto3 API."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    message = f"must be a whole number from {low} to {high}, or 0."
    try:
        value = int(raw)
    except ValueError:
        raise InvalidArgument(name, message) from None
    if value == 0:
        return default
    if not low <= value <= high:
        raise InvalidArgument(name, message)
    return value


# What a response can hold, for checking `fields=` masks.
RESPONSE_SHAPE: fieldmask.Mask = {
    "claims": {
        "text": None,
        "claimant": None,
        "claimDate": None,
        "claimReview": {
            "publisher": {"name": None, "site": None},
            "url": None,
            "title": None,
            "reviewDate": None,
            "textualRating": None,
            "languageCode": None,
        },
    },
    "nextPageToken": None,
}


def _field_mask(params) -> fieldmask.Mask | None:
    raw = params.get("fields", "").strip()
    if not raw:
        return None
    try:
        mask = fieldmask.parse(raw, RESPONSE_SHAPE)
        fieldmask.check(mask, RESPONSE_SHAPE)
    except fieldmask.FieldMaskError as error:
        raise InvalidArgument("fields", f"{error}; e.g. claims(text,claimReview/url).") from None
    return mask


def encode_page_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode().rstrip("=")


def decode_page_token(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        kind, _, number = text.partition(":")
        if kind != "offset" or not number.isdigit() or len(number) > 9:
            raise ValueError(text)
        return int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidArgument(
            "pageToken", "not a token this API issued; pass nextPageToken as given."
        ) from None


def _rfc3339(value: str) -> str:
    """schema.org dates and date-times as Google writes them: UTC with a Z."""
    if len(value) == 10:
        return f"{value}T00:00:00Z"
    moment = datetime.datetime.fromisoformat(value).astimezone(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _site_of(url: str) -> str:
    return urlsplit(url).hostname or ""


def _language() -> str:
    return settings.LANGUAGE_CODE


def google_claim(review: dict[str, Any]) -> dict[str, Any]:
    """One result in Google's shape, read off our ClaimReview document."""
    item = review["itemReviewed"]
    result: dict[str, Any] = {"text": review["claimReviewed"]}
    if "author" in item:
        result["claimant"] = item["author"]["name"]
    if "datePublished" in item:
        result["claimDate"] = _rfc3339(item["datePublished"])
    publisher = review["author"]
    entry: dict[str, Any] = {
        "publisher": {"name": publisher["name"], "site": _site_of(publisher["url"])},
        "url": review["url"],
        "title": review["claimReviewed"],
        "reviewDate": _rfc3339(review["datePublished"]),
    }
    if "reviewRating" in review:
        entry["textualRating"] = review["reviewRating"]["alternateName"]
    entry["languageCode"] = _language()
    result["claimReview"] = [entry]
    return result


class PublisherSerializer(serializers.Serializer):
    name = serializers.CharField()
    site = serializers.CharField()


class GoogleClaimReviewSerializer(serializers.Serializer):
    publisher = PublisherSerializer()
    url = serializers.URLField()
    title = serializers.CharField()
    reviewDate = serializers.CharField()
    textualRating = serializers.CharField(required=False)
    languageCode = serializers.CharField()


class GoogleClaimSerializer(serializers.Serializer):
    text = serializers.CharField()
    claimant = serializers.CharField(required=False)
    claimDate = serializers.CharField(required=False)
    claimReview = GoogleClaimReviewSerializer(many=True)


class ClaimsSearchResponseSerializer(serializers.Serializer):
    claims = GoogleClaimSerializer(many=True, required=False)
    nextPageToken = serializers.CharField(required=False)


class GoogleErrorBodySerializer(serializers.Serializer):
    code = serializers.IntegerField()
    message = serializers.CharField()
    status = serializers.CharField()
    details = serializers.ListField(child=serializers.DictField(), required=False)


class GoogleErrorSerializer(serializers.Serializer):
    error = GoogleErrorBodySerializer()


def _param(name: str, kind, description: str, **extra) -> OpenApiParameter:
    return OpenApiParameter(name, kind, description=description, **extra)


class ClaimsSearchView(ConditionalGetMixin, APIView):
    """Search published fact-checks, answering as Google's Fact Check Tools API does."""

    authentication_classes = [QueryKeyAuthentication]

    def get_exception_handler(self):
        return google_exception_handler

    @extend_schema(
        operation_id="factchecktools_claims_search",
        summary="Search fact-checks (Google Fact Check Tools API–compatible)",
        parameters=[
            _param(
                "query",
                OpenApiTypes.STR,
                "Words to search for. Required unless reviewPublisherSiteFilter is given.",
            ),
            _param(
                "languageCode",
                OpenApiTypes.STR,
                "BCP-47 code, e.g. en-US; only the language is compared.",
                pattern=LANGUAGE_TAG.pattern,
            ),
            _param(
                "reviewPublisherSiteFilter",
                OpenApiTypes.STR,
                "A publisher's site, e.g. example.org; only our own site matches.",
                pattern=SITE.pattern,
            ),
            _param(
                "maxAgeDays",
                {"type": "integer", "minimum": 0, "maximum": 36500},
                "Only reviews at most this many days old (1 to 36500; 0 or absent: any age).",
            ),
            _param(
                "pageSize",
                {"type": "integer", "minimum": 0, "maximum": MAX_PAGE_SIZE},
                f"Results per page, 1 to {MAX_PAGE_SIZE} (0 or absent: {DEFAULT_PAGE_SIZE}).",
            ),
            _param(
                "key",
                OpenApiTypes.STR,
                "An API key we issued, as Google's clients send it; any other key is ignored.",
            ),
            _param(
                "fields",
                OpenApiTypes.STR,
                "Google's partial-response mask, e.g. claims(text,claimReview(url,textualRating)).",
                pattern=fieldmask.pattern(RESPONSE_SHAPE),
            ),
            _param("pageToken", OpenApiTypes.STR, "nextPageToken from the previous page."),
            _param(
                "offset",
                {"type": "integer", "minimum": 0, "maximum": 10**9},
                "Results to skip; ignored with pageToken.",
            ),
        ],
        responses={
            200: ClaimsSearchResponseSerializer,
            400: OpenApiResponse(GoogleErrorSerializer, description="A parameter is invalid."),
            401: OpenApiResponse(
                GoogleErrorSerializer, description="Unknown key in the X-API-Key header."
            ),
            429: OpenApiResponse(GoogleErrorSerializer, description="Rate limit reached."),
        },
    )
    def get(self, request):
        params = request.query_params
        for name, value in params.items():
            if "\x00" in value:  # no column can store it: a 400, as the schema says
                raise InvalidArgument(name, "must not contain NUL characters.")
        query = params.get("query", "").strip()
        site_filter = params.get("reviewPublisherSiteFilter", "").strip().lower()
        language = params.get("languageCode", "").strip()
        if not query and not site_filter:
            raise InvalidArgument("query", "required unless reviewPublisherSiteFilter is given.")
        if language and not LANGUAGE_TAG.match(language):
            raise InvalidArgument("languageCode", "not a BCP-47 language code, e.g. en-US.")
        if site_filter and not SITE.match(site_filter):
            raise InvalidArgument("reviewPublisherSiteFilter", "give a site such as example.org.")
        max_age = _int(params, "maxAgeDays", default=0, low=1, high=36500) or None
        page_size = _int(params, "pageSize", default=DEFAULT_PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
        if params.get("pageToken"):
            offset = decode_page_token(params["pageToken"])
        else:
            offset = _int(params, "offset", default=0, low=0, high=10**9)
        mask = _field_mask(params)

        claims = reviewable_claims().order_by("-published_at", "-id")
        our_site = _site_of(settings.SITE_URL).lower()
        if site_filter and not (our_site == site_filter or our_site.endswith(f".{site_filter}")):
            claims = claims.none()
        if language and language.split("-")[0].lower() != _language().split("-")[0].lower():
            claims = claims.none()
        if query:
            claims = claims_matching(claims, query)
        if max_age is not None:
            claims = claims.filter(
                published_at__gte=timezone.now() - datetime.timedelta(days=max_age)
            )
        page = list(claims[offset : offset + page_size + 1])
        scale = ScaleBounds.current()
        # reviewable_claims() has only rated verdicts; a review of None is still left out.
        reviews = (claim_review(claim, scale=scale) for claim in page[:page_size])
        body: dict[str, Any] = {
            "claims": [google_claim(review) for review in reviews if review is not None]
        }
        if len(page) > page_size:
            body["nextPageToken"] = encode_page_token(offset + page_size)
        if not body["claims"]:
            # Google leaves out what is empty: no matches is `{}`.
            del body["claims"]
        if mask is not None:
            body = fieldmask.apply(body, mask)
        return Response(body)
