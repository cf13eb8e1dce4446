"""The typed failure an ingester raises; the batch turns it into an error record."""


class IngestError(Exception):
    """kind is a stable machine-readable word (corrupt, encrypted, no_text_layer, empty, ...)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message
