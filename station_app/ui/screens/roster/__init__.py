"""网格花名册 screen."""
