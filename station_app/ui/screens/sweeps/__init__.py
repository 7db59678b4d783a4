"""扫街纳管 screen."""
