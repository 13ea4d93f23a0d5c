"""Lists a page at a time: ``?page=N``, 50 a page by default, ``page_size`` up to 200."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from putright.api.errors import UnknownAddress


class PageNotFound(UnknownAddress):
    """A page past the end of a list: a mistake in the address, not a refusal."""


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> Any:
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise PageNotFound(
                f"There is no page {request.query_params.get(self.page_query_param)!r} of this "
                "list: pages are numbered from 1, and the list's count says how many there are."
            ) from None
