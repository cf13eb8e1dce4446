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
    from pipeline.pipeline import Pipeline

    return Pipeline()
