"""drf-spectacular: the JSON errors every operation can answer with, and the API key scheme."""

from django.conf import settings
from django.db import DatabaseError
from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, for a developer."},
        "code": {"type": "string", "description": "A stable machine-readable code."},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "For invalid_parameter: the messages for each parameter.",
        },
    },
    "required": ["detail", "code"],
}

ERRORS = {
    "400": "A parameter is invalid; `errors` names it.",
    "401": "The API key is unknown or revoked.",
    "404": "No such object in the API.",
    "406": "Only application/json is served.",
    "429": "Rate limit reached; retry after the Retry-After header's seconds.",
    "503": "The database took too long (statement timeout); retry after Retry-After's seconds.",
}
# Errors only some operations answer with.
PATH_ERRORS = {
    "/api/v1/changes/": {
        "410": "`since` is ahead of our change log (restored from a backup): resynchronise "
        "from since=0 (`code`: resync_required).",
    },
}


# Text parameters may hold any character but NUL, which no database column can store; one
# with a NUL is a 400 (Django's forms refuse it), so the schema says so.
NO_NUL = "^[^\\u0000]*$"


def forbid_nul_in_text_parameters(result, generator, request, public):
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if schema.get("type") == "string" and not {"pattern", "enum", "format"} & set(
                    schema
                ):
                    schema["pattern"] = NO_NUL
    return result


# Filters whose values are the slugs of an editable table (api/filters.py, SlugChoiceFilter):
# the schema lists the slugs there are when it is generated, so that a client (and our schema
# test) knows that any other value is a 400.
SLUG_PARAMETERS = {"scale": "statements.RatingScale", "rating": "statements.Rating"}


def enumerate_slug_parameters(result, generator, request, public):
    from django.apps import apps

    try:
        slugs = {
            name: sorted(apps.get_model(label).objects.values_list("slug", flat=True))
            for name, label in SLUG_PARAMETERS.items()
        }
    except DatabaseError:
        # No tables yet (`check --deploy` before the first migrate): the filters are then
        # documented as plain strings, and the schema answers without a database.
        slugs = None
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and schema.get("x-slug-of"):
                    schema.pop("x-slug-of")
                    if slugs is not None:
                        schema.pop("pattern", None)
                        schema["enum"] = slugs[parameter["name"]]
    return result


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("304", {"description": "Not modified since the ETag you sent."})
            for status, description in {**ERRORS, **PATH_ERRORS.get(path, {})}.items():
                responses.setdefault(status, {"description": description, "content": reference})
    return result


def add_language_parameter(result, generator, request, public):
    """Every operation answers in the language asked for (statements/api/languages.py)."""
    codes = [code for code, _name in settings.LANGUAGES]
    parameter = {
        "name": "lang",
        "in": "query",
        "required": False,
        "schema": {"type": "string", "enum": codes},
        "description": "The language of claims' texts: "
        f"{', '.join(codes)}. Without it, the best match of Accept-Language, else "
        f"{settings.LANGUAGE_CODE}. Texts without a reviewed translation stay in "
        f"{settings.LANGUAGE_CODE}; `languages` says which.",
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("name") == "lang" for p in parameters):
                parameters.append(dict(parameter))
    return result


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "apikeys.authentication.ApiKeyAuthentication"
    name = "ApiKey"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-API-Key"}


class QueryApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "statements.api.factchecktools.QueryKeyAuthentication"
    name = "ApiKeyQuery"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "query", "name": "key"}
