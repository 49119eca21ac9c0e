"""Cursor pagination a mirror can walk while data changes, with a bounded page size."""

from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

MAX_PAGE_SIZE = 100


def page_size_from(request, *, default: int, maximum: int, param: str = "page_size") -> int:
    """The page size asked for, or a 400 naming `param` when it is not 1 to `maximum`."""
    raw = request.query_params.get(param)
    if raw is None or raw == "":
        return default
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= maximum:
        raise ValidationError(
            {param: [_("Must be a whole number from 1 to %(max)d.") % {"max": maximum}]}
        )
    return size


class CursorPagination(pagination.CursorPagination):
    """`?cursor=` from the `next` link; `?page_size=` up to 100. Order comes from the view."""

    page_size = 20
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"

    def get_page_size(self, request):
        return page_size_from(request, default=self.page_size, maximum=self.max_page_size)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError(
                {self.cursor_query_param: [_("Malformed cursor: follow the next link as given.")]}
            ) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    {"minimum": 1, "maximum": self.max_page_size, "default": self.page_size}
                )
        return parameters
