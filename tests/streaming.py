"""Reading a streamed response (the DataFeed) the way a client does: every piece, in order."""

import json


def streamed_json(response):
    """The whole body of a streamed JSON response, parsed."""
    assert response.streaming, "expected a streamed response"
    return json.loads(b"".join(response.streaming_content))
