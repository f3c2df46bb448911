"""Write a synthetic framework of N capabilities, in this project's layout, for benchmarks.

    python benchmarks/generate.py 10000 /tmp/bench-10k

writes ``/tmp/bench-10k/framework/`` (framework.yaml, elements.yaml and one file
per domain of up to 1,000 capabilities, descriptors for every career stage,
mappings, and the archived text of its one source) and ``/tmp/bench-10k/single.yaml``:
the same data as one document, the shape ``linkml-validate`` accepts. Every
element declares its provenance (drafted; every tenth capability and every
mapping adapted, with a quote the provenance rules check against the archive).
The output is valid under the schema and every rule, and is the same for the
same N and seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

STAGES = 4
PER_DOMAIN = 1000
WORDS = ("learners educators placement feedback supervision assessment curriculum quality improvement "
         "coaching mentoring reflection evidence practice patients colleagues leadership research digital "
         "inclusion wellbeing protected time planning evaluation programme standards pathway").split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


ARCHIVE = "sources/benchmark.txt"
QUOTE = "Educators support learners in practice every day."
ARCHIVED_TEXT = ("Title: Benchmark source\nURL: not known (generated)\nPublisher: ahpfw benchmarks\n"
                 "Licence: Open Government Licence v3.0\nArchived: 2024-01-01\n\n"
                 f"A generated source text. {QUOTE} It exists so that quotes can be checked.\n")


def _drafted(numbered: bool = False) -> dict:
    """Provenance of an element the generator wrote: drafted (its number is the generator's own)."""
    return {"origin": "drafted", **({"figure_source": "the generator numbers its elements"} if numbered else {})}


def _adapted() -> dict:
    return {"origin": "adapted", "sources": ["ahpfw:SRC-0001"],
            "evidence": [{"source": "ahpfw:SRC-0001", "quote": QUOTE}]}


def build(n: int, seed: int = 1) -> tuple[dict, list[tuple[str, dict]]]:
    """The manifest and a list of (file name, content) for a framework of ``n`` capabilities."""
    rng = random.Random(seed)
    manifest = {
        "id": "ahpfw:FW-0001", "title": f"Synthetic framework of {n} capabilities", "version": "1.0.0",
        "status": "draft", "date": "2024-01-01", "publisher": "ahpfw benchmarks",
        "licence": "Open Government Licence v3.0", "description": "Generated for benchmarks.",
    }
    elements = {
        "sources": [{"id": "ahpfw:SRC-0001", "code": "SRC1", "name": "Benchmark source",
                     "title": "Benchmark source", "publisher": "ahpfw benchmarks", "archive": ARCHIVE}],
        "pillars": [{"id": "ahpfw:PIL-0001", "code": "PIL1", "name": "Education",
                     "description": _text(rng, 8), **_adapted()}],
        "career_stages": [{"id": f"ahpfw:STAGE-{s:04d}", "code": f"S{s}", "rank": s, "name": f"Stage {s}",
                           "description": _text(rng, 12), **_drafted(True)} for s in range(1, STAGES + 1)],
        "learning_needs": [{"id": f"ahpfw:NEED-{i:04d}", "code": f"LN{i}", "name": f"Need {i}",
                            **_drafted(True)} for i in range(1, 9)],
        "barriers": [{"id": f"ahpfw:BAR-{i:04d}", "code": f"B{i}", "name": f"Barrier {i}",
                      **_drafted(True)} for i in range(1, 7)],
        "priorities": [{"id": f"ahpfw:PRI-{i:04d}", "code": f"EP{i}", "name": f"Priority {i}",
                        **_drafted(True)} for i in range(1, 8)],
    }
    files: list[tuple[str, dict]] = [("elements.yaml", elements)]
    mappings = []
    cap = 0
    for d in range(1, (n + PER_DOMAIN - 1) // PER_DOMAIN + 1):
        caps = []
        for m in range(1, min(PER_DOMAIN, n - cap) + 1):
            cap += 1
            cid = f"ahpfw:CAP-{cap:06d}" if n >= 10000 else f"ahpfw:CAP-{cap:04d}"
            caps.append({
                "id": cid, "code": f"{d}.{m}", "name": _text(rng, 4)[:-1],
                "statement": _text(rng, 14), "rationale": _text(rng, 20),
                "meets_needs": [f"ahpfw:NEED-{cap % 8 + 1:04d}"],
                "addresses_barriers": [f"ahpfw:BAR-{cap % 6 + 1:04d}"],
                "supports_priorities": [f"ahpfw:PRI-{cap % 7 + 1:04d}"],
                "descriptors": [{"stage": f"ahpfw:STAGE-{s:04d}", "text": _text(rng, 22)}
                                for s in range(1, STAGES + 1)],
                **(_adapted() if cap % 10 == 0 else _drafted()),
            })
            if cap % 10 == 0:
                mappings.append({"id": f"ahpfw:MAP-{len(mappings) + 1:06d}" if n >= 10000
                                 else f"ahpfw:MAP-{len(mappings) + 1:04d}",
                                 "subject": cid, "predicate": "skos:relatedMatch",
                                 "object_id": f"ext:ITEM-{cap}", "object_label": _text(rng, 3),
                                 "object_source": "External framework", **_adapted()})
        files.append((f"domains/{d:03d}.yaml", {"domains": [{
            "id": f"ahpfw:DOM-{d:04d}", "code": str(d), "name": f"Domain {d}",
            "description": _text(rng, 10), **_drafted(True), "capabilities": caps}]}))
    files.append(("mappings.yaml", {"mappings": mappings}))
    manifest["include"] = [name for name, _ in files]
    return manifest, files


def write(n: int, out: Path, seed: int = 1) -> Path:
    """Write the framework folder and single.yaml under ``out``; return the framework folder."""
    manifest, files = build(n, seed)
    folder = out / "framework"
    (folder / "domains").mkdir(parents=True, exist_ok=True)
    (folder / ARCHIVE).parent.mkdir(exist_ok=True)
    (folder / ARCHIVE).write_text(ARCHIVED_TEXT, encoding="utf-8")
    dump = lambda data: yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),  # noqa: E731
                                  sort_keys=False, allow_unicode=True, width=100)
    (folder / "framework.yaml").write_text(dump(manifest), encoding="utf-8")
    single = {k: v for k, v in manifest.items() if k != "include"}
    for name, data in files:
        (folder / name).write_text(dump(data), encoding="utf-8")
        for key, value in data.items():
            single.setdefault(key, []).extend(value)
    (out / "single.yaml").write_text(dump(single), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of capabilities")
    parser.add_argument("out", type=Path, help="folder to write into")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(write(args.n, args.out, args.seed))


if __name__ == "__main__":
    main()
