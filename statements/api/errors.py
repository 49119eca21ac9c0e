"""Every API error is JSON: `{"detail": ..., "code": ...}`, and a bad parameter is named."""

from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _first_message(value) -> str:
    while isinstance(value, list | dict):
        if not value:
            return ""
        value = value[0] if isinstance(value, list) else next(iter(value.values()))
    return str(value)


def exception_handler(exc, context):
    """DRF's handler, with one error shape and 400s that name the offending parameters."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        errors = {name: messages for name, messages in response.data.items()}
        names = ", ".join(sorted(errors))
        detail = f"Invalid parameter {names}: {_first_message(errors)}"
        response.data = {"detail": detail, "code": "invalid_parameter", "errors": errors}
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else "error"
        response.data = {"detail": _first_message(exc.detail), "code": code}
    elif isinstance(exc, Http404):
        response.data = {"detail": str(exc) or "Not found.", "code": "not_found"}
    return response


def not_found(request, *args, **kwargs):
    """A JSON 404 for any address under /api/ that is not an endpoint."""
    return Response(
        {"detail": f"No API endpoint at {request.path}. See /api/docs/.", "code": "not_found"},
        status=status.HTTP_404_NOT_FOUND,
    )
