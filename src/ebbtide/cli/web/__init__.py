"""`ebbtide serve`: the whole app in a browser on this machine (textual-serve behind a
one-time token). `server` imports textual-serve and aiohttp, so only the serve command
imports it, and only once it runs."""
