"""Violations and lenient enforcement (违法行为与包容审慎监管): the pure rules. No I/O.

* :mod:`.types` — violation types and the 首违不罚 / 轻微免罚 lists as data with effective
  dates; the seed (国市监法〔2025〕10号 and common local types);
* :mod:`.rules` — sources, harm, rectification, decision kinds and grounds, fines in fen,
  the 24-month window, the list contract and the figures;
* :mod:`.leniency` — the 首违不罚 check: eligible or not, a reason per criterion;
* :mod:`.decisions` — the officer's decision checked, the override reason, numbers, the
  penalties the grade counts.

Design: ``docs/areas/visits.md`` §5–§8.
"""
