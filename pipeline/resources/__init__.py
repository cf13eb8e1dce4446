"""The resources layer: every rule and gazetteer file, loaded and validated in one place.

`load_resources` reads rules/vocabularies.yaml first, then every other file checked against it, and
returns one frozen bundle the stages are built from; no stage reads a file itself. A bad entry
raises DataFileError naming its file and line. The data folders are the ones shipped with the
package, unless an option or the environment (GOVREPORT_RULES, GOVREPORT_GAZETTEER) names others:
that is how a domain expert tries an edit on a copy.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .files import DataFileError

if TYPE_CHECKING:  # the loaders are imported when data is loaded: a pipeline read from the cache needs none
    from .agreement_rules import AgreementRules
    from .count_rules import CountRules
    from .date_rules import DateRules
    from .english_rules import EnglishRules
    from .entity_rules import OrgSuffix, Title
    from .gazetteer import Org, Place
    from .vocabularies import Vocabularies

PACKAGE_DIR = Path(__file__).resolve().parent.parent
RULES_ENV, GAZETTEER_ENV = "GOVREPORT_RULES", "GOVREPORT_GAZETTEER"

__all__ = ["DataFileError", "Gazetteer", "Resources", "bundled_dir", "gazetteer_dir", "load_resources",
           "rules_dir", "shared_resources", "shared_vocabularies"]


def bundled_dir(name: str) -> Path:
    """A data folder shipped with govreport: inside the installed package (a wheel puts rules/ and
    gazetteer/ in govreport/data/), else beside the code (a checkout or an editable install)."""
    installed = PACKAGE_DIR / "data" / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


def rules_dir(given: Path | str | None = None) -> Path:
    return Path(given or os.environ.get(RULES_ENV) or bundled_dir("rules"))


def gazetteer_dir(given: Path | str | None = None) -> Path:
    return Path(given or os.environ.get(GAZETTEER_ENV) or bundled_dir("gazetteer"))


@dataclass(frozen=True)
class Gazetteer:
    """What the entity grammar reads: the gazetteer's lists and the entity rule files."""

    places: tuple[Place, ...]
    orgs: tuple[Org, ...]
    surnames: dict[str, str]  # folded surname -> origin
    given_names: dict[str, str]  # folded given name -> origin
    titles: tuple[Title, ...]
    modifiers: dict[str, str]  # modifier word -> English
    org_suffixes: tuple[OrgSuffix, ...]
    rules: dict[str, Any]  # rules/entities.yaml, validated


@dataclass(frozen=True)
class Resources:
    vocab: Vocabularies
    gazetteer: Gazetteer
    agreements: AgreementRules
    counts: CountRules
    dates: DateRules
    english: EnglishRules
    rules_dir: Path
    gazetteer_dir: Path


def load_resources(rules: Path | str | None = None, gazetteer: Path | str | None = None) -> Resources:
    from .agreement_rules import load_agreement_rules
    from .count_rules import load_count_rules
    from .date_rules import load_date_rules
    from .english_rules import load_english_rules
    from .entity_rules import check_org_kinds, load_entity_rules, load_org_suffixes, load_titles
    from .gazetteer import load_given_names, load_orgs, load_places, load_surnames
    from .vocabularies import load_vocabularies

    rules, gazetteer = rules_dir(rules), gazetteer_dir(gazetteer)
    for folder in (rules, gazetteer):
        if not folder.is_dir():
            raise DataFileError(folder, None, "no such data folder")
    vocab = load_vocabularies(rules)
    titles, modifiers = load_titles(rules / "titles.yaml")
    entity_rules = load_entity_rules(rules / "entities.yaml")
    check_org_kinds(entity_rules, vocab, rules / "entities.yaml")
    return Resources(
        vocab=vocab,
        gazetteer=Gazetteer(
            places=load_places(gazetteer, vocab),
            orgs=load_orgs(gazetteer, vocab),
            surnames=load_surnames(gazetteer, vocab),
            given_names=load_given_names(gazetteer, vocab),
            titles=titles,
            modifiers=modifiers,
            org_suffixes=load_org_suffixes(rules / "org_suffixes.yaml", vocab),
            rules=entity_rules,
        ),
        agreements=load_agreement_rules(rules, vocab),
        counts=load_count_rules(rules, vocab),
        dates=load_date_rules(rules),
        english=load_english_rules(rules, vocab),
        rules_dir=rules,
        gazetteer_dir=gazetteer,
    )


@lru_cache(maxsize=4)
def _shared_vocabularies(rules: Path) -> Vocabularies:
    from .vocabularies import load_vocabularies

    return load_vocabularies(rules)


def shared_vocabularies(rules: Path | str | None = None) -> Vocabularies:
    """The closed vocabularies of a rules folder (the bundled one by default), loaded once per process."""
    return _shared_vocabularies(rules_dir(rules).resolve())


@lru_cache(maxsize=4)
def _shared(rules: Path, gazetteer: Path) -> Resources:
    return load_resources(rules, gazetteer)


def shared_resources(rules: Path | str | None = None, gazetteer: Path | str | None = None) -> Resources:
    """The resources of these folders (the bundled ones by default), loaded once per process."""
    return _shared(rules_dir(rules).resolve(), gazetteer_dir(gazetteer).resolve())
