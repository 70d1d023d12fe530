"""The project's exception hierarchy; core.middleware maps each kind to one HTTP status."""


class IOCError(Exception):
    """Base of every error the platform reports to a user."""

    status = 500
    code = "error"

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidInput(IOCError):
    """The request or file is malformed; the message says what and how to fix it."""

    status = 400
    code = "invalid_input"


class NotAuthenticated(IOCError):
    """The caller must sign in or present a token."""

    status = 401
    code = "not_authenticated"


class Forbidden(IOCError):
    """The caller is known but may not do this."""

    status = 403
    code = "forbidden"


class NotFound(IOCError):
    """The thing asked for does not exist (or lies outside the province)."""

    status = 404
    code = "not_found"


class Conflict(IOCError):
    """The action collides with the current state (someone else acted first)."""

    status = 409
    code = "conflict"


class ImportFailed(InvalidInput):
    """A file could not be imported; nothing was written."""

    code = "import_failed"
