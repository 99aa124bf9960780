"""The reader library: `content/reader/*.md` articles and `glossary.toml`.

- `model`: Article, GlossaryTerm, Library and the vocabulary articles may use
  (KNOWN_ACTIONS, EVIDENCE_LEVELS, REQUIRED_KEYS, DISCLAIMER);
- `parse`: load and validate the folder (`load_library`), one article or the glossary;
- `markdown`: links, headings and slugs, inline markup as reading text;
- `search`: the index and the queries behind `Library.search`;
- `render`: an article as plain text or terminal Markdown for `ebbtide read --print`.

Each article is a Markdown file that starts with TOML front matter between two `+++`
lines (see `REQUIRED_KEYS`). Inside the body, links use these schemes:

- `article:ID` or `article:ID#heading-slug` for another article,
- `glossary:KEY` for a term in `glossary.toml`,
- `action:NAME` for something the app can do (see `KNOWN_ACTIONS`),
- `https://...` (or `http://`) for an external address, which is shown, never opened.

Claims carry an evidence tag, `**[Evidence: label]**`, using `EVIDENCE_LEVELS`.

Everything here is pure: no Textual import, no network.
"""
