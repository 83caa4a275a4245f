"""Every non-trivial read of the committee workspace; import them from here."""

from jahesh.committee.selectors.documents import (
    MINUTES_WRITTEN,
    Minutes,
    Signatory,
    minutes_get,
)
from jahesh.committee.selectors.sessions import (
    UPCOMING,
    CityResolutions,
    Home,
    HostingRow,
    PublicCommittee,
    Seat,
    committee_get,
    committee_home,
    committees_for,
    current_members,
    hosting_history,
    public_committee,
    resolution_board,
    seat_for,
    session_get,
    session_list,
)

__all__ = [
    "MINUTES_WRITTEN",
    "UPCOMING",
    "CityResolutions",
    "Home",
    "HostingRow",
    "Minutes",
    "PublicCommittee",
    "Seat",
    "Signatory",
    "committee_get",
    "committee_home",
    "committees_for",
    "current_members",
    "hosting_history",
    "minutes_get",
    "public_committee",
    "resolution_board",
    "seat_for",
    "session_get",
    "session_list",
]
