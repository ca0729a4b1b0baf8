"""The web app: server-rendered review pages and the JSON API (FastAPI).

`create_app(engine=None, settings=None)` builds it; `claimtrack web` serves it with uvicorn.
"""

from claimtrack.web.app import create_app

__all__ = ["create_app"]
