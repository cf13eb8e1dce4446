"""Compares OCR engines on the two scanned test pages: Chinese characters in order, and seconds per page.

Not part of govreport: the README's table of engines ("Scanned pages (OCR)") came from this. Install the
engines to compare in a scratch environment beside govreport (each is skipped when it is missing):

    pip install 'rapidocr>=3.10' onnxruntime     # RapidOCR 3.x, govreport's engine
    pip install rapidocr-onnxruntime==1.4.4      # RapidOCR 1.x (PP-OCRv4)
    apt-get install tesseract-ocr tesseract-ocr-chi-tra tesseract-ocr-eng && pip install pytesseract
    python tools/compare_ocr.py [--dpi 150] [--repeats 3]

Each engine reads the page image pdfium renders, with one thread; its line texts are scored against the
clean page's text as govreport reads it from the clean PDF (page 10 of seed 000, page 2 of seed 001).
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import time
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parent.parent
PAGES = [  # (scan, its page index, the clean PDF, its page index)
    ("tests/fixtures/hard/000_fad1ad046325b54c_scan_p10.pdf", 0, "corpus/pdf/000_fad1ad046325b54c.pdf", 9),
    ("tests/fixtures/hard/001_e9a803379221be60_mixed_scan_p2.pdf", 1, "corpus/pdf/001_e9a803379221be60.pdf", 1),
]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract's OpenMP threads


def in_order(reference: str, text: str) -> float:
    a, b = CJK.findall(reference), CJK.findall(text)
    return sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()) / len(a)


def clean_page_text(path: str, index: int) -> str:
    import govreport

    record = govreport.extract(ROOT / path).to_dict()
    page = record["pages"][index]
    return record["text"][page["start"]:page["end"]]


def rapidocr_3():
    from rapidocr import RapidOCR

    engine = RapidOCR(params={"Global.log_level": "warning", "EngineConfig.onnxruntime.intra_op_num_threads": 1})
    return lambda image: "\n".join(engine(image).txts or [])


def rapidocr_1():
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=1)
    return lambda image: "\n".join(line[1] for line in engine(image)[0] or [])


def tesseract():
    import pytesseract

    return lambda image: pytesseract.image_to_string(image, lang="chi_tra+eng")


ENGINES = {"RapidOCR 3.x": rapidocr_3, "RapidOCR 1.x": rapidocr_1, "Tesseract": tesseract}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    pages = []
    for scan, index, clean, clean_index in PAGES:
        bitmap = pdfium.PdfDocument(ROOT / scan)[index].render(scale=args.dpi / 72)
        pages.append((Path(scan).name, np.ascontiguousarray(bitmap.to_numpy()), clean_page_text(clean, clean_index)))
    for name, make in ENGINES.items():
        try:
            read = make()
        except ImportError as exc:
            print(f"{name}: not installed ({exc})")
            continue
        for page, image, reference in pages:
            seconds = []
            for _ in range(args.repeats):
                started = time.perf_counter()
                text = read(image)
                seconds.append(time.perf_counter() - started)
            print(f"{name:13} {page:40} in order {in_order(reference, text):.1%}  "
                  f"{statistics.median(seconds):.2f} s/page (median of {args.repeats})")


if __name__ == "__main__":
    main()
