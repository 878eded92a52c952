"""Build the synthetic VLAIO/FRIS-style Excel export ``fris_export.xlsx``.

Run ``python tests/data/fris/make_sample.py`` to rewrite the file; the tests build their
own copies (and broken variants) with :func:`build_workbook`. All names and KBO numbers are
made up (the spearhead cluster names are the real, public cluster names).
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

ORG_HEADER = ("KBO-nummer", "Naam", "Type organisatie", "KMO", "Gemeente", "Provincie")
PROJECT_HEADER = ("Projectnummer", "Titel", "Programma", "Domein", "Startdatum", "Einddatum",
                  "Budget (EUR)", "Speerpuntcluster")
PARTICIPATION_HEADER = ("Projectnummer", "KBO-nummer", "Rol", "Budget (EUR)")

ORGANISATIONS = [
    ("0899.100.101", "Catalisti", "Cluster", None, "Antwerpen", "Antwerpen"),
    ("0899.100.102", "Flux50", "Cluster", None, "Mechelen", "Antwerpen"),
    ("0899.100.103", "VIL", "Cluster", None, "Antwerpen", "Antwerpen"),
    ("0899.100.104", "MEDVIA", "Cluster", None, "Gent", "Oost-Vlaanderen"),
    ("0899.100.105", "De Blauwe Cluster", "Cluster", None, "Oostende", "West-Vlaanderen"),
    ("0899.100.106", "Flanders' FOOD", "Cluster", None, "Brussel", "Brussels Hoofdstedelijk Gewest"),
    ("0899.200.201", "Universiteit Scheldeland", "Universiteit", None, "Gent", "Oost-Vlaanderen"),
    ("0899.200.202", "Vrije Universiteit Leiedal", "Universiteit", None, "Kortrijk", "West-Vlaanderen"),
    ("0899.200.203", "Universiteit Kempenland", "Universiteit", None, "Hasselt", "Limburg"),
    ("0899.200.204", "Hogeschool Dender", "Hogeschool", None, "Aalst", "Oost-Vlaanderen"),
    ("0899.200.205", "Hogeschool Westhoek", "Hogeschool", None, "Brugge", "West-Vlaanderen"),
    ("0899.200.206", "Hogeschool Maasland", "Hogeschool", None, "Genk", "Limburg"),
    ("0899.200.207", "Vlaams Instituut voor Materiaalonderzoek", "SOC", None, "Leuven", "Vlaams-Brabant"),
    ("0899.200.208", "Centrum voor Energietechnologie", "SOC", None, "Mol", "Antwerpen"),
    ("0899.300.301", "Stad Scheldeveld", "Overheid", None, "Dendermonde", "Oost-Vlaanderen"),
    ("0899.300.302", "Gemeente Bosdonk", "Overheid", None, "Bree", "Limburg"),
    ("0899.300.303", "Havenbedrijf Noordzee-Schelde", "Overheid", None, "Zeebrugge", "West-Vlaanderen"),
    ("0899.400.401", "Burgerinitiatief Groene Wijk vzw", "Vzw/burgerorganisatie", None, "Gent", "Oost-Vlaanderen"),
    ("0899.400.402", "Patiëntenplatform Gezond Leven vzw", "Vzw/burgerorganisatie", None, "Leuven", "Vlaams-Brabant"),
    ("0899.400.403", "Voedselteam Midden vzw", "Vzw/burgerorganisatie", None, "Roeselare", "West-Vlaanderen"),
    ("0899.500.501", "Polymeertech NV", "Bedrijf", "ja", "Zwijnaarde", "Oost-Vlaanderen"),
    ("0899.500.502", "Hydrovolt BV", "Bedrijf", "ja", "Geel", "Antwerpen"),
    ("0899.500.503", "Logistiek Noord BV", "Bedrijf", "Ja", "Willebroek", "Antwerpen"),
    ("0899.500.504", "Medisense BV", "Bedrijf", "ja", "Heverlee", "Vlaams-Brabant"),
    ("0899.500.505", "Aquafarm Kust NV", "Bedrijf", "ja", "Nieuwpoort", "West-Vlaanderen"),
    ("0899.500.506", "Bakkerij Devos BV", "Bedrijf", "ja", "Tielt", "West-Vlaanderen"),
    ("0899.500.507", "Chemco Solutions NV", "Bedrijf", "nee", "Zwijndrecht", "Antwerpen"),
    ("0899.500.508", "Zeevaart Logistics NV", "Bedrijf", "nee", "Antwerpen", "Antwerpen"),
    ("0899.500.509", "Datapuls BV", "bedrijf", "ja", "Hasselt", "Limburg"),
    ("0899.500.510", "Agrivorm BV", "Bedrijf", "nee", "Lochristi", "Oost-Vlaanderen"),
]


def _date(year: int, month: int) -> datetime.datetime:
    return datetime.datetime(year, month, 1)


# Budget as a number, except one written as text with a decimal comma (as typed by hand);
# one project has no end date (still running) and one no spearhead cluster.
PROJECTS = [
    ("HBC.2019.0101", "Biogebaseerde coatings voor verpakkingen", "ICON", "duurzame chemie", _date(2019, 1), _date(2022, 12), 2450000.0, "Catalisti"),
    ("HBC.2019.0102", "Warmtenetten in kleine kernen", "ICON", "energietransitie", _date(2019, 9), _date(2023, 8), 1875000.5, "Flux50"),
    ("HBC.2020.0201", "Synchromodaal transport op de Schelde", "O&O bedrijfsproject", "logistiek", _date(2020, 3), _date(2022, 2), 640000.0, "VIL"),
    ("HBC.2020.0202", "Draagbare sensoren voor thuiszorg", "ICON", "gezondheidstechnologie", _date(2020, 6), _date(2024, 5), 3100000.0, "MEDVIA"),
    ("HBC.2020.0203", "Offshore aquacultuur bij windparken", "cSBO", "blauwe economie", _date(2020, 10), _date(2024, 9), "1.250.000,50", "De Blauwe Cluster"),
    ("HBC.2021.0301", "Zoutarme broodrecepturen", "O&O bedrijfsproject", "agrovoeding", _date(2021, 1), _date(2022, 12), 480000.0, "Flanders' FOOD"),
    ("HBC.2021.0302", "Circulaire polymeren uit afvalstromen", "cSBO", "duurzame chemie", _date(2021, 4), _date(2025, 3), 2980000.0, "catalisti"),
    ("HBC.2021.0303", "Energiegemeenschappen in de wijk", "Interreg Vlaanderen-Nederland", "energietransitie", _date(2021, 9), _date(2024, 8), 1520000.0, "Flux50"),
    ("HBC.2021.0304", "Slimme stadsdistributie", "EFRO", "logistiek", _date(2021, 10), _date(2023, 9), 890000.0, "VIL"),
    ("HBC.2022.0401", "Digitale tweeling van de haven", "ICON", "blauwe economie", _date(2022, 1), _date(2025, 12), 2200000.0, "De Blauwe Cluster"),
    ("HBC.2022.0402", "Vroege diagnose met AI", "ICON", "gezondheidstechnologie", _date(2022, 5), None, 2750000.0, "MEDVIA"),
    ("HBC.2022.0403", "Korte keten voedselplatform", "EFRO", "agrovoeding", _date(2022, 9), _date(2024, 8), 560000.0, "Flanders' FOOD"),
    ("HBC.2023.0501", "Groene waterstof voor kmo's", "O&O bedrijfsproject", "energietransitie", _date(2023, 1), _date(2024, 12), 730000.0, None),
    ("HBC.2023.0502", "Biobased isolatiematerialen", "Interreg Vlaanderen-Nederland", "duurzame chemie", _date(2023, 3), _date(2026, 2), 1340000.0, "Catalisti"),
    ("HBC.2023.0503", "Batterijopslag voor logistieke hubs", "ICON", "energietransitie", _date(2023, 6), _date(2026, 5), 1980000.0, "Flux50"),
]

ROLES = ("Partner", "Partner", "Partner", "Gebruikersgroep", "Onderaannemer")


def participations() -> list[tuple]:
    """Deelnames rows: a coordinator and 2-4 partners per project, plus one repeated pair."""
    rng = random.Random(4)
    members = [o[0] for o in ORGANISATIONS if o[2] != "Cluster"]
    rows = []
    for project in PROJECTS:
        chosen = rng.sample(members, rng.randint(3, 5))
        for position, kbo in enumerate(chosen):
            role = "Coördinator" if position == 0 else rng.choice(ROLES)
            rows.append((project[0], kbo, role, float(rng.randrange(40, 900) * 1000)))
    # The same company twice in one project (partner and subcontractor), budget as text.
    first = rows[1]
    rows.insert(2, (first[0], first[1], "Onderaannemer", "125.000,00"))
    return rows


def build_workbook(path: str | Path, *, formula_cell: str | None = None, merge_header: bool = False,
                   organisations: list[tuple] | None = None, projects: list[tuple] | None = None,
                   deelnames: list[tuple] | None = None) -> Path:
    """Write the sample to ``path``; optionally with a formula or a merged header (defects).

    Parameters
    ----------
    formula_cell : str, optional
        Cell of the Deelnames sheet (e.g. ``"D5"``) to replace by a formula.
    merge_header : bool
        Put a merged two-cell title over the Einddatum / Budget columns of Projecten.
    organisations, projects, deelnames : list of tuple, optional
        Rows to use instead of the default sample.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.properties.creator = "helixnet tests"
    workbook.properties.created = datetime.datetime(2024, 1, 1)
    workbook.properties.modified = datetime.datetime(2024, 1, 1)
    sheets = (
        ("Organisaties", ORG_HEADER, organisations if organisations is not None else ORGANISATIONS),
        ("Projecten", PROJECT_HEADER, projects if projects is not None else PROJECTS),
        ("Deelnames", PARTICIPATION_HEADER, deelnames if deelnames is not None else participations()),
    )
    workbook.remove(workbook.active)
    for name, header, rows in sheets:
        sheet = workbook.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for cell in sheet["E"] if name == "Projecten" else ():
            cell.number_format = "DD/MM/YYYY"
        for cell in sheet["F"] if name == "Projecten" else ():
            cell.number_format = "DD/MM/YYYY"
    # an empty row and a footer-free end, as exports often have trailing blank rows
    workbook["Deelnames"].append(())
    if formula_cell:
        workbook["Deelnames"][formula_cell] = f"=1000*{formula_cell[0]}2/1000"
    if merge_header:
        workbook["Projecten"].merge_cells("F1:G1")
    path = Path(path)
    workbook.save(path)
    return path


if __name__ == "__main__":
    target = build_workbook(Path(__file__).with_name("fris_export.xlsx"))
    print(f"wrote {target}")
