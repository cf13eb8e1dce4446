"""What installs is one package, govreport, with its data inside: a built wheel, used from another
folder, runs and finds its rules and gazetteer; nothing named `pipeline` or `evaluation` installs."""
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)], check=True,
                   capture_output=True)
    [built] = out.glob("govreport-*.whl")
    return built


def test_the_wheel_holds_one_package_with_its_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"govreport"}
    for data in ("govreport/data/rules/agreements.yaml", "govreport/data/rules/vocabularies.yaml",
                 "govreport/data/gazetteer/lists.yaml", "govreport/data/gazetteer/cities_curated.tsv",
                 "govreport/schema/extraction.schema.json", "govreport/evaluation/scorer.py"):
        assert data in names
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "[spacy_factories]" in entry_points and "govreport = govreport.components:make_govreport" in entry_points


def test_the_unpacked_wheel_runs_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import govreport, sys; nlp = govreport.load(); doc = nlp('高雄市與京都市簽署合作備忘錄。'); "
            "print(govreport.__file__); print([s.label for s in doc.spans]); "
            "import importlib.util; print(importlib.util.find_spec('pipeline'), importlib.util.find_spec('evaluation'))")
    # -I would drop PYTHONPATH; -s and -E keep the user's site and environment variables out instead.
    env = {"PYTHONPATH": str(site), "HOME": str(tmp_path), "GOVREPORT_CACHE": str(tmp_path / "cache"),
           "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-s", "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    where, labels, missing = result.stdout.splitlines()
    assert where.startswith(str(site)) and labels == "['CITY', 'CITY', 'AGREEMENT']" and missing == "None None"
