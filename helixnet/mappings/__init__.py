"""Example mapping files (TOML) for :func:`helixnet.io.imports.table.import_table`.

``h2020.toml`` reads the derived CORDIS Horizon 2020 participation table ``h2020.csv``;
``fris.toml`` reads a VLAIO/FRIS-style Excel export with the sheets Organisaties,
Projecten and Deelnames. See ``docs/import-mapping.md``.
"""
