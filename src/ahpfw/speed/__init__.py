"""The speed machinery: what makes ``validate`` and ``build`` fast on a large framework.

None of it changes a result; each module says what it buys:

- :mod:`.screen` and :mod:`.textscan` find the few texts a rule must look at, at C speed.
- :mod:`.gcpause` pauses the cyclic garbage collector while big acyclic data is made.
- :mod:`.forked` runs part of a build in a forked copy of the process.
"""
