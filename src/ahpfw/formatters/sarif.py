"""SARIF 2.1.0, the format code-scanning tools read."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..problems import Problem, display_path

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def format_problems(problems: Sequence[Problem], **_: object) -> str:
    """One SARIF run with a rule entry for each rule and a result per problem."""
    from .. import __version__
    from ..rules import all_rules

    rules = [{"id": r.code, "name": r.name, "shortDescription": {"text": r.summary},
              "fullDescription": {"text": r.doc.split("\n\n")[0]},
              "defaultConfiguration": {"level": r.severity}} for r in all_rules()]
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for p in problems:
        region = {"startLine": p.location.line, "startColumn": p.location.col or 1} if p.location.line else None
        physical = {"artifactLocation": {"uri": display_path(p.location.path)}}
        if region:
            physical["region"] = region
        result = {"ruleId": p.code, "level": p.severity, "message": {"text": p.message},
                  "locations": [{"physicalLocation": physical}]}
        if p.code in index:
            result["ruleIndex"] = index[p.code]
        results.append(result)
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0",
           "runs": [{"tool": {"driver": {"name": "ahpfw", "version": __version__,
                                          "informationUri": "https://w3id.org/ahpfw", "rules": rules}},
                     "results": results}]}
    return json.dumps(log, indent=2, ensure_ascii=False)
