"""``python -m station_app.bench``: measured figures, each beside a baseline measured in the same
run, and their ratio. Not a test: it prints numbers; the targets live in the issues.

One module per area (``startup``, ``audit``, ``documents``, ``entities``, ``reports``), each a
function returning ``Figure`` values (``bench.base``); ``__main__`` holds the registry
(``BENCHES``) and the command line. ``--json`` prints
``{"figures": [{"name", "value", "unit"}, ...]}``.
"""
