"""Service visits (走访服务) and annual reports (年报): the pure rules. No I/O.

* :mod:`.rules` — topics, request outcomes and their transitions, team roles and make-up,
  the checks of a visit, its requests and photos;
* :mod:`.lists` — the list contract of visits and requests, the figures and their printed
  definitions (the solve rate);
* :mod:`.annual_reports` — 年报 statuses, the 30 June deadline, the year the grade reads, the
  words of the credit system's list.

Design: ``docs/areas/visits.md``.
"""
