"""Mapping files: how the columns and values of an outside table become helixnet data.

A mapping is a small TOML file that tells :func:`helixnet.io.imports.table.import_table`
how to read one kind of export (a CSV file or an XLSX workbook). The full reference, with
examples, is ``docs/import-mapping.md``; in short::

    source = "cordis-h2020-table"     # slug naming the source (required)
    layout = "participations"         # one row per participation; or "sheets"
    delimiter = ","                   # CSV only: "," or ";" (default: detected)
    decimal = "."                     # decimal mark of numbers written as text: "." or ","
    na_values = ["NA"]                # texts meaning "missing" (default: none); or a table
                                      # {source column = [texts]} to limit them to columns
    cluster_key = "id"                # projects' cluster column holds an organisation
                                      # id ("id") or an organisation name ("name")
    sheet = "Blad1"                   # XLSX with layout "participations" (default: first)

    [sheets]                          # layout = "sheets" (XLSX): one sheet per table
    organisations = "Organisaties"
    projects = "Projecten"
    participations = "Deelnames"

    [id_prefix]                       # prepended to the ids of each table
    organisations = "pic-"
    projects = "h2020-"

    [columns.organisations]           # our field = source column
    id = "pic"
    helix = "type"
    [columns.projects]
    id = "rcn"
    start_date = "start_date"         # the year of a date, or start_year = a year column
    [columns.participations]
    role = "role"

    [extras.organisations]            # extra attribute columns kept as text
    municipality = "Gemeente"

    [values.helix]                    # source value = our value (case-insensitive)
    PRC = "bedrijf"

    [defaults.organisations]          # for fields the source lacks or leaves empty
    name = "PIC {pic}"                # text defaults are templates over the table's fields
    [defaults.projects]
    programme = "H2020"

    [themes]                          # project -> theme table beside the export (optional)
    file = "programme_parts.csv"      # path relative to the export's folder
    project = "rcn"                   # its project id column (the projects' id_prefix is added)
    theme = "programme_part"          # its theme column; several rows per project allowed

Target fields
-------------
organisations: ``id, name, helix, kind, sme, vat, pic, country, region, domain``;
projects: ``id, title, programme, theme, start_year | start_date, end_year | end_date,
budget_eur, cluster_id``; participations: ``role, budget_eur`` and, with layout
``sheets``, ``project_id, org_id``. Organisations need ``id`` mapped and ``name``,
``helix``, ``kind`` mapped or defaulted; projects need ``id`` and ``title``.

Every problem in a mapping (TOML syntax, unknown key or field, wrong type, a value or
default that is not valid, a missing required field) raises
:class:`~helixnet.errors.DataError` naming the mapping file and, where it can be found,
the line.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from helixnet import schema
from helixnet.io.toml import check_keys, find_key_line, parse_toml, read_toml
from helixnet.errors import DataError

TABLE_NAMES: tuple[str, ...] = ("organisations", "projects", "participations")
LAYOUTS: tuple[str, ...] = ("participations", "sheets")

#: Target fields per table and their type (str | helix | bool | year | date | float).
FIELDS: dict[str, dict[str, str]] = {
    "organisations": {
        "id": "str", "name": "str", "helix": "helix", "kind": "str", "sme": "bool",
        "vat": "str", "pic": "str", "country": "str", "region": "str", "domain": "str",
    },
    "projects": {
        "id": "str", "title": "str", "programme": "str", "theme": "str",
        "start_year": "year", "start_date": "date", "end_year": "year", "end_date": "date",
        "budget_eur": "float", "cluster_id": "str",
    },
    "participations": {"project_id": "str", "org_id": "str", "role": "str", "budget_eur": "float"},
}

#: Fields that must be mapped (or, except ids, given a default).
REQUIRED: dict[str, tuple[str, ...]] = {
    "organisations": ("id", "name", "helix", "kind"),
    "projects": ("id", "title"),
    "participations": (),
}

#: Fields a ``[values.<field>]`` table may translate, and the table they belong to.
VALUE_FIELDS: dict[str, str] = {
    "helix": "organisations", "kind": "organisations", "sme": "organisations",
    "country": "organisations", "region": "organisations", "domain": "organisations",
    "programme": "projects", "theme": "projects", "cluster_id": "projects",
    "role": "participations",
}

_ID_FIELDS = frozenset({"id", "project_id", "org_id"})
_TOP_KEYS = frozenset({
    "source", "description", "layout", "delimiter", "decimal", "na_values", "cluster_key",
    "sheet", "sheets", "id_prefix", "columns", "extras", "values", "defaults", "themes",
})
_THEME_KEYS = ("file", "project", "theme")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_EXTRA_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class TableMapping:
    """How one of our tables is read: field -> source column, extras, defaults, id prefix."""

    columns: dict[str, str] = field(default_factory=dict)
    extras: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, Any] = field(default_factory=dict)
    id_prefix: str = ""

    def source_columns(self) -> list[str]:
        """The source columns this table reads, each once, in mapping order."""
        return list(dict.fromkeys([*self.columns.values(), *self.extras.values()]))


@dataclass(frozen=True)
class Mapping:
    """A validated mapping file (see the module docstring for the format).

    Attributes
    ----------
    path : str
        The mapping file (``<built-in>`` for mappings built from a dict).
    source : str
        Slug naming the source.
    layout : str
        ``participations`` or ``sheets``.
    tables : dict
        Table name -> :class:`TableMapping`.
    values : dict
        Field -> {case-folded source value: our value}.
    """

    path: str
    source: str
    layout: str
    tables: dict[str, TableMapping]
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    delimiter: str | None = None
    decimal: str = "."
    na_all: frozenset[str] = frozenset()
    na_by_column: dict[str, frozenset[str]] = field(default_factory=dict)
    cluster_key: str = "id"
    sheet: str | None = None
    sheets: dict[str, str] = field(default_factory=dict)
    description: str = ""
    text: str = ""
    themes: dict[str, str] = field(default_factory=dict)

    def na_for(self, column: str) -> frozenset[str]:
        """The texts that mean "missing" in source ``column``."""
        return self.na_all | self.na_by_column.get(column, frozenset())

    def key_line(self, *keys: str) -> int | None:
        """Line of ``keys`` (a path such as ``("columns", "projects", "id")``) in the file."""
        return find_key_line(self.text, keys)

    def where(self, *keys: str) -> str:
        """``mapping.toml:12`` style location of ``keys``, for messages."""
        line = self.key_line(*keys)
        return f"{self.path}:{line}" if line else self.path


def shipped_mappings() -> list[str]:
    """Names of the mappings shipped in :mod:`helixnet.mappings` (e.g. ``h2020``)."""
    folder = resources.files("helixnet.mappings")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_mapping(mapping: str | Path) -> Mapping:
    """Read and validate a mapping file.

    Parameters
    ----------
    mapping : str or Path
        Path of a TOML mapping file, or the name of a shipped mapping (``h2020``,
        ``fris``; see :func:`shipped_mappings`).

    Returns
    -------
    Mapping

    Raises
    ------
    DataError
        The file is missing, is not TOML, or does not describe a valid mapping; the message
        names the file and, where known, the line.

    Examples
    --------
    >>> load_mapping("h2020").tables["organisations"].id_prefix
    'pic-'
    """
    path = Path(mapping)
    if not path.is_file() and str(mapping) in shipped_mappings():
        resource = resources.files("helixnet.mappings") / f"{mapping}.toml"
        return parse_mapping(resource.read_text(encoding="utf-8"), path=f"helixnet/mappings/{mapping}.toml")
    if not path.is_file():
        raise DataError(
            "mapping file not found; expected a TOML mapping file or a shipped mapping name "
            f"({', '.join(shipped_mappings())})", path=str(path))
    text, data = read_toml(path, "a TOML mapping file")
    return _Validator(data, text, str(path)).build()


def parse_mapping(text: str, *, path: str = "<mapping>") -> Mapping:
    """Parse and validate mapping ``text`` (TOML); ``path`` names it in messages."""
    return _Validator(parse_toml(text, path, "a TOML mapping file"), text, path).build()


class _Validator:
    """Checks the parsed TOML of one mapping and builds the :class:`Mapping`."""

    def __init__(self, data: dict[str, Any], text: str, path: str) -> None:
        self.data = data
        self.text = text
        self.path = path

    def fail(self, keys: tuple[str, ...], message: str) -> DataError:
        """A DataError at the line of ``keys`` naming the dotted key."""
        dotted = ".".join(keys)
        prefix = f"key '{dotted}': " if dotted else ""
        return DataError(prefix + message, path=self.path, line=find_key_line(self.text, keys))

    def build(self) -> Mapping:
        data = self.data
        self._check_keys((), data, _TOP_KEYS)
        source = self._string(("source",), required=True)
        if not _SLUG.match(source):
            raise self.fail(("source",), f"{source!r} is not a slug; expected lower-case letters, "
                                         "digits, '-' and '_' (e.g. 'cordis-h2020')")
        layout = self._choice(("layout",), LAYOUTS, "participations")
        tables = {name: self._table(name, layout) for name in TABLE_NAMES}
        mapping = Mapping(
            path=self.path,
            source=source,
            layout=layout,
            tables=tables,
            values=self._values(),
            delimiter=self._choice(("delimiter",), (",", ";"), None),
            decimal=self._choice(("decimal",), (".", ","), "."),
            na_all=self._na_all(),
            na_by_column=self._na_by_column(),
            cluster_key=self._choice(("cluster_key",), ("id", "name"), "id"),
            sheet=self._string(("sheet",)) or None,
            sheets=self._sheets(layout),
            description=self._string(("description",)),
            text=self.text,
            themes=self._themes(),
        )
        self._check_values_mapped(mapping)
        return mapping

    # -- generic checks ---------------------------------------------------------------
    def _check_keys(self, keys: tuple[str, ...], table: Any, allowed) -> None:
        if not isinstance(table, dict):
            raise self.fail(keys, f"is a {type(table).__name__}; expected a table")
        check_keys(table, sorted(allowed), lambda key, message: self.fail((*keys, key), message))

    def _section(self, keys: tuple[str, ...]) -> dict[str, Any]:
        node: Any = self.data
        for key in keys:
            if not isinstance(node, dict):
                raise self.fail(keys, "expected a table")
            node = node.get(key, {})
        if not isinstance(node, dict):
            raise self.fail(keys, f"is a {type(node).__name__}; expected a table")
        return node

    def _string(self, keys: tuple[str, ...], required: bool = False) -> str:
        value = self._section(keys[:-1]).get(keys[-1])
        if value is None:
            if required:
                raise self.fail(keys, "is missing; expected a text value")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(keys, f"is {value!r}; expected a non-empty text value")
        return value

    def _choice(self, keys: tuple[str, ...], allowed: tuple[str, ...], default: str | None):
        value = self._section(keys[:-1]).get(keys[-1], default)
        if value is not default and value not in allowed:
            raise self.fail(keys, f"is {value!r}; expected one of " + ", ".join(map(repr, allowed)))
        return value

    # -- sections ---------------------------------------------------------------------
    def _themes(self) -> dict[str, str]:
        section = self._section(("themes",))
        if not section:
            return {}
        self._check_keys(("themes",), section, _THEME_KEYS)
        return {key: self._string(("themes", key), required=True) for key in _THEME_KEYS}

    def _table(self, name: str, layout: str) -> TableMapping:
        for section in ("columns", "extras", "defaults", "id_prefix"):
            self._check_keys((section,), self._section((section,)), TABLE_NAMES)
        fields = FIELDS[name]
        columns = self._section(("columns", name))
        self._check_keys(("columns", name), columns, fields)
        for key, column in columns.items():
            if not isinstance(column, str) or not column.strip():
                raise self.fail(("columns", name, key), f"is {column!r}; expected a source column name")
        if name == "participations" and layout == "participations":
            for key in ("project_id", "org_id"):
                if key in columns:
                    raise self.fail(("columns", name, key), "is only used with layout = 'sheets'; with "
                                    "layout = 'participations' the ids come from columns.projects.id "
                                    "and columns.organisations.id")
        for year, date in (("start_year", "start_date"), ("end_year", "end_date")):
            if year in columns and date in columns:
                raise self.fail(("columns", name, date), f"and {year} are both mapped; expected one of them")
        extras = self._extras(name, fields)
        defaults = self._defaults(name, columns)
        for key in REQUIRED[name]:
            if key not in columns and (key in _ID_FIELDS or key not in defaults):
                how = "mapped" if key in _ID_FIELDS else "mapped or given a default"
                raise self.fail(("columns", name), f"does not map the field '{key}'; expected it {how} "
                                f"(columns.{name}.{key}" + ("" if key in _ID_FIELDS else f" or defaults.{name}.{key}") + ")")
        if name == "participations" and layout == "sheets":
            for key in ("project_id", "org_id"):
                if key not in columns:
                    raise self.fail(("columns", name), f"does not map the field '{key}'; expected it mapped "
                                    "with layout = 'sheets'")
        prefix = self._section(("id_prefix",)).get(name, "")
        if not isinstance(prefix, str):
            raise self.fail(("id_prefix", name), f"is {prefix!r}; expected a text value")
        return TableMapping(columns=dict(columns), extras=extras, defaults=defaults, id_prefix=prefix)

    def _extras(self, name: str, fields: dict[str, str]) -> dict[str, str]:
        extras = self._section(("extras", name))
        for key, column in extras.items():
            if not _EXTRA_NAME.match(key):
                raise self.fail(("extras", name, key), "is not a valid column name; expected lower-case "
                                "letters, digits and '_'")
            if key in fields or key in ("source", "file", "imported"):
                raise self.fail(("extras", name, key), f"is a field of {name}; expected an extra column "
                                f"name (map it under columns.{name})")
            if not isinstance(column, str) or not column.strip():
                raise self.fail(("extras", name, key), f"is {column!r}; expected a source column name")
        return dict(extras)

    def _defaults(self, name: str, columns: dict[str, str]) -> dict[str, Any]:
        defaults = self._section(("defaults", name))
        fields = FIELDS[name]
        self._check_keys(("defaults", name), defaults, fields)
        result: dict[str, Any] = {}
        for key, value in defaults.items():
            keys = ("defaults", name, key)
            kind = fields[key]
            if key in _ID_FIELDS or kind == "date":
                raise self.fail(keys, "cannot have a default; expected "
                                + ("a mapped column" if key in _ID_FIELDS else "a default for the _year field"))
            result[key] = self._default_value(keys, kind, value, columns)
        return result

    def _default_value(self, keys: tuple[str, ...], kind: str, value: Any, columns: dict[str, str]) -> Any:
        if kind == "str":
            if not isinstance(value, str) or not value.strip():
                raise self.fail(keys, f"is {value!r}; expected a non-empty text (template)")
            for placeholder in template_fields(value, self.path, find_key_line(self.text, keys)):
                if placeholder not in columns:
                    raise self.fail(keys, f"template {value!r} uses {{{placeholder}}}, which is not a mapped "
                                    f"field of {keys[1]}; expected one of " + ", ".join(sorted(columns)))
            return value
        if kind == "helix":
            helix = schema.normalise_helix(value) if isinstance(value, str) else None
            if helix is None:
                raise self.fail(keys, f"is {value!r}; expected a helix: " + ", ".join(schema.HELICES))
            return helix
        if kind == "bool":
            if not isinstance(value, bool):
                raise self.fail(keys, f"is {value!r}; expected true or false")
            return value
        if kind == "year":
            if not isinstance(value, int) or isinstance(value, bool) or not schema.MIN_YEAR <= value <= schema.MAX_YEAR:
                raise self.fail(keys, f"is {value!r}; expected a year between {schema.MIN_YEAR} and {schema.MAX_YEAR}")
            return value
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
            raise self.fail(keys, f"is {value!r}; expected a number >= 0")
        return float(value)

    def _values(self) -> dict[str, dict[str, Any]]:
        values = self._section(("values",))
        self._check_keys(("values",), values, VALUE_FIELDS)
        result: dict[str, dict[str, Any]] = {}
        for name, table in values.items():
            if not isinstance(table, dict):
                raise self.fail(("values", name), f"is {table!r}; expected a table of source value = our value")
            kind = FIELDS[VALUE_FIELDS[name]][name]
            translated: dict[str, Any] = {}
            for source_value, ours in table.items():
                keys = ("values", name, source_value)
                if kind == "helix":
                    target = schema.normalise_helix(ours) if isinstance(ours, str) else None
                    if target is None:
                        raise self.fail(keys, f"maps to {ours!r}; expected a helix: " + ", ".join(schema.HELICES))
                elif kind == "bool":
                    if not isinstance(ours, bool):
                        raise self.fail(keys, f"maps to {ours!r}; expected true or false")
                    target = ours
                else:
                    if not isinstance(ours, str) or not ours.strip():
                        raise self.fail(keys, f"maps to {ours!r}; expected a non-empty text value")
                    target = ours.strip()
                folded = source_value.strip().casefold()
                if folded in translated and translated[folded] != target:
                    raise self.fail(keys, f"differs only in case or spaces from another key that maps to "
                                    f"{translated[folded]!r}; expected one translation per value")
                translated[folded] = target
            result[name] = translated
        return result

    def _check_values_mapped(self, mapping: Mapping) -> None:
        for name in mapping.values:
            table = VALUE_FIELDS[name]
            if name not in mapping.tables[table].columns:
                raise self.fail(("values", name), f"translates a field that columns.{table} does not map; "
                                f"expected columns.{table}.{name}")

    def _na_all(self) -> frozenset[str]:
        value = self.data.get("na_values", [])
        if isinstance(value, dict):
            return frozenset()
        return self._text_list(("na_values",), value)

    def _na_by_column(self) -> dict[str, frozenset[str]]:
        value = self.data.get("na_values", [])
        if not isinstance(value, dict):
            return {}
        return {column: self._text_list(("na_values", column), texts) for column, texts in value.items()}

    def _text_list(self, keys: tuple[str, ...], value: Any) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(keys, f"is {value!r}; expected a list of texts such as [\"NA\", \"n/a\"]")
        return frozenset(v.strip() for v in value)

    def _sheets(self, layout: str) -> dict[str, str]:
        sheets = self._section(("sheets",))
        self._check_keys(("sheets",), sheets, TABLE_NAMES)
        if layout == "participations":
            if sheets:
                raise self.fail(("sheets",), "is only used with layout = 'sheets'; expected 'sheet' "
                                "(one sheet name) for layout = 'participations'")
            return {}
        if "sheet" in self.data:
            raise self.fail(("sheet",), "is only used with layout = 'participations'; expected [sheets]")
        for name in TABLE_NAMES:
            self._string(("sheets", name), required=True)
        return dict(sheets)


def template_fields(template: str, path: str = "<mapping>", line: int | None = None) -> list[str]:
    """The ``{field}`` placeholders of a default template, in order.

    Raises
    ------
    DataError
        The template is malformed or uses a format spec (``{id:>5}``).
    """
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise DataError(f"template {template!r} is malformed ({exc}); expected text with "
                        "{field} placeholders ({{ and }} for braces)", path=path, line=line) from None
    names = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion or not name:
            raise DataError(f"template {template!r} has placeholder {{{name}{'!' + conversion if conversion else ''}"
                            f"{':' + spec if spec else ''}}}; expected plain {{field}} placeholders",
                            path=path, line=line)
        names.append(name)
    return names
