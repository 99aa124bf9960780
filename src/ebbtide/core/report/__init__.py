"""The clinician report: one printable page of self-reported data for a period.

model.py gathers it (`build_report`, with changes.py); markdown.py, html.py (with the SVG
charts of svg.py) and pdf.py (fpdf2, imported only when a PDF is made: pdf_layout.py,
pdf_charts.py) draw it, sharing the wording of cells.py; since.py remembers saved reports
for the next one's 'since the last report'; render.py picks a format."""
