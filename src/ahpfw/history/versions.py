"""The package's version and the version of the framework it ships.

The package is versioned by its data, as SPDX versions its license-list-data by
the license list (tag ``vX.Y.Z``: ``X.Y`` the list's version, ``Z`` a patch level
for the data alone). Here the first three numbers of the package version are the
version of the AHP framework the package ships, and an optional fourth number
counts releases that change only the code: ``ahpfw 0.3.0`` ships framework 0.3.0,
``ahpfw 0.3.0.1`` ships the same framework with changed code, and the next
framework release, 0.3.1 or 0.4.0, is the next package version. PEP 440 orders
them as expected (0.3.0 < 0.3.0.1 < 0.3.1).
"""

from __future__ import annotations

import re

_PACKAGE_VERSION = re.compile(r"^(\d+\.\d+\.\d+)(\.\d+)?$")


def framework_version() -> str:
    """The version of the AHP framework the package ships (``version:`` in its ``framework.yaml``)."""
    from ..paths import DEFAULT_NAME, shipped_frameworks
    from ..reading.yamlfile import read_yaml

    data, _ = read_yaml(shipped_frameworks()[DEFAULT_NAME] / "framework.yaml")
    return str(data["version"])


def follows(package_version: str, framework_version: str) -> bool:
    """True when ``package_version`` is ``framework_version``, or it with a fourth number (a code-only release)."""
    found = _PACKAGE_VERSION.match(package_version)
    return found is not None and found.group(1) == framework_version
