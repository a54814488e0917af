"""Business refusal raised by route handlers."""


class EmagError(Exception):
    """A refusal answered as ``{"isError": true, "messages": [...]}``.

    ``status`` is the HTTP status (200 for almost every business error, §1.4);
    ``body`` overrides the envelope (REST routes such as offer_stock).
    """

    def __init__(self, messages, status=200, body=None, results=None):
        if isinstance(messages, str):
            messages = [messages]
        super().__init__("; ".join(messages))
        self.messages = list(messages)
        self.status = status
        self.body = body
        self.results = [] if results is None else results
