from tests.mailservers import notify_server, smtp_server

__all__ = ["notify_server", "smtp_server"]
