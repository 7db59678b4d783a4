"""Station desk (基层市场监管所工作台)."""

__version__ = "0.1.0"
APP_NAME = "StationDesk"
APP_TITLE = "基层市场监管所工作台"
