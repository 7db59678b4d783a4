"""The attack suites (marked slow; CI runs them): fixed seeds, counted outcomes."""
