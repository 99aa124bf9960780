"""The clinician report: one printable page of self-reported data for a period.

model.py gathers it (`build_report`); markdown.py and html.py draw it (html.py with the
SVG charts of svg.py and both with the shared wording of cells.py); render.py picks one."""
