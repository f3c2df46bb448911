"""Make the SYNTHETIC sample responses of consultations/2024-draft/ (fixed seed, reproducible).

    python consultations/generate_sample.py            # refuses if responses/ is not empty
    python consultations/generate_sample.py --replace  # throw the old sample away first

The respondents, their answers and their comments are made up: they are an
example of the consultation tools, not evidence about real people, and nothing in
the framework may cite them (rule AHP044). Only three things are borrowed from the
London survey of AHP education roles (framework source SRC2), and only as
labels and one figure: the names of the barriers and learning needs it lists,
the share of part-time roles it reports ("65% roles part time"), and the topics
of its key messages, which the planted comment themes echo (a career pathway,
substantive posts, quality improvement from the outset, pan-system roles) along
with themes the editors invented (administrative burden, digital capability).
Every other weight below (professions, career stages, organisations, regions,
how often each barrier or need is picked) is invented for the example; the
survey gives no profession mix and does not rank its barriers or needs.

Every response goes through the real path: a blank XLSX (or CSV) form is made by
ahpfw.consult.template, filled in as a respondent would with openpyxl (or the
csv module), and ingested by ahpfw.consult.ingest, in weekly batches. One
resubmitted form (a duplicate) and one form with a bad cell are included to show
that ingest skips and refuses them.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl

from ahpfw.consult import form
from ahpfw.consult.consultation import consulted_framework, load_consultation
from ahpfw.consult.ingest import ingest
from ahpfw.consult.template import build_form, render

FOLDER = Path(__file__).resolve().parent / "2024-draft"
SEED = 2024
RESPONDENTS = 90
CSV_EVERY = 15  # every 15th respondent uses the CSV form

PROFESSIONS = {  # invented weights: no source gives the professions of AHP educators
    "Physiotherapists": 24, "Occupational therapists": 20, "Speech and language therapists": 12,
    "Dietitians": 10, "Radiographers (diagnostic and therapeutic)": 10, "Podiatrists (chiropodists)": 5,
    "Paramedics": 5, "Operating department practitioners": 3, "Orthoptists": 2, "Prosthetists and orthotists": 2,
    "Art therapists": 1, "Dramatherapists": 1, "Music therapists": 1, "Osteopaths": 1, "Other": 3,
}
STAGES = {"Supporting learning": 20, "Practice educator": 35, "Education lead": 30, "Expert practice in education": 15}
ROLES = {  # the roles people at each career stage hold
    "Supporting learning": ["Practitioner supporting learners"],
    "Practice educator": ["Practice educator", "Practice education facilitator"],
    "Education lead": ["AHP education lead for an organisation", "Lecturer-practitioner",
                       "AHP education workforce fellow"],
    "Expert practice in education": ["Pan-system AHP education lead", "Consultant AHP educator"],
}
ORGANISATIONS = {"nhs_trust": 70, "primary_care": 10, "higher_education": 10, "independent_sector": 4,
                 "social_care": 3, "voluntary_sector": 1, "other_organisation": 2}
REGIONS = {"london": 35, "south_east": 10, "east_of_england": 9, "midlands": 12, "north_west": 10,
           "north_east_and_yorkshire": 10, "south_west": 8, "wales": 2, "scotland": 2, "northern_ireland": 2}
EDUCATION_TIME = {"part_time": 65, "full_time": 27, "no_protected_time": 8}  # survey: "65% roles part time"
BARRIERS = {  # the survey's barriers; the weights are invented (it does not rank them)
    "Clinical pressures": 34, "No funding": 20, "Poor engagement": 10,
    "Education not seen as a priority": 16, "Resistance from AHP leads and stakeholders": 6,
    "High administrative burden": 14,
}
NEEDS = {  # the survey's learning needs; the weights are invented
    "Project management": 14, "Pedagogy": 16, "Coaching and mentoring": 12, "Leadership": 12,
    "Digital capability": 14, "Quality improvement": 12, "Negotiation and influencing": 10,
    "Business cases and budgeting": 10,
}

#: Planted themes: element id -> (mean agreement, chance of a comment, comments to pick from).
THEMES = {
    "ahpfw:PRIN-0003": (2.7, 0.45, [
        "The framework does not yet show a career pathway: how do I move from practice educator to lead?",
        "Career routes are described but there is no pathway with entry points and progression.",
        "Needs a clearer route to expert practice in education, like the clinical academic pathway.",
    ]),
    "ahpfw:CAP-0031": (2.8, 0.4, [
        "Building careers in education needs to say how posts are created, not just how people progress.",
        "Very few substantive education posts exist, so this capability reads as aspirational.",
        "Link this to a real career pathway with example posts at each stage.",
    ]),
    "ahpfw:PRIN-0004": (3.0, 0.45, [
        "Protected time is the key issue: most of us do education on top of a full clinical job.",
        "Most education roles are part time (mine is 0.6 WTE) and not substantive; say so.",
        "Protected time should be a standard, not a hope. Education is squeezed by clinical pressures.",
    ]),
    "ahpfw:CAP-0020": (3.1, 0.35, [
        "Quality improvement should be embedded from the outset, at every stage, not only for leads.",
        "QI appears late; new educators should learn to evaluate and improve from day one.",
        "Add QI to the practice educator descriptors too.",
    ]),
    "ahpfw:CAP-0029": (3.2, 0.35, [
        "Pan-system roles are needed to co-ordinate workstreams across trusts; the framework barely mentions them.",
        "Working across the ICS is where education leads spend their time; give it more weight.",
        "Some of us cover up to 20 workstreams across organisations: this needs its own descriptors.",
    ]),
    "ahpfw:CAP-0024": (3.2, 0.3, [
        "Much of my education time goes on administration: placement timetables, paperwork, audits.",
        "This overlaps with managing education projects (4.3); could they be one capability?",
        "It should be about freeing educators from admin, not doing admin efficiently.",
    ]),
    "ahpfw:CAP-0010": (3.5, 0.25, [
        "Career conversations belong with careers and development, not under supervision.",
        "Who has the career conversation with the educator? Put this with the career pathway.",
    ]),
    "ahpfw:CAP-0004": (3.3, 0.3, [
        "The digital descriptors are too basic for 2024: think simulation, virtual placements, online assessment.",
        "Digital capability is a big learning need for educators; expand this.",
        "Mention technology-enhanced learning and digital placements.",
    ]),
}
#: Suggested wordings made-up respondents type into the form, by respondent number (no random draw, so the rest
#: of the sample is the same with or without them). decisions.yaml accepts three of them; they are the wordings
#: version 0.2.0 uses, which `ahpfw consult apply` writes into the framework.
SUGGESTIONS = {
    12: {"ahpfw:CAP-0020": "Asks learners what helped them, notices what could be better and tries a small, planned "
                           "change, checking afterwards whether it made a difference."},
    33: {"ahpfw:CAP-0029": "Leads an education workstream shared by several organisations, such as placement "
                           "expansion or preceptorship, and represents their organisation in education networks and "
                           "integrated care system groups."},
    48: {"ahpfw:CAP-0021": "Managing education projects and resources"},
    64: {"ahpfw:PRIN-0004": "Educators have protected time for education written into their job plans."},
}
GENERAL_COMMENTS = [
    "Clear and useful.", "Agree with this.", "Good, but examples would help.",
    "The wording is quite long; could it be simpler?", "Works well for my profession.",
    "Helpful for appraisal conversations.", "Hard to evidence at the earlier stages.",
    "Good to see this recognised, especially in A&E and acute settings.",
]
MISSING = [
    "A clear career pathway with example posts.", "Support for educators' own wellbeing and supervision.",
    "Funding: who pays for protected time?", "More on digital and simulation-based education.",
    "How the framework links to the Career Framework for Health levels.", "Nothing obvious.",
]
OTHER = [
    "Thank you for sharing the draft for comment.", "Please keep it short enough to use in practice.",
    "It would help to have a self-assessment tool alongside it.", "Looking forward to the next iteration.",
]


def pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def agreement(rng: random.Random, centre: float, bias: float) -> int:
    return max(1, min(5, round(rng.gauss(centre + bias, 0.8))))


def respondent(rng: random.Random, fw, labels: dict[str, dict[str, str]]) -> dict:
    """One made-up respondent's answers, by form key."""
    stage = pick(rng, STAGES)
    bias = rng.gauss(0, 0.45)
    ratings, comments = {}, {}
    for element in form.rated_elements(fw):
        centre, chance, texts = THEMES.get(element.id, (3.9, 0.05, GENERAL_COMMENTS))
        if rng.random() < 0.88:
            ratings[element.id] = agreement(rng, centre, bias)
        if rng.random() < chance:
            comments[element.id] = rng.choice(texts)
    about = {
        "educator_role": rng.choice(ROLES[stage]), "profession": pick(rng, PROFESSIONS),
        "organisation_type": labels["organisation_type"][pick(rng, ORGANISATIONS)],
        "region": labels["region"][pick(rng, REGIONS)], "career_stage": stage,
        "education_time": labels["education_time"][pick(rng, EDUCATION_TIME)],
    }
    for key in list(about):
        if rng.random() < 0.04:  # a few people skip a question
            del about[key]
    answers = {"ahpfw:Q-0001": agreement(rng, 2.6, bias), "ahpfw:Q-0002": agreement(rng, 3.6, bias),
               "ahpfw:Q-0003": pick(rng, BARRIERS), "ahpfw:Q-0004": pick(rng, NEEDS)}
    if rng.random() < 0.4:
        answers["ahpfw:Q-0005"] = rng.choice(MISSING)
    if rng.random() < 0.25:
        answers["ahpfw:Q-0006"] = rng.choice(OTHER)
    return {"ratings": ratings, "comments": comments, "about": about, "answers": answers}


