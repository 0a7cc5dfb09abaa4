"""Connecting a host's browser panel to the user's site."""

import logging

import sgsession

logger = logging.getLogger(__name__)


def open_session(browser, site=None):
    """Give the browser a session on the named site (None: the default site).

    A missing or broken configuration is shown inside the browser as a message,
    never raised into the host, and gives None.
    """
    try:
        session = sgsession.Session(sgsession.connect(site))
    except sgsession.SessionError as error:
        logger.warning("the browser has no session: %s", error)
        browser.show_message(str(error))
        return None
    browser.set_session(session)
    return session
