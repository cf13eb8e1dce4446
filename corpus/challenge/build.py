#!/usr/bin/env python3
"""Build the synthetic challenge set from inline-annotated sources.

Sources: annotated/<doc_id>.ann (UTF-8). Each marked span is written
    [[CODE|surface|arg|arg...]]
and the marks are stripped to give the plain text; offsets are computed, never typed.

Codes and arguments (an empty argument means "default" / null):
    CI  CITY       [[CI|surface]] or [[CI|surface|full name]]        name_en from PLACES[full name]
    CO  COUNTRY    [[CO|surface]] or [[CO|surface|short name]]       name_en from PLACES[short name]
    OR  ORG        [[OR|surface]] or [[OR|surface|spelled-out name]]
    OF  OFFICIAL   [[OF|surface|name|name_en|title]]
    AG  AGREEMENT  [[AG|surface|type]]
    N   COUNT      [[N|surface|value|unit|approx]]
    D   DATE       [[D|surface|start|end|cal|inferred]]   cal r (roc, default) or g; inferred 1 or 0 (default)
    OV  two overlapping spans (ORG + OFFICIAL sharing a character, LABELLING.md decided case):
                   [[OV|surface|OR=org part|OF=official part;name;name_en;title]]
                   the ORG part must be a prefix and the OFFICIAL part a suffix of the surface.

Usage: python3 build.py [--check] [FOLDER]
    write FOLDER/text/*.txt and FOLDER/gold.jsonl from FOLDER/annotated/*.ann, then verify (FOLDER defaults
    to this script's own; another set, such as corpus/challenge-b, is built by the same script);
    --check verifies only (text/*.txt and gold.jsonl must match the sources).
A set may add English names of places in FOLDER/places.json ({"full name": "English name"}) and event gold
in FOLDER/events.jsonl (LABELLING.md, Agreement events), whose doc_ids, types, actions and evidence (a
substring of the document's text) are checked.
Only the standard library is used.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ACTIONS = {"signed", "planned", "anniversary", "other"}

LABELS = {"CI": "CITY", "CO": "COUNTRY", "OR": "ORG", "OF": "OFFICIAL",
          "AG": "AGREEMENT", "N": "COUNT", "D": "DATE"}
AG_TYPES = {"sister_city", "friendship_city", "partnership", "mou", "agreement",
            "declaration", "sister_school", "letter_of_intent", "other"}
APPROX = {None, "more_than", "about", "at_least"}

# full name (CITY) or short name (COUNTRY) -> English name
PLACES = {
    # countries
    "臺灣": "Taiwan", "日本": "Japan", "韓國": "South Korea", "美國": "United States",
    "瓜地馬拉": "Guatemala", "馬紹爾群島": "Marshall Islands", "巴拉圭": "Paraguay",
    "德國": "Germany", "荷蘭": "Netherlands", "泰國": "Thailand", "帛琉": "Palau",
    "印尼": "Indonesia", "越南": "Vietnam", "菲律賓": "Philippines", "聖露西亞": "Saint Lucia",
    "捷克": "Czech Republic", "吐瓦魯": "Tuvalu", "立陶宛": "Lithuania", "法國": "France",
    # Taiwanese cities and counties
    "臺北市": "Taipei", "臺中市": "Taichung", "臺南市": "Tainan", "桃園市": "Taoyuan",
    "新北市": "New Taipei", "宜蘭縣": "Yilan County", "花蓮縣": "Hualien County",
    "蘇澳鎮": "Su'ao Township", "頭城鎮": "Toucheng Township",
    # foreign sub-national places
    "首爾特別市": "Seoul", "德克薩斯州": "Texas", "休士頓市": "Houston",
    "瓜地馬拉市": "Guatemala City", "馬久羅環礁": "Majuro", "東京都": "Tokyo",
    "大阪府": "Osaka Prefecture", "靜岡縣": "Shizuoka Prefecture", "東方市": "Ciudad del Este",
    "密西根州": "Michigan", "石川縣": "Ishikawa Prefecture", "金澤市": "Kanazawa",
    "台夫特市": "Delft", "清邁府": "Chiang Mai Province", "慶州市": "Gyeongju",
    "艾萊州": "Airai State", "西爪哇省": "West Java", "萬隆市": "Bandung",
    "千葉縣": "Chiba Prefecture", "成田市": "Narita", "堺市": "Sakai",
    "仁川廣域市": "Incheon", "福岡縣": "Fukuoka Prefecture", "柳川市": "Yanagawa",
    "普萊諾市": "Plano", "卡斯翠市": "Castries", "沖繩縣": "Okinawa Prefecture",
    "與那國町": "Yonaguni", "夏威夷州": "Hawaii", "茂宜郡": "Maui County",
    "北寧省": "Bac Ninh Province", "胡志明市": "Ho Chi Minh City", "華城市": "Hwaseong", "史瓦帝尼": "Eswatini", "曼齊尼市": "Manzini", "英國": "United Kingdom", "蘇格蘭": "Scotland", "亞伯丁市": "Aberdeen", "加利福尼亞州": "California", "佛利蒙市": "Fremont", "巴登－符騰堡邦": "Baden-Württemberg", "考納斯市": "Kaunas", "宿霧省": "Cebu", "富納富提": "Funafuti", "京畿道": "Gyeonggi Province",
}

MARK = re.compile(r"\[\[(.*?)\]\]", re.S)


def none_if_empty(s):
    return s if s != "" else None


def num(s):
    v = float(s)
    return int(v) if v.is_integer() else v


def make_norm(code, surface, args, where, places):
    def need(cond, msg):
        if not cond:
            raise ValueError(f"{where}: {code}|{surface}: {msg}")
    if code in ("CI", "CO"):
        name = args[0] if args and args[0] else surface
        need(name in places, f"no English name for {name!r}")
        return {"name": name, "name_en": places[name]}
    if code == "OR":
        return {"name": args[0] if args and args[0] else surface}
    if code == "OF":
        need(len(args) == 3, "needs name|name_en|title")
        name, name_en, title = args
        need(name and title, "name and title required")
        return {"name": name, "name_en": none_if_empty(name_en), "title": title}
    if code == "AG":
        need(len(args) == 1 and args[0] in AG_TYPES, "needs a valid type")
        return {"type": args[0]}
    if code == "N":
        need(len(args) in (2, 3), "needs value|unit[|approx]")
        approx = none_if_empty(args[2]) if len(args) == 3 else None
        need(approx in APPROX, "bad approx")
        bare = re.fullmatch(r"[0-9０-９,，]+", surface) is not None   # table cell: unit from header
        need(bare or surface.endswith(args[1]), "unit not at end of surface")
        return {"value": num(args[0]), "unit": args[1], "approx": approx}
    if code == "D":
        need(1 <= len(args) <= 4, "needs start[|end|cal|inferred]")
        start = args[0]
        end = args[1] if len(args) > 1 and args[1] else start
        cal = {"r": "roc", "g": "gregorian", "": "roc"}[args[2] if len(args) > 2 else ""]
        inferred = (args[3] if len(args) > 3 else "0") == "1"
        for v in (start, end):
            need(re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", v), f"bad date {v!r}")
        need(start <= end, "start after end")
        return {"start": start, "end": end, "calendar": cal, "year_inferred": inferred}
    raise ValueError(f"{where}: unknown code {code}")


def parse(src, where, places):
    out, spans, pos = [], [], 0
    for m in MARK.finditer(src):
        out.append(src[pos:m.start()])
        base = sum(len(x) for x in out)
        fields = m.group(1).split("|")
        code, surface, args = fields[0], fields[1], fields[2:]
        if code == "OV":
            org_part, off_part = args
            assert org_part.startswith("OR=") and off_part.startswith("OF=")
            org = org_part[3:]
            off, name, name_en, title = off_part[3:].split(";")
            if not (surface.startswith(org) and surface.endswith(off) and len(org) + len(off) > len(surface)):
                raise ValueError(f"{where}: bad OV {surface}")
            spans.append({"start": base, "end": base + len(org), "label": "ORG", "norm": {"name": org},
                          "_surface": org})
            s = base + len(surface) - len(off)
            spans.append({"start": s, "end": s + len(off), "label": "OFFICIAL",
                          "norm": {"name": name, "name_en": none_if_empty(name_en), "title": title},
                          "_surface": off})
        else:
            spans.append({"start": base, "end": base + len(surface), "label": LABELS[code],
                          "norm": make_norm(code, surface, args, where, places), "_surface": surface})
        out.append(surface)
        pos = m.end()
    out.append(src[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError(f"{where}: unbalanced mark")
    return text, spans


def verify(rec, spans_surface):
    text = rec["text"]
    prev_end = -1
    for sp, surf in zip(rec["spans"], spans_surface):
        seg = text[sp["start"]:sp["end"]]
        assert seg == surf, (rec["doc_id"], sp, seg)
        assert seg == seg.strip() and seg, (rec["doc_id"], "whitespace at edge", seg)
        assert seg[0] not in "，。、；：（）()「」" and seg[-1] not in "，。、；：「」", (rec["doc_id"], seg)
        # no overlaps except the ORG/OFFICIAL OV case
        if sp["start"] < prev_end:
            assert sp["label"] == "OFFICIAL" and prev_label == "ORG", (rec["doc_id"], "overlap", seg)
        prev_end, prev_label = sp["end"], sp["label"]


def verify_events(path, texts):
    """Each event names a document of the set, a valid type and action, and evidence its text holds."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        event = json.loads(line)
        where = f"{path}:{number}"
        assert event["doc_id"] in texts, f"{where}: unknown doc_id"
        assert event["type"] in AG_TYPES and event["action"] in ACTIONS, f"{where}: bad type or action"
        assert set(event["partner"]) == {"city", "country"} and event["partner"]["country"], f"{where}: bad partner"
        assert event["evidence"] in texts[event["doc_id"]], f"{where}: evidence not in the text"


