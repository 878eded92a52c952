"""Every data file of the package is shipped: a non-editable install (the README's quick start)
holds only the files that ``[options.package_data]`` in setup.cfg names.

Regression: the shipped scenario plans (``helixnet/scenarios/plans/*.toml``) were left out of
the wheel, so ``pip install . && helixnet report`` ran no plans; the tests, run from the
source tree, could not notice.
"""

from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def package_data_patterns() -> dict[str, list[str]]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return {package: [p.strip() for p in value.split(",") if p.strip()]
            for package, value in config["options.package_data"].items()}


def shipped(path: Path, patterns: dict[str, list[str]]) -> bool:
    for package, globs in patterns.items():
        folder = ROOT / package.replace(".", "/")
        if folder in path.parents and any(path.relative_to(folder).match(g) and
                                          len(path.relative_to(folder).parts) == len(Path(g).parts) for g in globs):
            return True
    return False


def test_every_data_file_of_the_package_is_in_package_data():
    patterns = package_data_patterns()
    data_files = [p for p in (ROOT / "helixnet").rglob("*")
                  if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]
    assert data_files, "the package holds data files (templates, catalogues, TOML)"
    missing = [str(p.relative_to(ROOT)) for p in data_files if not shipped(p, patterns)]
    assert missing == [], f"not in setup.cfg [options.package_data], so not installed: {missing}"


def test_the_check_can_fail():
    patterns = {"helixnet.scenarios": ["*.toml"]}
    assert shipped(ROOT / "helixnet/scenarios/parameters.toml", patterns)
    assert not shipped(ROOT / "helixnet/scenarios/plans/all-commercial.toml", patterns)
