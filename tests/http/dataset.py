"""A small deterministic dataset of audit events for the HTTP tests.

Tenants `acme` and `beta` share actions, actors, workspaces and environments
(so a leak would show up as a wrong count, not only as a foreign value);
`beta` also has values of its own (`beta.secret.*` actions, the actor
`mallory@beta.example`, workspace `ws_beta`, the word `betamarker` in its
descriptions and metadata) that no `acme` credential may ever see.

All times fall in [FROM, TO); every event has a fixed client id.
"""
import datetime

FROM = "2026-11-01T00:00:00Z"
TO = "2026-11-21T00:00:00Z"
_BASE = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)

ACTIONS = ["app.create", "app.update", "app.delete", "user.login", "user.login.failed",
           "datasource.create", "flow.execute", "member.invite"]
ENVIRONMENTS = ["production", "staging", "development"]
WORKSPACES = [("ws_1", "Marketing"), ("ws_2", "Sales"), ("ws_3", "Operations")]
ACTORS = [("u_1", "Ada Lovelace", "ada@example.com", "admin"),
          ("u_2", "Grace Hopper", "grace@example.com", "editor"),
          ("u_3", "Alan Turing", "alan@example.com", "viewer")]
METHODS = ["GET", "POST", "PUT", "DELETE"]


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def time_of(i, tenant):
    # Spread over 20 days, the two tenants interleaved; never two events at one ms.
    minutes = (i * 97 + (0 if tenant == "acme" else 41)) % (20 * 24 * 60)
    ms = i % 500 + (0 if tenant == "acme" else 500)
    return _BASE + datetime.timedelta(minutes=minutes, milliseconds=ms)


def make_event(tenant, i):
    ws = WORKSPACES[i % 3]
    actor = ACTORS[(i // 3) % 3]
    e = {
        "id": f"{tenant}-{i:04d}",
        "time": iso(time_of(i, tenant)),
        "tenant": tenant,
        "environment": ENVIRONMENTS[(i // 2) % 3],
        "workspace": {"id": ws[0], "name": ws[1]},
        "action": ACTIONS[(i * 5) % len(ACTIONS)],
        "status": "error" if i % 7 == 3 else "success",
        "actor": {"id": actor[0], "name": actor[1], "email": actor[2], "role": actor[3]},
        "target": {"type": "app", "id": f"app_{i % 11}", "name": f"App {i % 11}"},
        "context": {"ip": f"203.0.113.{i % 250 + 1}", "method": METHODS[i % 4],
                    "path": f"/api/apps/app_{i % 11}", "duration_ms": (i * 13) % 2000},
        "description": f"Event {i} of {tenant}",
        "metadata": {"n": i, "tenant_marker": f"{tenant}marker"},
    }
    if tenant == "beta" and i % 4 == 0:
        # Values only beta has.
        e["action"] = "beta.secret.read"
        e["actor"] = {"id": "u_mallory", "name": "Mallory", "email": "mallory@beta.example",
                      "role": "spy"}
        e["workspace"] = {"id": "ws_beta", "name": "Beta Only"}
    if tenant == "beta":
        e["description"] += " betamarker"
    return e


def events(tenant, n):
    return [make_event(tenant, i) for i in range(n)]


def standard():
    """acme: 240 events, beta: 200 events."""
    return events("acme", 240) + events("beta", 200)


def matches(e, tenant=None, environment=None, environments=None, workspace=None, actor=None):
    """Whether event e passes a credential's restrictions (a Python model of
    the server's fixed filters)."""
    if tenant is not None and e["tenant"] != tenant:
        return False
    env = e.get("environment", "production")
    if environment is not None and env != environment:
        return False
    if environments is not None and env not in environments:
        return False
    if workspace is not None:
        w = e.get("workspace") or {}
        if workspace not in (w.get("id"), w.get("name")):
            return False
    if actor is not None:
        a = e.get("actor") or {}
        if actor not in (a.get("id"), a.get("email"), a.get("name")):
            return False
    return True
