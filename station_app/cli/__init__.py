"""Command line: thin argparse subcommands over the same services the GUI uses."""
