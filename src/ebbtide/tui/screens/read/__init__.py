"""Read: the library list, articles, search, glossary and links."""
