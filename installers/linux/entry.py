"""Entry point of the PyInstaller executables (station-desk and station-app)."""

import sys

from station_app.__main__ import main

sys.exit(main(sys.argv[1:]))
