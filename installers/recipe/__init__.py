"""The installer recipe (``installers/build.py``): shared steps, Windows, Debian/UOS."""
