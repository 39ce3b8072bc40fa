"""Read an .ics file with the independent Python `icalendar` parser (PyPI) and print
its events as JSON: uid, summary, status, start and end (UTC, RFC 3339), description,
the TZID of DTSTART (null for UTC times) and, for local times, start and end read with
the offsets of the file's own VTIMEZONE (not the parser's zone database)."""
import json
import sys
from datetime import timezone

import icalendar

with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
own = {
    str(tz["TZID"]): tz.to_tz(lookup_tzid=False) for tz in cal.walk("VTIMEZONE")
}


def utc(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def by_own_zone(prop):
    tzid = prop.params.get("TZID")
    if tzid is None:
        return None
    if str(tzid) not in own:
        raise SystemExit(f"TZID {tzid} has no VTIMEZONE")
    local = prop.dt.replace(tzinfo=None)
    return utc(local.replace(tzinfo=own[str(tzid)]))


events = []
for ev in cal.walk("VEVENT"):
    start = ev.get("DTSTART")
    end = ev.get("DTEND")
    events.append({
        "uid": str(ev.get("UID")),
        "summary": str(ev.get("SUMMARY")),
        "status": str(ev.get("STATUS")) if ev.get("STATUS") is not None else None,
        "start": utc(start.dt),
        "end": utc(end.dt),
        "tzid": str(start.params["TZID"]) if "TZID" in start.params else None,
        "start_own": by_own_zone(start),
        "end_own": by_own_zone(end),
        "description": str(ev.get("DESCRIPTION")),
    })
print(json.dumps(events))
