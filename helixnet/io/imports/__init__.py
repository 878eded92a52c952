"""Importers: turn outside exports (CORDIS, any CSV/XLSX table) into helixnet data."""
