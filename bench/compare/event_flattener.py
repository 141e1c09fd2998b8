"""NDJSON events (vigil gen) to the flat rows the peers load, and the query targets.

One pass over the events writes two tab-separated files in the text format
both ClickHouse (TabSeparated) and PostgreSQL (COPY ... FROM STDIN) read:
  pg.tsv  time as RFC 3339 text (PostgreSQL's timestamptz),
  ch.tsv  time as epoch milliseconds (ClickHouse 18.16 has no DateTime64;
          SQLite stores the same integers and reads this file),
and picks the reference mix's targets exactly as vigil-http-load's
PickTargets does (bench/http_load.cc), so every engine, Vigil included, is
asked the same questions.
"""

import datetime
import json

# Column order of the files and of the tables in the .sql files.
COLUMNS = [
    "id", "time", "tenant", "environment", "workspace_id", "workspace_name",
    "action", "category", "operation", "status",
    "actor_id", "actor_name", "actor_email", "actor_type", "actor_role", "actor_status",
    "target_type", "target_id", "target_name",
    "target_parent_type", "target_parent_id", "target_parent_name",
    "ip", "user_agent", "method", "path", "duration_ms", "request_id", "session_id",
    "description", "metadata", "changes", "resources",
]
TIME_COLUMN = COLUMNS.index("time")
DURATION_COLUMN = COLUMNS.index("duration_ms")
NULL = "\\N"


def _escape(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _json_text(v):
    if v is None:
        return ""
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


_day_ms = {}


def epoch_ms(t):
    """RFC 3339 (vigil gen writes YYYY-MM-DDTHH:MM:SS.mmmZ) to epoch milliseconds."""
    if len(t) == 24 and t[23] == "Z" and t[19] == ".":
        d = _day_ms.get(t[:10])
        if d is None:
            d = (datetime.date.fromisoformat(t[:10]).toordinal() - 719163) * 86400000
            _day_ms[t[:10]] = d
        return d + int(t[11:13]) * 3600000 + int(t[14:16]) * 60000 + int(t[17:19]) * 1000 + int(t[20:23])
    dt = datetime.datetime.fromisoformat(t.replace("Z", "+00:00"))
    return int(round(dt.timestamp() * 1000))


def flatten(e):
    """One event as the list of column values (strings; duration may be NULL).

    Absent strings are empty; status defaults to success as Vigil's does.
    """
    ws = e.get("workspace") or {}
    actor = e.get("actor") or {}
    target = e.get("target") or {}
    parent = target.get("parent") or {}
    ctx = e.get("context") or {}
    duration = ctx.get("duration_ms")
    return [
        e.get("id", ""), e["time"], e.get("tenant", ""), e.get("environment", ""),
        ws.get("id", ""), ws.get("name", ""),
        e.get("action", ""), e.get("category", ""), e.get("operation", ""),
        e.get("status", "success"),
        actor.get("id", ""), actor.get("name", ""), actor.get("email", ""),
        actor.get("type", ""), actor.get("role", ""), actor.get("status", ""),
        target.get("type", ""), target.get("id", ""), target.get("name", ""),
        parent.get("type", ""), parent.get("id", ""), parent.get("name", ""),
        ctx.get("ip", ""), ctx.get("user_agent", ""), ctx.get("method", ""), ctx.get("path", ""),
        NULL if duration is None else repr(duration),
        ctx.get("request_id", ""), ctx.get("session_id", ""),
        e.get("description", ""),
        _json_text(e.get("metadata")), _json_text(e.get("changes")), _json_text(e.get("resources")),
    ]


def _ranked(counts):
    """Keys by count descending, then key ascending (PickTargets' order)."""
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


class TargetPicker:
    """PickTargets of bench/http_load.cc: samples every 7th event."""

    def __init__(self):
        self.i = 0
        self.tenants = {}
        self.emails = {}  # tenant -> email -> n
        self.ips = {}

    def add(self, e):
        i = self.i
        self.i += 1
        if i % 7:
            return
        tenant = e.get("tenant", "")
        email = (e.get("actor") or {}).get("email", "")
        ip = (e.get("context") or {}).get("ip", "")
        self.tenants[tenant] = self.tenants.get(tenant, 0) + 1
        if email:
            per = self.emails.setdefault(tenant, {})
            per[email] = per.get(email, 0) + 1
        if ip:
            self.ips[ip] = self.ips.get(ip, 0) + 1

    def targets(self):
        tr = _ranked(self.tenants)
        tenant = tr[0]
        er = _ranked(self.emails.get(tenant, {}))
        er3 = _ranked(self.emails.get(tr[min(2, len(tr) - 1)], {}))
        return {
            "tenant": tenant,
            "user_email": er[min(4, len(er) - 1)],  # 5th most active member of the busiest tenant
            "other_email": er3[len(er3) // 2],  # median member of the 3rd busiest tenant
            "ip": _ranked(self.ips)[0],  # the most frequent client IP
        }


def convert(ndjson, pg_path, ch_path):
    """Reads NDJSON lines from the file object ndjson; returns (events, targets)."""
    picker = TargetPicker()
    n = 0
    with open(pg_path, "w", encoding="utf-8", newline="\n") as pg, \
            open(ch_path, "w", encoding="utf-8", newline="\n") as ch:
        for line in ndjson:
            if not line.strip():
                continue
            e = json.loads(line)
            picker.add(e)
            row = flatten(e)
            if "\\" in line:  # only an escaped JSON string can hold \ tab CR LF
                row = [v if v is NULL else _escape(v) for v in row]
            pg.write("\t".join(row))
            pg.write("\n")
            row[TIME_COLUMN] = str(epoch_ms(e["time"]))
            ch.write("\t".join(row))
            ch.write("\n")
            n += 1
    return n, picker.targets()


_UNESCAPE = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


def _unescape(s):
    out, i = [], 0
    while True:
        j = s.find("\\", i)
        if j < 0:
            out.append(s[i:])
            return "".join(out)
        out.append(s[i:j])
        out.append(_UNESCAPE.get(s[j:j + 2], s[j + 1:j + 2]))
        i = j + 2


def read_rows(ch_path):
    """Rows of ch.tsv as tuples (time an int, duration a float or None), for SQLite."""
    with open(ch_path, encoding="utf-8") as f:
        for line in f:
            v = line.rstrip("\n").split("\t")
            if "\\" in line:
                v = [None if x == NULL else _unescape(x) if "\\" in x else x for x in v]
            else:
                v[DURATION_COLUMN] = None if v[DURATION_COLUMN] == NULL else v[DURATION_COLUMN]
            v[TIME_COLUMN] = int(v[TIME_COLUMN])
            d = v[DURATION_COLUMN]
            if d is not None:
                v[DURATION_COLUMN] = float(d)
            yield v