def build(folder=HERE, check_only=False):
    ann_dir, text_dir, gold = folder / "annotated", folder / "text", folder / "gold.jsonl"
    extra = folder / "places.json"
    places = {**PLACES, **(json.loads(extra.read_text(encoding="utf-8")) if extra.exists() else {})}
    records, counts, per_doc = [], Counter(), {}
    text_dir.mkdir(exist_ok=True)
    for ann in sorted(ann_dir.glob("*.ann")):
        doc_id = ann.stem
        src = ann.read_text(encoding="utf-8")
        text, spans = parse(src, doc_id, places)
        surfaces = [s.pop("_surface", None) for s in spans]
        spans_sorted = sorted(zip(spans, surfaces), key=lambda p: (p[0]["start"], p[0]["end"]))
        spans = [p[0] for p in spans_sorted]
        surfaces = [p[1] for p in spans_sorted]
        txt_path = text_dir / f"{doc_id}.txt"
        rec = {"doc_id": doc_id, "text": text,
               "meta": {"source": txt_path.relative_to(ROOT).as_posix(), "synthetic": True},
               "spans": [{"start": s["start"], "end": s["end"], "label": s["label"], "norm": s["norm"]} for s in spans]}
        verify(rec, surfaces)
        if check_only:
            assert txt_path.read_text(encoding="utf-8") == text, f"{txt_path} differs from source"
        else:
            txt_path.write_text(text, encoding="utf-8")
        records.append(rec)
        c = Counter(s["label"] for s in spans)
        per_doc[doc_id] = (len(text), c)
        counts.update(c)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if check_only:
        assert gold.read_text(encoding="utf-8") == lines, "gold.jsonl differs from sources"
    else:
        gold.write_text(lines, encoding="utf-8")
    # re-read and re-verify what is on disk
    texts = {}
    for line in gold.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        t = (ROOT / r["meta"]["source"]).read_text(encoding="utf-8")
        assert t == r["text"], r["doc_id"]
        for sp in r["spans"]:
            assert 0 <= sp["start"] < sp["end"] <= len(t)
        texts[r["doc_id"]] = t
    if (folder / "events.jsonl").exists():
        verify_events(folder / "events.jsonl", texts)
    order = ["CITY", "COUNTRY", "ORG", "OFFICIAL", "AGREEMENT", "COUNT", "DATE"]
    print("doc\tchars\t" + "\t".join(order) + "\ttotal")
    for d, (n, c) in per_doc.items():
        print(f"{d}\t{n}\t" + "\t".join(str(c[k]) for k in order) + f"\t{sum(c.values())}")
    print(f"all\t\t" + "\t".join(str(counts[k]) for k in order) + f"\t{sum(counts.values())}")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--check"]
    build(Path(arguments[0]).resolve() if arguments else HERE, check_only="--check" in sys.argv[1:])