def fill_xlsx(blank: bytes, answers: dict, out: Path) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(blank))
    columns = {name: {key: i + 1 for i, (key, _) in enumerate(form.COLUMNS[name])} for name in form.COLUMNS}

    def rows(name: str) -> dict[str, int]:
        ws = wb[name]
        return {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}

    ws, at = wb[form.ELEMENTS], rows(form.ELEMENTS)
    for element, value in answers["ratings"].items():
        ws.cell(row=at[element], column=columns[form.ELEMENTS]["agreement"], value=value)
    for element, text in answers["comments"].items():
        ws.cell(row=at[element], column=columns[form.ELEMENTS]["comment"], value=text)
    for element, text in answers.get("suggestions", {}).items():
        ws.cell(row=at[element], column=columns[form.ELEMENTS]["suggested_wording"], value=text)
    ws, at = wb[form.ABOUT], rows(form.ABOUT)
    for key, value in answers["about"].items():
        ws.cell(row=at[key], column=columns[form.ABOUT]["answer"], value=value)
    ws, at = wb[form.QUESTIONS], rows(form.QUESTIONS)
    for key, value in answers["answers"].items():
        ws.cell(row=at[key], column=columns[form.QUESTIONS]["answer"], value=value)
    wb.save(out)


def fill_csv(blank: bytes, answers: dict, out: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(blank.decode("utf-8-sig"))))
    for row in rows:
        key = row["key"]
        if row["section"] == "framework":
            row["agreement"] = str(answers["ratings"].get(key, ""))
            row["comment"] = answers["comments"].get(key, "")
            row["suggested_wording"] = answers.get("suggestions", {}).get(key, "")
        elif row["section"] == "about_you":
            row["answer"] = answers["about"].get(key, "")
        elif row["section"] == "questions":
            row["answer"] = str(answers["answers"].get(key, ""))
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=form.CSV_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replace", action="store_true", help="delete the stored sample responses first")
    args = parser.parse_args()
    consultation = load_consultation(FOLDER)
    if not consultation.synthetic:
        sys.exit(f"{FOLDER}: consultation.yaml is not marked 'synthetic: true'; refusing to add made-up data")
    if any(consultation.responses_dir.glob("*.yaml")):
        if not args.replace:
            sys.exit(f"{consultation.responses_dir} already holds responses; use --replace to make them again")
        shutil.rmtree(consultation.responses_dir)
    fw = consulted_framework(consultation)
    labels = {f.key: {c.value: c.label for c in f.choices} for f in form.respondent_fields(fw)}
    blank = {fmt: render(build_form(fw, consultation), fmt) for fmt in ("xlsx", "csv")}
    rng = random.Random(SEED)
    opens = date.fromisoformat(consultation.opens)
    stored, refused = 0, []
    with tempfile.TemporaryDirectory() as tmp:
        files: list[Path] = []
        for n in range(1, RESPONDENTS + 1):
            fmt = "csv" if n % CSV_EVERY == 0 else "xlsx"
            path = Path(tmp) / f"response-{n:03d}.{fmt}"
            answers = respondent(rng, fw, labels)
            answers["suggestions"] = SUGGESTIONS.get(n, {})
            (fill_csv if fmt == "csv" else fill_xlsx)(blank[fmt], answers, path)
            files.append(path)
        resent = Path(tmp) / "response-007-resent.xlsx"  # the same answers sent twice
        shutil.copy(files[6], resent)
        files.insert(40, resent)
        broken = Path(tmp) / "response-broken.xlsx"  # a 6 on the 1-5 scale: refused, nothing stored
        bad = respondent(rng, fw, labels)
        bad["ratings"]["ahpfw:CAP-0001"] = 6
        fill_xlsx(blank["xlsx"], bad, broken)
        files.insert(60, broken)
        weeks = 12
        per_week = -(-len(files) // weeks)
        for week in range(weeks):
            batch = files[week * per_week:(week + 1) * per_week]
            result = ingest(consultation, fw, batch, (opens + timedelta(weeks=week, days=4)).isoformat())
            stored += len(result.stored)
            refused += [str(p) for p in result.problems]
            for path, rid in result.duplicates:
                print(f"{path.name}: duplicate of {rid}, not stored")
    for line in refused:
        print(line.replace(tmp + "/", ""))
    print(f"{stored} synthetic responses stored in {consultation.responses_dir}")
    return 0 if stored == RESPONDENTS and len(refused) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
