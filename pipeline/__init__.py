"""govreport: Taiwanese government reports to spans, values and agreement events.

`load()` gives the pipeline for Python use; `extract()` and `extract_many()` read files; the spaCy
components (`nlp.add_pipe("govreport")`) are in govreport.components. Importing govreport loads
nothing heavy: spaCy and the data come with the first of these calls.
"""
__version__ = "0.2.0"

__all__ = ["Govreport", "extract", "extract_many", "load", "__version__"]


def __getattr__(name: str):
    """The API, imported on first use: `govreport` the command takes Ctrl-C over before it imports anything."""
    if name in __all__:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'govreport' has no attribute {name!r}")
