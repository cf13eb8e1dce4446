"""govreport: Taiwanese government reports to spans, values and agreement events.

`load()` gives the pipeline for Python use; `extract()` and `extract_many()` read files; the spaCy
components (`nlp.add_pipe("govreport")`) are in govreport.components. Importing govreport loads
nothing heavy: spaCy and the data come with the first of these calls.
"""
__version__ = "0.2.0"

from .api import Govreport, extract, extract_many, load  # noqa: E402

__all__ = ["Govreport", "extract", "extract_many", "load", "__version__"]
