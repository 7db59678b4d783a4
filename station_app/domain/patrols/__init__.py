"""Patrols and inspections (日常巡查) planned from the A–D grade: the pure rules. No I/O.

* :mod:`.rules` — patrol rules per grade as versioned data (who, what kind, how often, which
  days, which checklist) and the Feicheng defaults;
* :mod:`.schedule` — windows of a frequency on the working calendar, spreading a grid's
  entities over its people and days in street order;
* :mod:`.plan` — generating and regenerating a plan (the reference the SQL is held to);
* :mod:`.checklists` — checklist templates per industry, versions, answers and findings;
* :mod:`.records` — visits: kinds, sources, results, inspectors, the entity's status;
* :mod:`.hazards` — categories, severities, rectification and the re-check state machine;
* :mod:`.samplings` — 抽检 results;
* :mod:`.coverage` — the coverage figures and their printed definitions;
* :mod:`.entry` — a filled paper sheet's rows (batch entry, XLSX import);
* :mod:`.lists` — the list contract (columns and filters).

Design: ``docs/areas/patrols.md``.
"""
