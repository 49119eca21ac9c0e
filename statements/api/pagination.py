"""Cursor pagination a mirror can walk while data changes, with a bounded page size."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections, models
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

MAX_PAGE_SIZE = 100


def page_size_from(request, *, default: int, maximum: int, param: str = "page_size") -> int:
    """The page size asked for, or a 400 naming `param` when it is not 1 to `maximum`."""
    raw = request.query_params.get(param)
    if raw is None:
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
        # (An empty page_size is a 400 like any other value that is not 1 to 100.)
        return page_size_from(request, default=self.page_size, maximum=self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        # decode_cursor checks the cursor's position against the field the page is ordered by.
        self._queryset = queryset
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise self._malformed() from None
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _malformed(self) -> ValidationError:
        return ValidationError(
            {self.cursor_query_param: [_("Malformed cursor: follow the next link as given.")]}
        )

    def _check_position(self, position: str) -> None:
        """A 400, not a database error, for a position the ordering field cannot hold.

        DRF passes the position to `.filter()` as it is; only a value we could have issued
        (an aware date-time, a date, an integer the column fits, text without NUL) gets there.
        """
        field = _ordering_field(self._queryset, self.ordering[0].lstrip("-"))
        try:
            if "\x00" in position:
                raise ValueError(position)
            if field is None:
                return
            value = field.to_python(position)
            if isinstance(field, models.DateTimeField):
                if value is None or value.tzinfo is None:
                    raise ValueError(position)
                value.astimezone(datetime.UTC)
            elif isinstance(field, models.DateField):
                if value is None:
                    raise ValueError(position)
            elif isinstance(field, models.IntegerField):
                connection = connections[self._queryset.db]
                low, high = connection.ops.integer_field_range(field.get_internal_type())
                if (
                    value is None
                    or not (low is None or low <= value)
                    or not (high is None or value <= high)
                ):
                    raise ValueError(position)
        except (DjangoValidationError, ValueError, TypeError, OverflowError):
            raise self._malformed() from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    {"minimum": 1, "maximum": self.max_page_size, "default": self.page_size}
                )
        return parameters


def _ordering_field(queryset, name: str):
    """The model field or annotation `name` (which may follow relations) orders by, if known."""
    annotation = queryset.query.annotations.get(name)
    if annotation is not None:
        return annotation.output_field
    model, field = queryset.model, None
    for part in name.split("__"):
        if model is None:
            return None
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        model = field.related_model
    if field is not None and field.is_relation:
        return field.target_field
    return field
