"""Read an .ics file with the independent Python `icalendar` parser (PyPI) and print
its events as JSON: uid, summary, status, start and end (UTC, RFC 3339), description."""
import json
import sys
from datetime import timezone

import icalendar

with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())
events = []
for ev in cal.walk("VEVENT"):
    start = ev.decoded("DTSTART")
    end = ev.decoded("DTEND")
    events.append({
        "uid": str(ev.get("UID")),
        "summary": str(ev.get("SUMMARY")),
        "status": str(ev.get("STATUS")) if ev.get("STATUS") is not None else None,
        "start": start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end": end.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "description": str(ev.get("DESCRIPTION")),
    })
print(json.dumps(events))
