"""Server defaults shared by the command and the app (kept apart so the command loads no web stack)."""

DEFAULT_HOST = "127.0.0.1"  # this machine only; another address must be asked for
DEFAULT_PORT = 8000
DEFAULT_MAX_BODY = 1_000_000  # bytes in a request body
API_PREFIX = "/api/v1"
DEFAULT_CACHE_ENTRIES = 2000  # GET answers kept until the next write
