import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))  # tests/pdfmaker.py

CORPUS_PDF = ROOT / "corpus" / "pdf"
CORPUS_TEXT = ROOT / "corpus" / "text"
HARD = Path(__file__).parent / "fixtures" / "hard"
STEMS = sorted(p.stem for p in CORPUS_PDF.glob("*.pdf"))


@pytest.fixture(scope="session")
def pipeline():
    from govreport.pipeline import Pipeline

    return Pipeline()


def resources():
    """The bundled rules and gazetteer, loaded once per process."""
    from govreport.resources import shared_resources

    return shared_resources()


def copy_data(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the bundled rules/ and gazetteer/ folders, to edit in a test: (rules, gazetteer)."""
    import shutil

    from govreport.resources import gazetteer_dir, rules_dir

    rules, gazetteer = tmp_path / "rules", tmp_path / "gazetteer"
    shutil.copytree(rules_dir(), rules)
    shutil.copytree(gazetteer_dir(), gazetteer)
    return rules, gazetteer


def edit_data(tmp_path: Path, file: str, edit) -> tuple[Path, Path, Path]:
    """Copies of the data folders with `file` ("rules/counts.yaml", "gazetteer/lists.yaml") rewritten
    by edit(text): (rules, gazetteer, the edited file)."""
    rules, gazetteer = copy_data(tmp_path)
    path = tmp_path / file
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return rules, gazetteer, path


def normalise_stage():
    """The normalise stage as the pipeline builds it (with the name joiners of the bundled rules)."""
    from govreport.normalise import NormaliseStage

    return NormaliseStage(resources().gazetteer.rules["name_joiners"])
