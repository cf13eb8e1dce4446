"""govreport: Taiwanese government report PDFs to JSONL spans and agreement events."""
__version__ = "0.1.0"
