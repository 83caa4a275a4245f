"""Write many rows fast: one prepared INSERT or UPDATE run with executemany.

Django's bulk_create and bulk_update compile every value into one long statement per batch
(bulk_update as CASE … WHEN per field and row), which costs several times the database's own
work; django-simple-history's bulk helpers add a model instance per record on top. Here each
value goes through its field's own ``get_db_prep_save`` (as the ORM does), except values that
field would pass through untouched, and repeated values (dates, times) are converted once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

BATCH_SIZE = 500
EXECUTEMANY_CHUNK = 2_000
# The columns django-simple-history adds to a historical table besides the tracked fields.
_HISTORY_COLUMNS = frozenset(
    {"history_id", "history_date", "history_change_reason", "history_type", "history_user_id"}
)


def _connection_for(model: type[models.Model]) -> BaseDatabaseWrapper:
    # The real wrapper, not django.db.connection: that proxy looks the connection up in a
    # context-local store on every attribute access, which is once per value here.
    return connections[router.db_for_write(model)]


def _plain_type(field: models.Field[Any, Any]) -> type | None:
    """The Python type whose values ``field`` stores unchanged, on every database we run on."""
    if isinstance(field, models.ForeignKey):
        return _plain_type(field.target_field)
    if isinstance(field, models.CharField | models.TextField):
        return str
    if isinstance(field, models.BooleanField):
        return bool
    if isinstance(field, models.IntegerField):
        return int
    return None


def _converter(
    field: models.Field[Any, Any], connection: BaseDatabaseWrapper
) -> Callable[[Any], Any]:
    plain = _plain_type(field)
    prepare = field.get_db_prep_save
    converted: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value is None or type(value) is plain:
            return value
        try:
            return converted[value]
        except KeyError:
            result = converted[value] = prepare(value, connection)
            return result
        except TypeError:  # unhashable, such as GeoJSON
            return prepare(value, connection)

    return convert


def _execute_many(model: type[models.Model], sql: str, params: list[list[Any]]) -> None:
    with _connection_for(model).cursor() as cursor:
        for start in range(0, len(params), EXECUTEMANY_CHUNK):
            cursor.executemany(sql, params[start : start + EXECUTEMANY_CHUNK])


def _insert_sql(model: type[models.Model], fields: Sequence[models.Field[Any, Any]]) -> str:
    quote = _connection_for(model).ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({values})"


def insert_rows(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """INSERT ``rows`` (without primary keys); auto_now fields are stamped as save() would."""
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    connection = _connection_for(model)
    converters = [_converter(f, connection) for f in fields]
    # One moment for the whole write, as save() would stamp each row (and one conversion).
    now = timezone.now()
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            # A date is the Tehran day, as save() gives it; now.date() would be the UTC one.
            stamp = now if isinstance(field, models.DateTimeField) else timezone.localdate(now)
            for row in rows:
                setattr(row, field.attname, stamp)
    params = [
        [convert(getattr(row, f.attname)) for f, convert in zip(fields, converters, strict=True)]
        for row in rows
    ]
    _execute_many(model, _insert_sql(model, fields), params)


def insert_values(model: type[models.Model], names: Sequence[str], values: list[list[Any]]) -> None:
    """INSERT plain ``values`` (already in database form) into the ``names`` columns."""
    if not values:
        return
    fields = [model._meta.get_field(name) for name in names]
    concrete = [f for f in fields if isinstance(f, models.Field)]
    if len(concrete) != len(fields):
        raise TypeError(f"not all of {names} are columns of {model._meta.label}")
    _execute_many(model, _insert_sql(model, concrete), values)


def update_rows(model: type[models.Model], rows: Sequence[models.Model], names: list[str]) -> None:
    """UPDATE the ``names`` fields of ``rows`` by primary key."""
    if not rows:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    concrete = [f for f in fields if isinstance(f, models.Field)]
    if len(concrete) != len(fields) or meta.pk is None:
        raise TypeError(f"not all of {names} are columns of {meta.label}")
    connection = _connection_for(model)
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(f.column))} = %s" for f in concrete)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(str(meta.pk.column))} = %s"
    converters = [_converter(f, connection) for f in concrete]
    params = [
        [convert(getattr(row, f.attname)) for f, convert in zip(concrete, converters, strict=True)]
        + [row.pk]
        for row in rows
    ]
    _execute_many(model, sql, params)


def insert_history(
    model: type[models.Model],
    rows: Sequence[models.Model],
    *,
    created: bool,
    user: Any,
    when: dt.datetime,
    reason: str,
) -> None:
    """Record ``rows`` in the model's django-simple-history table, as its bulk helper would.

    A row's own ``_change_reason`` wins over ``reason``. When the historical table has columns
    other than the ones we know, the library's own helper writes the records instead.
    """
    if not rows or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    manager = model.history  # type: ignore[attr-defined]
    history_model = manager.model
    tracked = {f.attname for f in history_model.tracked_fields}
    fields = [f for f in history_model._meta.concrete_fields if not f.primary_key]
    if not {f.attname for f in fields} <= tracked | _HISTORY_COLUMNS:
        manager.bulk_history_create(
            rows,
            batch_size=BATCH_SIZE,
            update=not created,
            default_user=user,
            default_change_reason=reason,
            default_date=when,
        )
        return
    connection = _connection_for(history_model)
    converters = [_converter(f, connection) for f in fields]
    fixed = {
        "history_date": when,
        "history_type": "+" if created else "~",
        "history_user_id": user.pk if user is not None else None,
    }
    params = []
    for row in rows:
        fixed["history_change_reason"] = getattr(row, "_change_reason", None) or reason
        params.append(
            [
                convert(getattr(row, f.attname) if f.attname in tracked else fixed[f.attname])
                for f, convert in zip(fields, converters, strict=True)
            ]
        )
    _execute_many(history_model, _insert_sql(history_model, fields), params)
