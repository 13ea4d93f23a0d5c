"""The OpenAPI schema: each operation says which scope it needs."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema


class ScopedAutoSchema(AutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        safe = self.method in ("GET", "HEAD")
        scope = getattr(self.view, "read_scope" if safe else "write_scope", None)
        needs = f"Needs the `{scope}` scope." if scope else "Any of the organisation's tokens."
        operation["description"] = f"{operation.get('description', '')}\n\n{needs}".strip()
        return operation
